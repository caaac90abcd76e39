"""First pass of an import: every row parsed and checked on its own, with the rules of the forms.

A row is a child (register columns) and, when it has a measurement date and weight, one
measurement. The checks are the ones the kader's forms apply, called from the same modules:
`lib.nik` for NIK, the birth weight/length bounds of `children.forms`, and
`measurements.checks.input_errors` for the measurement. Every reason is reported, named by the
file's own column header. Rules that need other rows or the database (same child on several
rows, existing data, locked months) are applied later by `plan.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ranting.children import forms as child_forms
from ranting.children.models import Child
from ranting.growth.kms import age_in_completed_months
from ranting.lib.nik import nik_errors, nik_warnings
from ranting.measurements.checks import input_errors
from ranting.measurements.forms import DECIMAL_PLACES, STANDING_FROM_MONTHS
from ranting.measurements.models import Measurement
from ranting.regions.models import Posyandu
from ranting.transfer import values
from ranting.transfer.columns import BY_KEY, MEASUREMENT_CORE

# Child values are stored per row as a tuple in this order (compact for 100,000 rows).
CHILD_KEYS = ("nik", "name", "sex", "birth_date", "birth_weight_kg", "birth_length_cm",
              "mother_name", "mother_nik", "father_name", "no_kk", "phone", "address", "rt",
              "rw")  # fmt: skip
MEASUREMENT_KEYS = ("measured_on", "weight_kg", "lenhei_cm", "position", "armc_cm", "headc_cm",
                    "vitamin_a", "exclusive_breastfeeding")  # fmt: skip
CHILD_INDEX = {key: i for i, key in enumerate(CHILD_KEYS)}
MEASUREMENT_INDEX = {key: i for i, key in enumerate(MEASUREMENT_KEYS)}
BIRTH_PLACES = {"birth_weight_kg": 2, "birth_length_cm": 1}
MAX_LENGTHS = {
    key: Child._meta.get_field(key).max_length
    for key in ("name", "mother_name", "father_name", "phone", "address", "rt", "rw")
}
# Lazy labels: translated only when a message is built (gettext costs ~6 µs a call).
NIK_LABEL, MOTHER_NIK_LABEL, KK_LABEL = _lazy("NIK anak"), _lazy("NIK ibu"), _lazy("Nomor KK")
PARSERS = {
    "nik": lambda v: values.digits(v, NIK_LABEL),
    "mother_nik": lambda v: values.digits(v, MOTHER_NIK_LABEL),
    "no_kk": lambda v: values.digits(v, KK_LABEL),
    "sex": values.sex,
    "birth_date": values.date,
    "measured_on": values.date,
    "position": values.position,
    "vitamin_a": values.boolean,
    "exclusive_breastfeeding": values.boolean,
    **dict.fromkeys(
        ("birth_weight_kg", "birth_length_cm", "weight_kg", "lenhei_cm", "armc_cm", "headc_cm"),
        values.decimal,
    ),
}

# What a blank cell means, per field (what each parser returns for a blank); text fields "".
BLANK = {"sex": None, "birth_date": None, "measured_on": None, "vitamin_a": False,
         "exclusive_breastfeeding": False, "birth_weight_kg": None, "birth_length_cm": None,
         "weight_kg": None, "lenhei_cm": None, "armc_cm": None, "headc_cm": None}  # fmt: skip
DIGIT_KEYS = frozenset({"nik", "mother_nik", "no_kk"})

Issue = tuple[str, str]  # (column header in the file, reason in Indonesian)


@dataclass(slots=True)
class RowRecord:
    """One data row after the first pass."""

    number: int  # row number in the file (the header row counts)
    child: tuple | None  # CHILD_KEYS values; None when the row is rejected
    measure: tuple | None  # MEASUREMENT_KEYS values, or None for a register-only row
    posyandu_id: int | None
    errors: list[Issue]
    warnings: list[Issue]
    mapped: frozenset[str]  # measurement fields with a column (only those are compared)
    outcome: str = ""  # set by plan.py; rows with errors are rejected whatever it says

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def value(self, key: str) -> object:
        return self.child[CHILD_INDEX[key]] if self.child else None


def name_key(child: tuple) -> tuple:
    """Same child without a NIK: same name, birth date and mother (case and spaces ignored)."""
    return (
        child[CHILD_INDEX["name"]].casefold(),
        child[CHILD_INDEX["birth_date"]],
        child[CHILD_INDEX["mother_name"]].casefold(),
    )


def posyandu_name_key(text: str) -> str:
    """'Posyandu  Mawar' and 'mawar' both → 'mawar'."""
    norm = " ".join(text.casefold().split())
    return norm.removeprefix("posyandu ").strip()


def _num(value: Decimal) -> str:
    return f"{value:f}".replace(".", ",")


class RowValidator:
    """Checks rows of one file: `mapping` gives the field key (or "") of each column."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[str],
        posyandus: Iterable[Posyandu],
        importable_ids: Iterable[int],
        kelurahan_label: str,
        today: dt.date | None = None,
    ):
        self.headers = list(headers)
        self.columns = [(i, key) for i, key in enumerate(mapping) if key]
        parsers = [(i, key, PARSERS.get(key, values.text)) for i, key in self.columns]
        self.child_parsers = [p for p in parsers if p[1] not in MEASUREMENT_INDEX]
        self.measure_parsers = [p for p in parsers if p[1] in MEASUREMENT_INDEX]
        self.child_indexes = [i for i, _key, _parser in self.child_parsers]
        # A child's register cells repeat on each of its rows: check them once per child.
        self._children: dict[tuple, tuple] = {}
        self.header_of = {key: self.headers[i] for i, key in self.columns}
        self.order = {header: i for i, header in reversed(list(enumerate(self.headers)))}
        self.mapped = frozenset(key for _, key in self.columns)
        self.mapped_measure = frozenset(self.mapped & set(MEASUREMENT_KEYS))
        self.today = today or timezone.localdate()
        self.kelurahan_label = kelurahan_label
        self.importable = set(importable_ids)
        self.by_code: dict[str, Posyandu] = {}
        self.by_name: dict[str, Posyandu] = {}
        for p in posyandus:
            self.by_code[p.code.casefold()] = p
            self.by_name.setdefault(posyandu_name_key(p.name), p)
        only = [p for p in self.by_code.values() if p.pk in self.importable]
        self.default_posyandu = only[0] if len(only) == 1 else None

    def column(self, key: str) -> str:
        """The file's header for a field, or the field's label when it has no column."""
        return self.header_of.get(key) or str(BY_KEY[key].label)

    def validate(self, number: int, cells: Sequence[object]) -> RowRecord:
        """Parse and check one row; `cells` in the file's column order."""
        if len(cells) < len(self.headers):
            cells = list(cells) + [None] * (len(self.headers) - len(cells))
        key = tuple(cells[i] for i in self.child_indexes)
        known = self._children.get(key)
        if known is None:
            parsed, _filled, child_errors, child_warnings = self._parse(self.child_parsers, cells)
            child = self._child(parsed, child_errors, child_warnings)
            posyandu = self._posyandu(parsed, child_errors)
            known = (child, posyandu, tuple(child_errors), tuple(child_warnings))
            self._children[key] = known
        child, posyandu, child_errors, child_warnings = known
        parsed, filled, errors, warnings = self._parse(self.measure_parsers, cells)
        errors[:0] = child_errors
        warnings[:0] = child_warnings
        measure = self._measurement(parsed, filled, child, errors, warnings)
        if len(errors) > 1:  # in the file's column order, as the user reads the row
            errors.sort(key=lambda issue: self.order.get(issue[0], len(self.order)))
        return RowRecord(
            number=number,
            child=None if errors else child,
            measure=None if errors else measure,
            posyandu_id=posyandu.pk if posyandu else None,
            errors=errors,
            warnings=warnings,
            mapped=self.mapped_measure,
        )

    def _parse(self, parsers, cells: Sequence[object]):
        """(values by field, fields with a non-blank cell, errors, warnings) of some columns."""
        errors: list[Issue] = []
        warnings: list[Issue] = []
        parsed: dict[str, object] = {}
        filled: set[str] = set()
        for index, key, parser in parsers:
            cell = cells[index]
            if cell is None or (type(cell) is str and not cell.strip()):
                parsed[key] = BLANK.get(key, "")
                continue
            filled.add(key)
            try:
                parsed[key] = parser(cell)
            except ValueError as err:
                errors.append((self.headers[index], str(err)))
            if key in DIGIT_KEYS and isinstance(cell, int | float):
                warnings.append((self.headers[index], _numeric_cell_warning()))
        return parsed, filled, errors, warnings

    # --- child ------------------------------------------------------------------------------

    def _child(self, parsed: dict, errors: list[Issue], warnings: list[Issue]) -> tuple:
        def add(key: str, reason: str) -> None:
            errors.append((self.column(key), reason))

        data = {key: parsed.get(key) for key in CHILD_KEYS}
        for key in ("name", "mother_name"):
            if key not in parsed:
                continue
            if not data[key]:
                add(key, _("%(field)s wajib diisi.") % {"field": BY_KEY[key].label})
        if "sex" in parsed and data["sex"] is None:
            add("sex", _("Jenis kelamin wajib diisi (L atau P)."))
        birth = data["birth_date"]
        if "birth_date" in parsed:
            if birth is None:
                add("birth_date", _("Tanggal lahir wajib diisi."))
            elif birth > self.today:
                add("birth_date", _("Tanggal lahir tidak boleh di masa depan."))
        for key, limit in MAX_LENGTHS.items():
            value = data[key]
            if value and len(value) > limit:
                add(key, _("Paling banyak %(n)d karakter.") % {"n": limit})
        for key, label in (("nik", NIK_LABEL), ("mother_nik", MOTHER_NIK_LABEL)):
            if data[key]:
                for reason in nik_errors(data[key]):
                    add(key, f"{label}: {reason}")
        if data["no_kk"] and (len(data["no_kk"]) != 16 or not data["no_kk"].isdigit()):
            add("no_kk", _("Nomor KK harus tepat 16 angka."))
        self._birth_measure(data, "birth_weight_kg", add)
        self._birth_measure(data, "birth_length_cm", add)
        if data["nik"] and not any(c == self.column("nik") for c, _r in errors):
            for reason in nik_warnings(data["nik"], data["sex"], birth):
                warnings.append((self.column("nik"), reason))
        for key in CHILD_KEYS:
            if data[key] is None and key not in ("sex", "birth_date") and key not in BIRTH_PLACES:
                data[key] = ""
        return tuple(data[key] for key in CHILD_KEYS)

    def _birth_measure(self, data: dict, key: str, add) -> None:
        value = data[key]
        if value is None:
            return
        weight = key == "birth_weight_kg"
        if weight:
            lo, hi = child_forms.MIN_BIRTH_WEIGHT_KG, child_forms.MAX_BIRTH_WEIGHT_KG
        else:
            lo, hi = child_forms.MIN_BIRTH_LENGTH_CM, child_forms.MAX_BIRTH_LENGTH_CM
        if not lo <= value <= hi:
            if weight:
                message = _("Berat lahir harus antara %(lo)s dan %(hi)s kg.")
                grams = value > child_forms.GRAMS_HINT_ABOVE
                hint = _("Isi dalam kg, bukan gram.") if grams else ""
            else:
                message = _("Panjang lahir harus antara %(lo)s dan %(hi)s cm.")
                metres = value < child_forms.METRES_HINT_BELOW
                hint = _("Isi dalam cm, bukan meter.") if metres else ""
            add(key, " ".join(filter(None, [message % {"lo": _num(lo), "hi": _num(hi)}, hint])))
        elif value.as_tuple().exponent < -BIRTH_PLACES[key]:
            places = BIRTH_PLACES[key]
            add(key, _("Isi paling banyak %(n)d angka di belakang koma.") % {"n": places})

    # --- posyandu ---------------------------------------------------------------------------

    def _posyandu(self, parsed: dict, errors: list[Issue]) -> Posyandu | None:
        raw = parsed.get("posyandu") or ""
        if not raw:
            if self.default_posyandu is not None:
                return self.default_posyandu
            errors.append((self.column("posyandu"), _("Posyandu wajib diisi (nama atau kode).")))
            return None
        found = self.by_code.get(raw.casefold()) or self.by_name.get(posyandu_name_key(raw))
        if found is None:
            errors.append(
                (
                    self.column("posyandu"),
                    _("Posyandu “%(name)s” tidak ada di Kelurahan %(kel)s.")
                    % {"name": raw, "kel": self.kelurahan_label},
                )
            )
            return None
        if found.pk not in self.importable:
            errors.append(
                (
                    self.column("posyandu"),
                    _("Anda tidak boleh mencatat data %(posyandu)s.") % {"posyandu": found},
                )
            )
            return None
        return found

    # --- measurement ------------------------------------------------------------------------

    def _measurement(
        self, parsed: dict, filled: set[str], child: tuple, errors: list[Issue], warnings
    ) -> tuple | None:
        present = filled & set(MEASUREMENT_KEYS)
        # Yes/no columns left "tidak" do not make a row a measurement on their own.
        if not present - {"vitamin_a", "exclusive_breastfeeding"}:
            return None
        for key in MEASUREMENT_CORE:
            if key not in filled and not any(c == self.column(key) for c, _r in errors):
                errors.append(
                    (
                        self.column(key),
                        _("%(field)s wajib diisi bila baris ini berisi pengukuran.")
                        % {"field": BY_KEY[key].label},
                    )
                )
        data = {key: parsed.get(key) for key in MEASUREMENT_KEYS}
        data["position"] = data["position"] or ""
        for flag in ("vitamin_a", "exclusive_breastfeeding"):
            data[flag] = bool(data[flag])
        birth = child[CHILD_INDEX["birth_date"]]
        measured_on = data["measured_on"]
        if (
            data["lenhei_cm"] is not None
            and not data["position"]
            and isinstance(birth, dt.date)
            and isinstance(measured_on, dt.date)
            and birth <= measured_on
        ):
            # The form pre-selects the position by age (PMK 2/2020); an import does the same.
            data["position"] = _default_position(birth, measured_on)
            if "position" in self.mapped:
                warnings.append((self.column("position"), _position_warning(data["position"])))
        if isinstance(birth, dt.date):
            for key, reasons in input_errors(birth, data, today=self.today).items():
                for reason in reasons:
                    errors.append((self.column(key), reason))
        for key, places in DECIMAL_PLACES.items():
            value = data[key]
            if value is not None and value.as_tuple().exponent < -places:
                errors.append(
                    (self.column(key), _("Isi paling banyak %(n)d angka di belakang koma.")
                     % {"n": places})
                )  # fmt: skip
        return tuple(data[key] for key in MEASUREMENT_KEYS)


def _default_position(birth: dt.date, measured_on: dt.date) -> str:
    months = age_in_completed_months(birth, measured_on)
    if months < STANDING_FROM_MONTHS:
        return Measurement.Position.LENGTH
    return Measurement.Position.HEIGHT


def _position_warning(position: str) -> str:
    label = Measurement.Position(position).label
    return _("Cara ukur kosong; dianggap %(label)s menurut umur anak.") % {"label": label}


def _numeric_cell_warning() -> str:
    return _(
        "Sel ini berformat angka di Excel: angka ke-16 dapat berubah menjadi 0. "
        "Periksa lagi, dan format kolom sebagai Teks."
    )
