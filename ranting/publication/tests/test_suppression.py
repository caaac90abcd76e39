"""Small-cell suppression: the primary rule and complementary cells, computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranting.publication.suppression import Cell, Rule, check_sums, is_protected, suppress

RULE = Rule(min_denominator=10, min_numerator=5)


def table(kel: dict[str, list[tuple[str, int, int]]]) -> Cell:
    """kota "K" over kecamatan (keys) over kelurahan (code, n, d); totals summed here."""
    kecs = []
    for code, parts in kel.items():
        cells = [Cell(c, n, d) for c, n, d in parts]
        kecs.append(Cell(code, sum(c.n for c in cells), sum(c.d for c in cells), cells))
    return Cell("K", sum(c.n for c in kecs), sum(c.d for c in kecs), kecs)


@pytest.mark.parametrize(
    ("n", "d", "hidden"),
    [
        (0, 0, False),  # nobody assessed: "–", nothing to hide
        (0, 9, True),  # denominator below 10
        (9, 9, True),
        (0, 10, False),  # zero is published
        (1, 10, True),
        (4, 100, True),
        (5, 10, False),
        (10, 10, False),
    ],
)
def test_it_hides_small_numerators_and_denominators(n, d, hidden):
    assert RULE.is_primary(n, d) is hidden


def test_it_hides_a_partner_in_the_same_kecamatan():
    # Kelurahan A1 3/12 is small; its kecamatan total 9/32 and A2 6/20 would give it away.
    root = table({"A": [("A1", 3, 12), ("A2", 6, 20)], "B": [("B1", 0, 10)]})
    assert suppress(root, RULE) == {"A1", "A2"}


def test_it_climbs_to_the_kota_when_a_kecamatan_has_one_kelurahan():
    # B1 2/10 is small, and kecamatan B equals it. At the kota level B is then the only hidden
    # kecamatan, so A (5/32) is hidden too; inside A the partner with the smallest non-zero
    # numerator (A2, 5/20) is taken rather than the zero cell A1 (0/12).
    root = table({"A": [("A1", 0, 12), ("A2", 5, 20)], "B": [("B1", 2, 10)]})
    assert suppress(root, RULE) == {"B1", "B", "A", "A2"}


def test_it_prefers_the_smallest_nonzero_partner():
    root = table({"A": [("A1", 2, 40), ("A2", 0, 30), ("A3", 9, 50), ("A4", 7, 60)]})
    # A1 is small; partners by numerator, zero last: A4 (7) before A3 (9) before A2 (0).
    assert suppress(root, RULE) == {"A1", "A4"}


def test_it_hides_the_total_when_a_part_has_no_shown_sibling():
    # A2 assessed nobody: A's total equals A1, so the total goes; then the kota needs a partner.
    root = table({"A": [("A1", 3, 15), ("A2", 0, 0)], "B": [("B1", 8, 40), ("B2", 6, 30)]})
    hidden = suppress(root, RULE)
    assert hidden == {"A1", "A", "B", "B2"}
    assert is_protected(root, hidden)


def test_it_leaves_a_table_without_small_cells_alone():
    root = table({"A": [("A1", 5, 12), ("A2", 0, 20)], "B": [("B1", 0, 10)]})
    assert suppress(root, RULE) == set()


def test_it_follows_a_configured_threshold():
    root = table({"A": [("A1", 6, 30), ("A2", 8, 30)]})
    assert suppress(root, Rule(min_denominator=10, min_numerator=5)) == set()
    assert suppress(root, Rule(min_denominator=10, min_numerator=7)) == {"A1", "A2"}


def test_it_refuses_a_table_that_does_not_add_up():
    root = Cell("K", 5, 20, [Cell("A", 3, 10), Cell("B", 1, 10)])
    with pytest.raises(ValueError):
        check_sums(root)


kelurahan = st.tuples(st.integers(0, 60)).flatmap(
    lambda d: st.tuples(st.integers(0, d[0]), st.just(d[0]))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(kelurahan, min_size=1, max_size=6), min_size=1, max_size=12))
def test_no_hidden_value_follows_from_the_totals(kecamatans):
    root = table(
        {
            f"C{i}": [(f"C{i}L{j}", n, d) for j, (n, d) in enumerate(parts)]
            for i, parts in enumerate(kecamatans)
        }
    )
    hidden = suppress(root, RULE)
    # Every primary cell is hidden, and no sum has exactly one hidden non-empty cell.
    cells = [root, *root.parts, *(p for kec in root.parts for p in kec.parts)]
    assert {c.key for c in cells if RULE.is_primary(c.n, c.d)} <= hidden
    assert is_protected(root, hidden)
    # Only cells with children assessed are ever hidden.
    assert all(c.d > 0 for c in cells if c.key in hidden)
    assert determined_cells(root, hidden) == set()


def determined_cells(root: Cell, hidden: set[str]) -> set[str]:
    """Hidden cells whose value linear algebra recovers from the published sums.

    Unknowns: the hidden numerators. Each total = Σ parts is one linear equation in them. A
    hidden value is determined exactly when its unit vector lies in the row space of the
    equations (adding it as a row does not raise the rank).
    """
    keys = sorted(hidden)
    if not keys:
        return set()
    index = {key: i for i, key in enumerate(keys)}
    rows = []
    totals = [c for c in (root, *root.parts) if c.parts]
    for total in totals:
        row = np.zeros(len(keys))
        for cell, sign in [(total, 1.0), *((p, -1.0) for p in total.parts)]:
            if cell.key in index:
                row[index[cell.key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set(keys)
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for key, i in index.items():
        unit = np.zeros(len(keys))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def test_the_independent_check_catches_a_lone_hidden_cell():
    root = table({"A": [("A1", 3, 12), ("A2", 6, 20)]})
    assert determined_cells(root, {"A1"}) == {"A1"}
    assert determined_cells(root, {"A1", "A2"}) == set()
