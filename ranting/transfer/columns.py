"""The columns of a posyandu register / e-PPGBM export, and the automatic header mapping.

A file's headers are matched to `FIELDS` by their synonyms after `normalize_header` (case,
punctuation and spacing do not matter; a trailing unit such as "(kg)" or "(L/P)" is ignored), so
"BB", "Berat Badan (kg)", "TB/PB", "Tgl. Lahir" and "JK" map without help. The header names come
from the e-PPGBM export and the Kemenkes posyandu form (DOMAIN.md §3.2); the user can change every
suggestion in the mapping step.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

CHILD = "child"
MEASUREMENT = "measurement"
IGNORE = ""  # mapping value of a column that is not imported


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    part: str  # CHILD or MEASUREMENT
    synonyms: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field(
        "nik", _lazy("NIK anak"), CHILD, ("nik", "nik anak", "nik balita", "no nik", "nomor nik")
    ),
    Field(
        "name", _lazy("Nama anak"), CHILD, ("nama", "nama anak", "nama balita", "nama bayi"), True
    ),
    Field(
        "sex",
        _lazy("Jenis kelamin (L/P)"),
        CHILD,
        ("jk", "jenis kelamin", "kelamin", "l p", "sex", "gender", "jns kelamin"),
        True,
    ),
    Field(
        "birth_date",
        _lazy("Tanggal lahir"),
        CHILD,
        ("tgl lahir", "tanggal lahir", "tgllahir", "tgl lhr", "tanggal lahir anak", "dob"),
        True,
    ),
    Field("birth_weight_kg", _lazy("Berat lahir (kg)"), CHILD, ("bb lahir", "berat lahir", "bbl")),
    Field(
        "birth_length_cm",
        _lazy("Panjang lahir (cm)"),
        CHILD,
        ("tb lahir", "pb lahir", "panjang lahir", "pbl", "panjang badan lahir"),
    ),
    Field(
        "mother_name",
        _lazy("Nama ibu/orang tua"),
        CHILD,
        (
            "nama ibu",
            "nama ortu",
            "nama orang tua",
            "nama orangtua",
            "ibu",
            "ortu",
            "nama ibu kandung",
            "nama ibu wali",
            "nama wali",
        ),
        True,
    ),  # fmt: skip
    Field("mother_nik", _lazy("NIK ibu"), CHILD, ("nik ibu", "nik ortu", "nik orang tua")),
    Field("father_name", _lazy("Nama ayah"), CHILD, ("nama ayah",)),
    Field(
        "no_kk",
        _lazy("Nomor KK"),
        CHILD,
        ("no kk", "nomor kk", "kk", "nomor kartu keluarga", "no kartu keluarga"),
    ),
    Field("phone", _lazy("Nomor HP"), CHILD, ("no hp", "nomor hp", "no telp", "no telp hp", "hp")),
    Field("address", _lazy("Alamat"), CHILD, ("alamat", "alamat lengkap")),
    Field("rt", _lazy("RT"), CHILD, ("rt",)),
    Field("rw", _lazy("RW"), CHILD, ("rw",)),
    Field(
        "posyandu",
        _lazy("Posyandu (nama atau kode)"),
        CHILD,
        ("posyandu", "nama posyandu", "kode posyandu"),
    ),
    Field(
        "measured_on",
        _lazy("Tanggal ukur"),
        MEASUREMENT,
        (
            "tanggal ukur",
            "tgl ukur",
            "tanggal pengukuran",
            "tgl pengukuran",
            "tanggal penimbangan",
            "tgl penimbangan",
            "tgl timbang",
            "tanggal timbang",
        ),
    ),  # fmt: skip
    Field(
        "weight_kg",
        _lazy("Berat badan (kg)"),
        MEASUREMENT,
        ("bb", "berat", "berat badan", "bb sekarang", "bb kg"),
    ),
    Field(
        "lenhei_cm",
        _lazy("Tinggi/panjang badan (cm)"),
        MEASUREMENT,
        (
            "tb",
            "pb",
            "tb pb",
            "pb tb",
            "tinggi",
            "panjang",
            "tinggi badan",
            "panjang badan",
            "tinggi panjang badan",
            "panjang tinggi badan",
        ),
    ),  # fmt: skip
    Field(
        "position",
        _lazy("Cara ukur (berdiri/terlentang)"),
        MEASUREMENT,
        ("cara ukur", "posisi", "posisi ukur", "cara pengukuran"),
    ),
    Field("armc_cm", _lazy("LiLA (cm)"), MEASUREMENT, ("lila", "lingkar lengan atas")),
    Field("headc_cm", _lazy("Lingkar kepala (cm)"), MEASUREMENT, ("lk", "lika", "lingkar kepala")),
    Field(
        "vitamin_a",
        _lazy("Vitamin A"),
        MEASUREMENT,
        ("vitamin a", "vit a", "jml vit a", "kapsul vitamin a"),
    ),
    Field(
        "exclusive_breastfeeding",
        _lazy("ASI eksklusif"),
        MEASUREMENT,
        ("asi eksklusif", "asi ekslusif", "asi eksklusive", "asi"),
    ),
)

BY_KEY: Mapping[str, Field] = {f.key: f for f in FIELDS}
# Together these make a measurement; a row without both registers the child only.
MEASUREMENT_CORE = ("measured_on", "weight_kg")

_PUNCTUATION = re.compile(r"[^0-9a-z]+")
# Trailing units and code hints that do not change what a column means.
_UNIT_SUFFIXES = ("kg", "cm", "l p", "gram", "bln", "thn", "dd mm yyyy", "yyyy mm dd")


def normalize_header(text: object) -> str:
    """'Berat Badan (kg)' → 'berat badan kg'; 'TB/PB' → 'tb pb'; 'Tgl. Lahir' → 'tgl lahir'."""
    return " ".join(_PUNCTUATION.sub(" ", str(text or "").lower()).split())


def _without_unit(norm: str) -> str:
    for suffix in _UNIT_SUFFIXES:
        if norm.endswith(" " + suffix):
            return norm[: -len(suffix) - 1]
    return norm


@functools.cache
def _synonyms() -> dict[str, str]:
    # Built on first use: the labels are lazy translations, not ready at import time.
    table: dict[str, str] = {}
    for field in FIELDS:
        for text in (field.key, str(field.label), *field.synonyms):
            table.setdefault(normalize_header(text), field.key)
            table.setdefault(_without_unit(normalize_header(text)), field.key)
    return table


def field_for_header(header: object) -> str:
    """The field key a header means, or IGNORE when it matches none."""
    norm = normalize_header(header)
    table = _synonyms()
    return table.get(norm) or table.get(_without_unit(norm)) or IGNORE


def suggest_mapping(headers: Sequence[object]) -> list[str]:
    """One field key (or IGNORE) per header; a field is suggested for its first column only."""
    taken: set[str] = set()
    out = []
    for header in headers:
        key = field_for_header(header)
        if key in taken:
            key = IGNORE
        taken.add(key)
        out.append(key)
    return out


def known_fields(headers: Iterable[object]) -> int:
    """How many headers name a known field (used to find the header row of a sheet)."""
    return sum(1 for h in headers if field_for_header(h))


def mapping_errors(mapping: Sequence[str], single_posyandu: bool) -> list[str]:
    """Indonesian reasons why a mapping cannot be imported; [] when it can.

    Every required field needs a column, a field at most one column, and the posyandu column is
    required unless the user imports into exactly one posyandu.
    """
    errors = []
    used = [key for key in mapping if key]
    for key in sorted({k for k in used if used.count(k) > 1}):
        errors.append(
            _("Kolom “%(field)s” dipilih lebih dari sekali.") % {"field": BY_KEY[key].label}
        )
    unknown = [key for key in used if key not in BY_KEY]
    if unknown:
        errors.append(_("Pilihan kolom tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)})
    for f in FIELDS:
        if f.required and f.key not in used:
            errors.append(_("Pilih kolom untuk “%(field)s” (wajib).") % {"field": f.label})
    if not single_posyandu and "posyandu" not in used:
        errors.append(_("Pilih kolom “Posyandu”: kelurahan ini punya lebih dari satu posyandu."))
    if ("measured_on" in used) != ("weight_kg" in used):
        errors.append(
            _("Untuk mengimpor pengukuran, pilih kolom “Tanggal ukur” dan “Berat badan (kg)”.")
        )
    return errors
