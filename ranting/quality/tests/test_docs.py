"""docs/quality.md documents every metric of the catalog, and the catalog is complete."""

from __future__ import annotations

from pathlib import Path

from ranting.quality.catalog import GRADE_LABELS, METRICS
from ranting.quality.metrics import Grade

DOC = Path(__file__).resolve().parents[3] / "docs" / "quality.md"


def test_it_documents_every_metric():
    documented = DOC.read_text()
    assert [spec.code for spec in METRICS if f"`{spec.code}`" not in documented] == []


def test_it_gives_every_metric_a_label_definition_threshold_and_source():
    for spec in METRICS:
        for text in (spec.label, spec.short, spec.definition, spec.threshold, spec.source):
            assert str(text).strip(), spec.code
    assert len({spec.code for spec in METRICS}) == len(METRICS)
    assert set(GRADE_LABELS) == set(Grade)
