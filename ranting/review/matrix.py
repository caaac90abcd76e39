"""The review matrix as the page and the Excel file show it: sections A and B, their rows,
budget totals and the realisation percentages (one query for the rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ranting.review import achievement
from ranting.review.models import ReviewRow, ReviewYear

# A row has reached its target when its physical achievement is at least 100%.
TARGET_REACHED_PCT = Decimal(100)


@dataclass
class Section:
    code: str
    label: str
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def budget_allocated(self) -> Decimal | None:
        return achievement.total(r.budget_allocated for r in self.rows)

    @property
    def budget_realised(self) -> Decimal | None:
        return achievement.total(r.budget_realised for r in self.rows)

    @property
    def budget_pct(self) -> Decimal | None:
        return achievement.budget_pct(self.budget_allocated, self.budget_realised)


@dataclass
class Matrix:
    review: ReviewYear
    kota_label: str
    sections: list[Section]

    @property
    def rows(self) -> list[ReviewRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def budget_allocated(self) -> Decimal | None:
        return achievement.total(r.budget_allocated for r in self.rows)

    @property
    def budget_realised(self) -> Decimal | None:
        return achievement.total(r.budget_realised for r in self.rows)

    @property
    def budget_pct(self) -> Decimal | None:
        return achievement.budget_pct(self.budget_allocated, self.budget_realised)

    @property
    def assessed(self) -> int:
        """Rows with a physical achievement (a target and a numeric realisation)."""
        return sum(1 for r in self.rows if r.physical_pct is not None)

    @property
    def reached(self) -> int:
        return sum(
            1
            for r in self.rows
            if r.physical_pct is not None and r.physical_pct >= TARGET_REACHED_PCT
        )

    @property
    def title(self) -> str:
        return f"{self.kota_label} {self.review.year}"


def build_matrix(review: ReviewYear, kota_label: str) -> Matrix:
    sections = {code: Section(code, str(label)) for code, label in ReviewRow.Section.choices}
    for row in review.rows.order_by("section", "order", "id"):
        sections[row.section].rows.append(row)
    return Matrix(review, kota_label, list(sections.values()))
