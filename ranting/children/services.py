"""Child register changes: register, edit, move to another posyandu, deactivate, reactivate.

Nothing is hard-deleted. A move writes a ChildTransfer and leaves the measurements with the child
(each keeps the posyandu where it was taken), so the growth history follows the child.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ranting.children.models import Child, ChildTransfer
from ranting.measurements.services import MeasurementRefused, recompute_child
from ranting.regions.models import Posyandu

CHILD_FIELDS = [
    "name",
    "nik",
    "no_kk",
    "sex",
    "birth_date",
    "birth_weight_kg",
    "birth_length_cm",
    "mother_name",
    "mother_nik",
    "father_name",
    "phone",
    "address",
    "rt",
    "rw",
    "has_kia_book",
]


class ChildError(Exception):
    """A register change was refused; `errors` maps a form field (or "__all__") to reasons."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Duplicate:
    """Where a possible duplicate is registered. Only the posyandu is named, never the child."""

    posyandu: str
    kelurahan: str
    reason: str


def find_duplicates(
    *, nik: str, name: str, birth_date, mother_name: str, exclude_pk: int | None = None
) -> list[Duplicate]:
    """Children in ANY posyandu with the same NIK, or the same name + birth date + mother.

    Names are compared case-insensitively after collapsing spaces. Returns at most 10 matches,
    described by posyandu and kelurahan only (another region's child details stay hidden).
    """
    same_person = Q(
        name__iexact=" ".join(name.split()),
        birth_date=birth_date,
        mother_name__iexact=" ".join(mother_name.split()),
    )
    condition = (same_person | Q(nik=nik)) if nik else same_person
    rows = Child.objects.filter(condition)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    rows = rows.select_related("posyandu__kelurahan").order_by("pk")[:10]
    found = []
    for child in rows:
        reason = (
            _("NIK sama")
            if nik and child.nik == nik
            else _("nama, tanggal lahir dan nama ibu sama")
        )
        found.append(Duplicate(str(child.posyandu), child.posyandu.kelurahan.label, reason))
    return found


def _values(data: Mapping[str, object]) -> dict[str, object]:
    values = {name: data.get(name) for name in CHILD_FIELDS if name in data}
    for name in ("name", "mother_name", "father_name"):
        if isinstance(value := values.get(name), str):
            values[name] = " ".join(value.split())
    return values


def register_child(user, posyandu: Posyandu, data: Mapping[str, object]) -> Child:
    """Create a child in `posyandu` from validated form data (see ChildForm)."""
    with transaction.atomic():
        return Child.objects.create(posyandu=posyandu, created_by=user, **_values(data))


def update_child(child: Child, user, data: Mapping[str, object]) -> Child:
    """Save edited register data; a new birth date or sex recomputes every measurement.

    Raises ChildError (nothing saved) when the new birth date or sex would change a month whose
    report is locked, or would put a measurement before birth or at 60 months or more.
    """
    values = _values(data)
    # Compare with the stored row: a ModelForm has already copied the new values onto `child`.
    saved = Child.objects.only("birth_date", "sex").get(pk=child.pk)
    affects_growth = (values.get("birth_date", saved.birth_date), values.get("sex", saved.sex)) != (
        saved.birth_date,
        saved.sex,
    )
    with transaction.atomic():
        for key, value in values.items():
            setattr(child, key, value)
        child.save()
        if affects_growth:
            try:
                recompute_child(child)
            except MeasurementRefused as err:
                raise ChildError(err.errors) from err
    return child


def move_child(child: Child, user, to_posyandu: Posyandu, reason: str) -> ChildTransfer:
    """Move `child` to `to_posyandu`, recording where it came from; measurements stay."""
    if to_posyandu.pk == child.posyandu_id:
        raise ChildError({"to_posyandu": [_("Anak sudah terdaftar di posyandu ini.")]})
    with transaction.atomic():
        transfer = ChildTransfer.objects.create(
            child=child,
            from_posyandu_id=child.posyandu_id,
            to_posyandu=to_posyandu,
            moved_by=user,
            reason=reason,
        )
        child.posyandu = to_posyandu
        child.save(update_fields=["posyandu", "kota_code", "updated_at"])
    return transfer


def deactivate_child(child: Child, user, reason: str) -> Child:
    """Take the child off the active register (moved away, aged out, died…), keeping all data."""
    if not reason.strip():
        raise ChildError({"reason": [_("Isi alasan anak dinonaktifkan.")]})
    with transaction.atomic():
        child.is_active = False
        child.inactive_reason = reason.strip()
        child.save(update_fields=["is_active", "inactive_reason", "updated_at"])
    return child


def reactivate_child(child: Child, user) -> Child:
    """Put a deactivated child back on the register; the old reason is cleared."""
    with transaction.atomic():
        child.is_active = True
        child.inactive_reason = ""
        child.save(update_fields=["is_active", "inactive_reason", "updated_at"])
    return child
