"""State changes of the review matrix; views call these, never save models themselves."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ranting.accounts.models import User
from ranting.review import ranting_source
from ranting.review.models import ReviewRow, ReviewYear
from ranting.review.ranting_source import Figure

PERCENT_UNIT = "%"


def create_review(kota_code: str, year: int, notes: str, user: User | None) -> ReviewYear:
    return ReviewYear.objects.create(kota_code=kota_code, year=year, notes=notes, created_by=user)


def save_row(row: ReviewRow, review: ReviewYear, user: User | None) -> ReviewRow:
    """Save a new or changed row of `review`. A row tied to a RANTING figure takes that
    figure's direction (prevalence: lower is better) and "%" as unit when none was given."""
    row.review = review
    row.kota_code = review.kota_code
    row.updated_by = user
    source = ranting_source.SOURCE_BY_CODE.get(row.source)
    if source is not None:
        row.direction = (
            ReviewRow.Direction.DOWN if source.lower_is_better else ReviewRow.Direction.UP
        )
        row.unit = row.unit or PERCENT_UNIT
    if row.pk is None and not row.order:
        last = review.rows.filter(section=row.section).order_by("-order").first()
        row.order = (last.order if last else 0) + 1
    row.save()
    return row


def delete_row(row: ReviewRow) -> None:
    row.delete()


def delete_review(review: ReviewYear) -> bool:
    """Delete an empty review year; False (nothing deleted) while it still has rows."""
    with transaction.atomic():
        if review.rows.exists():
            return False
        review.delete()
    return True


def fill_from_ranting(row: ReviewRow, user: User | None) -> Figure:
    """Replace the row's realisation with RANTING's verified figure for the review year.

    Raises ranting_source.NoRantingData (with the reason in Indonesian) when the row has no
    RANTING source or RANTING has no verified figure; the row is then left unchanged.
    """
    source = ranting_source.SOURCE_BY_CODE.get(row.source)
    if source is None:
        raise ranting_source.NoRantingData(
            _("Indikator baris ini tidak dihitung RANTING: pilih dulu sumber data RANTING.")
        )
    figure = ranting_source.figure(source, row.kota_code, row.review.year)
    row.realisation = figure.value
    row.realisation_note = figure.note[: ReviewRow._meta.get_field("realisation_note").max_length]
    save_row(row, row.review, user)
    return figure
