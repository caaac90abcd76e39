"""Nothing is ever hard-deleted from the UI: no view deletes, and every UI path keeps every row."""

import ast
from pathlib import Path

import pytest
from django.db.models.signals import post_delete
from django.urls import reverse

from ranting.audit.models import LogEntry
from ranting.audit.tracking import REGION_PATHS
from ranting.children.models import Child, ChildTransfer
from ranting.children.tests.conftest import child_data
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps.models import MonthlyReport, ReportEvent

PACKAGE = Path(__file__).resolve().parents[2]
KEPT = [Child, ChildTransfer, Measurement, MeasurementRevision, MonthlyReport, ReportEvent]


def _ui_modules():
    """Every module that answers a request: views, API routes and their helpers."""
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name.startswith("views") or "views" in parts or parts[:2] == ("api", "routes"):
            yield path


def _delete_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "delete"
    ]


def test_it_finds_the_view_modules():
    names = {str(p.relative_to(PACKAGE)) for p in _ui_modules()}
    assert {"children/views.py", "measurements/views.py", "recaps/views.py"} <= names


def test_it_has_no_delete_call_in_any_view():
    found = {
        str(p.relative_to(PACKAGE)): lines for p in _ui_modules() if (lines := _delete_calls(p))
    }
    assert found == {}


@pytest.fixture
def deletions():
    seen = []

    def _record(sender, instance, **kwargs):
        # Sessions (sign-in) and derived caches may be replaced; recorded data may not.
        if sender in REGION_PATHS:
            seen.append(f"{sender.__name__} {instance.pk}")

    post_delete.connect(_record, weak=False, dispatch_uid="test-no-hard-delete")
    yield seen
    post_delete.disconnect(dispatch_uid="test-no-hard-delete")


def _counts():
    return {model.__name__: model.objects.count() for model in KEPT}


def test_it_keeps_every_row_through_the_whole_monthly_cycle(people, login, regions, deletions):
    kader = login(people["kader"])
    kader.post(reverse("children:create"), child_data(posyandu=regions["posyandu_a"].pk))
    child = Child.objects.get()
    base = {"name": "Budi", "sex": "L", "birth_date": "2024-03-15", "mother_name": "Siti"}
    kader.post(reverse("children:edit", args=[child.pk]), base)
    weigh = {"measured_on": "2025-05-10", "weight_kg": "9,0"}
    kader.post(reverse("measurements:create", args=[child.pk]), weigh)
    may = Measurement.objects.get()
    fix = {**weigh, "weight_kg": "9,2", "reason": "salah ketik"}
    kader.post(reverse("measurements:correct", args=[may.pk]), fix)
    report_args = [regions["posyandu_a"].pk, "2025-05"]
    kader.post(reverse("recaps:submit", args=report_args))
    admin = login(people["admin_kelurahan"])
    admin.post(reverse("recaps:return", args=report_args), {"comment": "cek berat"})
    login(people["kader"]).post(reverse("recaps:submit", args=report_args))
    admin = login(people["admin_kelurahan"])
    admin.post(reverse("recaps:approve", args=report_args), {"note": ""})
    admin.post(reverse("recaps:reopen", args=report_args), {"reason": "koreksi"})
    kader = login(people["kader"])
    kader.post(
        reverse("children:move", args=[child.pk]), {"to_posyandu": regions["posyandu_a2"].pk}
    )
    kader.post(reverse("children:deactivate", args=[child.pk]), {"reason": "pindah kota"})
    kader.post(reverse("children:reactivate", args=[child.pk]))
    before = _counts()
    # Every object page refuses the DELETE method.
    for url in [
        reverse("children:detail", args=[child.pk]),
        reverse("children:edit", args=[child.pk]),
        reverse("measurements:result", args=[may.pk]),
        reverse("measurements:correct", args=[may.pk]),
        reverse("recaps:detail", args=report_args),
    ]:
        assert kader.delete(url).status_code == 405

    assert _counts() == before
    assert before == {
        "Child": 1,
        "ChildTransfer": 1,
        "Measurement": 1,
        "MeasurementRevision": 1,
        "MonthlyReport": 1,
        "ReportEvent": 5,  # submitted, returned, submitted, approved, reopened
    }
    assert deletions == []
    assert not LogEntry.objects.filter(action=LogEntry.Action.DELETE).exists()
    assert MonthlyReport.objects.get().status == "returned"
    assert Child.objects.get().is_active


def test_it_records_a_delete_made_outside_the_ui(make_child, people):
    # Only a shell or the Django admin could do this; the entry keeps the region it was in.
    from ranting.audit.tests.conftest import entries_for, regions_of

    child = make_child()
    pk = child.pk
    child.delete()
    child.pk = pk
    entry = entries_for(child)[-1]
    assert entry.action == LogEntry.Action.DELETE
    assert regions_of(entry) == ["32.75.06.1001"]
