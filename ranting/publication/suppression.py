"""Small-cell suppression of the public tables: primary and complementary (secondary).

Rule (configurable: settings.PUBLIC_MIN_DENOMINATOR, PUBLIC_MIN_NUMERATOR). A prevalence cell is
suppressed when children were assessed (denominator > 0) and either the denominator is below 10
or the numerator is 1–4. The method follows common public-health practice, e.g. the Washington
State Department of Health "Agency Standards for Reporting Data with Small Numbers" (2018):
suppress small non-zero counts, suppress the rates derived from them, allow zero counts, and use
secondary suppression so a suppressed cell cannot be recalculated by subtraction. Their count
threshold is 10; RANTING's default keeps the widespread "fewer than 5" numerator rule and adds a
denominator threshold of 10, because a percentage of fewer than ten children both points at
individual children and is too unstable to publish. Both numbers are settings.

Complementary suppression. The public tables add up: kota = Σ kecamatan and kecamatan =
Σ kelurahan, for numerators and denominators alike, and denominators are always shown. In an
equation with exactly one hidden numerator that value follows by subtraction, so another cell of
the same equation is hidden too, repeatedly, until every equation has none or at least two
hidden cells. The equations form a tree (each cell is the total of one equation and a part of at
most one other), so a hidden value can then move by some amount that another hidden cell absorbs
along a path to the edge of the tree: no hidden value follows from the shown figures by adding
and subtracting. Limits, as with any cell suppression: the hidden values still lie between 0 and
their shown denominators, and when every candidate partner has a numerator of 0 the hidden cells
of that equation can all be 0 (partners with a non-zero numerator are therefore taken first).

Every hidden cell is shown with the same mark ("*"). A separate "<5" mark for the primary cells
would tell a reader which hidden cell is small; with the totals that can pin it down (a "<5"
cell next to a complementary cell known to be 0 or at least 5, with a hidden sum of 3, is 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

MARK = "*"
DEFAULT_MIN_DENOMINATOR = 10
DEFAULT_MIN_NUMERATOR = 5


@dataclass(frozen=True)
class Rule:
    min_denominator: int = DEFAULT_MIN_DENOMINATOR
    min_numerator: int = DEFAULT_MIN_NUMERATOR

    def is_primary(self, n: int, d: int) -> bool:
        """True for a cell to hide on its own: d > 0 and (d below the minimum, or n not 0 but
        below the minimum). A cell with d = 0 has nothing to hide (n is 0 and shown as "–")."""
        if d <= 0:
            return False
        return d < self.min_denominator or 0 < n < self.min_numerator


@dataclass
class Cell:
    """One figure of a table that adds up: `n` of `d`, and the cells it is the total of."""

    key: str
    n: int
    d: int
    parts: list[Cell] = field(default_factory=list)


def walk(cell: Cell) -> Iterator[Cell]:
    yield cell
    for part in cell.parts:
        yield from walk(part)


def check_sums(root: Cell) -> None:
    """Raise ValueError when a total is not the sum of its parts (the method relies on it)."""
    for cell in walk(root):
        if cell.parts and (
            cell.n != sum(p.n for p in cell.parts) or cell.d != sum(p.d for p in cell.parts)
        ):
            raise ValueError(f"{cell.key}: total is not the sum of its parts")


def suppress(root: Cell, rule: Rule) -> set[str]:
    """Keys of the cells to hide in the table under `root`: primary plus complementary.

    Complements are taken among the shown cells of the same equation that have d > 0: parts
    before the total (hiding a total moves the problem one level up), the smallest non-zero
    numerator first (least information lost; a non-zero partner also leaves a wider range for
    the hidden value), then zeros, then by key so the result is deterministic.
    """
    check_sums(root)
    cells = list(walk(root))
    hidden = {c.key for c in cells if rule.is_primary(c.n, c.d)}
    equations = [c for c in cells if c.parts]
    changed = True
    while changed:
        changed = False
        for total in equations:
            members = [total, *total.parts]
            if sum(m.key in hidden for m in members) != 1:
                continue
            partner = _complement(total, hidden)
            if partner is not None:
                hidden.add(partner.key)
                changed = True
    return hidden


def _complement(total: Cell, hidden: set[str]) -> Cell | None:
    parts = [p for p in total.parts if p.key not in hidden and p.d > 0]
    if parts:
        return min(parts, key=lambda p: (p.n == 0, p.n, p.d, p.key))
    # The one hidden cell is the only non-empty part: the total equals it, so hide the total.
    if total.key not in hidden and total.d > 0:
        return total
    return None


def is_protected(root: Cell, hidden: set[str]) -> bool:
    """True when no equation under `root` has exactly one hidden non-empty cell."""
    for total in walk(root):
        if not total.parts:
            continue
        members = [m for m in (total, *total.parts) if m.d > 0]
        if sum(m.key in hidden for m in members) == 1:
            return False
    return True
