"""Gold test: every row of WHO anthro's own output is reproduced exactly (STYLE.md item 8a).

The gold file holds inputs and outputs of `anthro::anthro_zscores()` (R package anthro 1.1.0) for
2,152 rows, including 152 edge rows whose `note` says what they test (see data/README.md). One
pytest item per row; all rows are computed in one vectorised call, as production code does.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ranting.growth import anthro_zscores

GOLD = Path(__file__).parent / "data" / "anthro_reference_public.csv"

# z-scores: both sides are rounded to 2 decimals, so any real disagreement is a multiple of 0.01.
# Half a step tolerates only the binary representation of the CSV text and is equivalent to exact
# equality of the rounded values (the implementation is in fact bit-identical on every row).
TOLERANCE = 0.005
# clenhei and cbmi are unrounded doubles printed by R with 15 significant digits.
RELATIVE_TOLERANCE = 1e-9

NUMERIC_INPUTS = {
    "age": "age_days",
    "weight": "weight_kg",
    "lenhei": "lenhei_cm",
    "headc": "headc_cm",
    "armc": "armc_cm",
    "triskin": "triskin_mm",
    "subskin": "subskin_mm",
}
UNROUNDED = ("clenhei", "cbmi")
ROUNDED = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss")
FLAGS = ("c9mo_flag", "flen", "fwei", "fwfl", "fbmi", "fhc", "fac", "fts", "fss")


def _read_gold() -> list[dict[str, str]]:
    with GOLD.open(newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _read_gold()


def _number(text: str) -> float:
    return math.nan if text in ("", "NA") else float(text)


def _row_id(row: dict[str, str]) -> str:
    return f"{row['id']} {row['note']}".strip()


@pytest.fixture(scope="module")
def computed() -> dict[str, np.ndarray]:
    arguments: dict[str, Any] = {
        name: np.array([_number(row[column]) for row in ROWS])
        for name, column in NUMERIC_INPUTS.items()
    }
    arguments |= {name: [row[name] for row in ROWS] for name in ("sex", "measure", "oedema")}
    return anthro_zscores(**arguments)


def test_it_has_the_whole_gold_file():
    assert len(ROWS) == 2152
    assert len({row["id"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[_row_id(row) for row in ROWS])
def test_it_reproduces_who_anthro(computed: dict[str, np.ndarray], index: int) -> None:
    row = ROWS[index]
    problems = []
    for column in ROUNDED:
        expected, got = _number(row[column]), float(computed[column][index])
        if math.isnan(expected) != math.isnan(got) or abs(got - expected) >= TOLERANCE:
            problems.append(f"{column}: expected {row[column]!r}, got {got!r}")
    for column in FLAGS:
        expected, got = _number(row[column]), float(computed[column][index])
        if not (expected == got or (math.isnan(expected) and math.isnan(got))):
            problems.append(f"{column}: expected {row[column]!r}, got {got!r}")
    for column in UNROUNDED:
        expected, got = _number(row[column]), float(computed[column][index])
        same = (math.isnan(expected) and math.isnan(got)) or math.isclose(
            got, expected, rel_tol=RELATIVE_TOLERANCE
        )
        if not same:
            problems.append(f"{column}: expected {row[column]!r}, got {got!r}")
    if computed["cmeasure"][index] != row["cmeasure"]:
        problems.append(
            f"cmeasure: expected {row['cmeasure']!r}, got {computed['cmeasure'][index]!r}"
        )
    assert problems == []


EDGE_ROWS = [index for index, row in enumerate(ROWS) if row["set"] == "edge"]


def test_it_gives_each_edge_row_alone_the_same_result_as_in_the_batch(computed):
    for index in EDGE_ROWS:
        row = ROWS[index]
        alone = anthro_zscores(
            sex=row["sex"],
            measure=row["measure"],
            oedema=row["oedema"],
            **{name: _number(row[column]) for name, column in NUMERIC_INPUTS.items()},
        )
        for key, values in alone.items():
            if key in ("cmeasure", "reason"):
                assert values[0] == computed[key][index], (_row_id(row), key)
            else:
                np.testing.assert_array_equal(values[0], computed[key][index], err_msg=key)


def test_it_accepts_the_gold_inputs_as_raw_csv_text(computed):
    """The same rows given as the CSV's text (blank = missing) give identical results."""
    arguments: dict[str, Any] = {
        name: [row[column] for row in ROWS] for name, column in NUMERIC_INPUTS.items()
    }
    arguments |= {name: [row[name] for row in ROWS] for name in ("sex", "measure", "oedema")}
    from_text = anthro_zscores(**arguments)
    for key in computed:
        if key in ("cmeasure", "reason"):
            assert list(from_text[key]) == list(computed[key]), key
        else:
            np.testing.assert_array_equal(from_text[key], computed[key], err_msg=key)
