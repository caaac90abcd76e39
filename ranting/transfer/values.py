"""Cell values of a register file → Python values, or ValueError with an Indonesian reason.

Cells come as text (CSV) or as numbers, dates and text (xlsx through openpyxl). Registers are
typed by hand in Excel, so the parsers accept what kader actually write: dates as dd/mm/yyyy,
yyyy-mm-dd or Excel serial numbers, a decimal comma, "L"/"Laki-laki", "Ya"/"Tidak", and the
vitamin A capsule colours ("biru", "merah") meaning "received".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Excel's 1900 date system: serial 1 is 1900-01-01 and the fake 1900-02-29 is serial 60, so
# serials from 61 on count from 1899-12-30. Registers only hold dates after 1900-03-01.
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_EXCEL_SERIAL = 61
MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
# Float cells from Excel carry binary noise (8.500000000001); nothing we store has more places.
FLOAT_PLACES = 6

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?e\+?\d+$", re.IGNORECASE)

SEX_VALUES = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "pria": "L",
    "m": "L", "male": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "f": "P", "female": "P", "2": "P",
}  # fmt: skip
POSITION_VALUES = {
    "berdiri": "h", "b": "h", "h": "h", "tinggi": "h", "tb": "h", "standing": "h",
    "terlentang": "l", "telentang": "l", "tidur": "l", "berbaring": "l", "t": "l", "l": "l",
    "panjang": "l", "pb": "l", "recumbent": "l",
}  # fmt: skip
TRUE_VALUES = {"ya", "y", "yes", "v", "✓", "√", "true", "benar", "ada", "sudah",
               "biru", "merah", "dapat"}  # fmt: skip
FALSE_VALUES = {"", "tidak", "tdk", "t", "n", "no", "-", "false", "salah", "belum",
                "tidak ada"}  # fmt: skip


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """Trimmed text with inner runs of spaces collapsed; whole-number cells lose their '.0'."""
    if type(value) is str:
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def digits(value: object, what: str) -> str:
    """A number written as digits (NIK, KK): spaces, dots and dashes between groups removed.

    Refuses numbers that Excel turned into scientific notation, which lost their last digits.
    """
    raw = text(value)
    if _SCIENTIFIC.match(raw):
        raise ValueError(
            _(
                "%(what)s tertulis sebagai %(raw)s: Excel mengubahnya menjadi angka ilmiah dan "
                "angka terakhirnya hilang. Format kolom sebagai Teks lalu isi ulang."
            )
            % {"what": what, "raw": raw}
        )
    return "".join(ch for ch in raw if ch not in " .-\t'")


def date(value: object) -> dt.date | None:
    """dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, an Excel serial number, or an Excel date cell."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    raw = text(value).split(" ")[0]  # "2024-03-15 00:00:00" from a datetime exported as text
    if _SERIAL.match(raw):
        return _from_serial(float(raw))
    if match := _YMD.match(raw):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) != 4:
            raise ValueError(
                _("Tahun harus ditulis 4 angka (misalnya 15/03/2024); tertulis “%(raw)s”.")
                % {"raw": raw}
            )
    else:
        raise ValueError(
            _("“%(raw)s” bukan tanggal; tulis hh/bb/tttt (misalnya 15/03/2024).") % {"raw": raw}
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("Tanggal “%(raw)s” tidak ada di kalender.") % {"raw": raw}) from None


def _from_serial(serial: float) -> dt.date:
    if not MIN_EXCEL_SERIAL <= serial <= MAX_EXCEL_SERIAL:
        raise ValueError(_("Angka %(n)s bukan tanggal Excel yang sah.") % {"n": text(serial)})
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def decimal(value: object) -> Decimal | None:
    """'8,5', '8.5', '8,5 kg' or a number cell → Decimal; blank → None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(raw)s” bukan angka.") % {"raw": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(round(value, FLOAT_PLACES))).normalize()
    raw = value.strip() if type(value) is str else text(value)
    if raw and raw[-1].isalpha():  # "8,5 kg"
        raw = raw.lower()
        for unit in ("kg", "cm", "gr"):
            raw = raw.removesuffix(unit).strip()
    if not _NUMBER.match(raw):
        raise ValueError(_("“%(raw)s” bukan angka; tulis misalnya 8,5.") % {"raw": text(value)})
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        raise ValueError(_("“%(raw)s” bukan angka.") % {"raw": text(value)}) from None


def sex(value: object) -> str | None:
    if is_blank(value):
        return None
    found = SEX_VALUES.get(text(value).lower())
    if found is None:
        raise ValueError(
            _("“%(raw)s” bukan jenis kelamin; isi L (laki-laki) atau P (perempuan).")
            % {"raw": text(value)}
        )
    return found


def position(value: object) -> str:
    if is_blank(value):
        return ""
    found = POSITION_VALUES.get(text(value).lower())
    if found is None:
        raise ValueError(
            _("“%(raw)s” bukan cara ukur; isi “berdiri” atau “terlentang”.") % {"raw": text(value)}
        )
    return found


def boolean(value: object) -> bool:
    """Yes/no columns; a positive count (e.g. 'Jml Vit A' = 1) means yes."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    raw = text(value).lower()
    if raw.isdigit():
        return int(raw) > 0
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ValueError(_("“%(raw)s” tidak dikenal; isi “ya” atau “tidak”.") % {"raw": text(value)})
