"""NIK (Nomor Induk Kependudukan) checks: pure functions, no Django.

Layout `PPKKCC DDMMYY SSSS` (DOMAIN.md §6.1, Dukcapil): region of first registration, day of
birth (+40 for women), month, two-digit year, serial from 0001. The NIK never changes, even when
the recorded birth date is later corrected, so date and sex mismatches are warnings, not errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NIK_LENGTH = 16  # Dukcapil: NIK is 16 digits.
FEMALE_DAY_OFFSET = 40  # Dukcapil: women's day of birth is written +40 (41–71).
MAX_DAY = 31
MIN_FEMALE_DAY = FEMALE_DAY_OFFSET + 1
MAX_FEMALE_DAY = FEMALE_DAY_OFFSET + MAX_DAY
MAX_MONTH = 12
EMPTY_SERIAL = "0000"  # numbering starts at 0001 (DOMAIN §6.1, unverified but never issued).
CENTURIES = (2000, 1900)  # a two-digit year may belong to either; prefer the recent one.

MALE = "L"
FEMALE = "P"


@dataclass(frozen=True)
class NikInfo:
    """What a structurally valid NIK says about its holder."""

    region_code: str  # 6 digits: province, kab/kota, kecamatan (Kemendagri, no dots)
    sex: str  # "L" or "P"
    day: int
    month: int
    year_2digit: int
    serial: str

    def matches_birth_date(self, birth_date: dt.date) -> bool:
        return (
            birth_date.day == self.day
            and birth_date.month == self.month
            and birth_date.year % 100 == self.year_2digit
        )


def normalize_nik(raw: str) -> str:
    """Drop the spaces, dots and dashes people type between digit groups."""
    return "".join(ch for ch in (raw or "") if ch not in " .-\t")


def _real_date(day: int, month: int, year_2digit: int) -> bool:
    for century in CENTURIES:
        try:
            dt.date(century + year_2digit, month, day)
        except ValueError:
            continue
        return True
    return False


def nik_errors(nik: str) -> list[str]:
    """Hard-rule violations (Indonesian messages); an empty list means the NIK is well formed.

    Rules: 16 ASCII digits; DD 01–31 or 41–71; MM 01–12; DDMMYY (women −40) a real date;
    serial ≠ 0000. Pass the value through `normalize_nik` first.
    """
    if len(nik) != NIK_LENGTH or not (nik.isascii() and nik.isdigit()):
        return [f"NIK harus tepat {NIK_LENGTH} angka (sekarang {len(nik)} karakter)."]
    errors = []
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day_ok = 1 <= day <= MAX_DAY or MIN_FEMALE_DAY <= day <= MAX_FEMALE_DAY
    if not day_ok:
        errors.append(
            f"Angka ke-7–8 NIK (tanggal lahir) harus 01–31, atau 41–71 untuk perempuan; "
            f"tertulis {nik[6:8]}."
        )
    if not 1 <= month <= MAX_MONTH:
        errors.append(f"Angka ke-9–10 NIK (bulan lahir) harus 01–12; tertulis {nik[8:10]}.")
    if day_ok and 1 <= month <= MAX_MONTH:
        real_day = day - FEMALE_DAY_OFFSET if day > FEMALE_DAY_OFFSET else day
        if not _real_date(real_day, month, year):
            errors.append(
                f"Tanggal lahir dalam NIK ({real_day:02d}-{month:02d}-{year:02d}) "
                "bukan tanggal yang ada."
            )
    if nik[12:] == EMPTY_SERIAL:
        errors.append("Empat angka terakhir NIK (nomor urut) tidak boleh 0000.")
    return errors


def parse_nik(nik: str) -> NikInfo | None:
    """The facts encoded in a NIK, or None when it breaks a hard rule."""
    if nik_errors(nik):
        return None
    day = int(nik[6:8])
    female = day > FEMALE_DAY_OFFSET
    return NikInfo(
        region_code=nik[:6],
        sex=FEMALE if female else MALE,
        day=day - FEMALE_DAY_OFFSET if female else day,
        month=int(nik[8:10]),
        year_2digit=int(nik[10:12]),
        serial=nik[12:],
    )


def nik_warnings(nik: str, sex: str | None, birth_date: dt.date | None) -> list[str]:
    """Soft-rule mismatches between a valid NIK and the recorded sex and birth date.

    Never a reason to refuse: the birth date may have been corrected after the NIK was issued.
    Returns [] for an invalid NIK (report `nik_errors` instead).
    """
    info = parse_nik(nik)
    if info is None:
        return []
    warnings = []
    if sex in (MALE, FEMALE) and sex != info.sex:
        implied = "perempuan" if info.sex == FEMALE else "laki-laki"
        warnings.append(
            f"NIK menunjukkan jenis kelamin {implied} (tanggal lahir di NIK "
            f"{'ditambah 40' if info.sex == FEMALE else 'tanpa tambahan 40'}), "
            "berbeda dengan yang diisi."
        )
    if birth_date is not None and not info.matches_birth_date(birth_date):
        warnings.append(
            f"Tanggal lahir di NIK ({info.day:02d}-{info.month:02d}-{info.year_2digit:02d}) "
            f"berbeda dengan tanggal lahir yang diisi ({birth_date:%d-%m-%y})."
        )
    return warnings


# Digits a masked NIK/KK keeps at each end: the province and kota (which every reader of the
# region already knows) and the serial, enough to tell two records apart.
MASK_KEEP_START = 4
MASK_KEEP_END = 4


def mask_nik(nik: str) -> str:
    """Show only province, kota and serial (`3275••••••••0001`): NIK is personal data.

    The kecamatan and birth-date digits stay hidden: together with the birth date and sex a
    page shows, they would give the whole number back. A value of another length (a typo) is
    hidden entirely; "" stays "".
    """
    if len(nik) != NIK_LENGTH:
        return "•" * len(nik)
    hidden = "•" * (NIK_LENGTH - MASK_KEEP_START - MASK_KEEP_END)
    return f"{nik[:MASK_KEEP_START]}{hidden}{nik[-MASK_KEEP_END:]}"
