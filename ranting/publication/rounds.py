"""The February and August measurement rounds (bulan penimbangan, DOMAIN.md §3.3).

The 8-aksi guideline (seeds/002, Aksi 7) asks kabupaten/kota to measure every balita at least
twice a year together with the vitamin A months, February and August; those months are the
rounds the publication is made for. A round's figures are the measurements of that report month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FEBRUARY, AUGUST = 2, 8
ROUND_MONTHS = (FEBRUARY, AUGUST)
MONTH_LABELS = {FEBRUARY: _("Februari"), AUGUST: _("Agustus")}
EARLIEST_YEAR = 2000


@dataclass(frozen=True, order=True)
class Round:
    year: int
    month: int

    def __post_init__(self) -> None:
        if self.month not in ROUND_MONTHS:
            raise ValueError(f"a round is in February or August, not month {self.month}")

    @property
    def period(self) -> dt.date:
        """The report month (first day) whose measurements make the round."""
        return dt.date(self.year, self.month, 1)

    @property
    def previous(self) -> Round:
        """The round before: August of last year for February, February for August."""
        if self.month == AUGUST:
            return Round(self.year, FEBRUARY)
        return Round(self.year - 1, AUGUST)

    @property
    def label(self) -> str:
        return f"{MONTH_LABELS[self.month]} {self.year}"

    @property
    def slug(self) -> str:
        """ "2025-08": the round as written in URLs."""
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def from_slug(cls, slug: str) -> Round:
        year, month = slug.split("-")
        return cls(int(year), int(month))

    def has_started(self, today: dt.date) -> bool:
        return self.period <= today.replace(day=1)


def latest_round(today: dt.date) -> Round:
    """The most recent round that has started on `today` (the current one during Feb or Aug)."""
    if today.month >= AUGUST:
        return Round(today.year, AUGUST)
    if today.month >= FEBRUARY:
        return Round(today.year, FEBRUARY)
    return Round(today.year - 1, AUGUST)


class RoundConverter:
    """URL converter for "2025-08": only February and August rounds match (others are 404)."""

    regex = r"[0-9]{4}-0[28]"

    def to_python(self, value: str) -> Round:
        return Round.from_slug(value)

    def to_url(self, value: Round) -> str:
        return value.slug
