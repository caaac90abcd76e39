"""Numbers typed the Indonesian way: "1.250,5" and "1250,5" are 1250.5; "8.5" is 8.5.

Django's localized DecimalField reads "1.250" as 1.25 and rejects "1.250,5", while Indonesian
budget figures are written with dots between thousands. The rules here:
- a comma is the decimal separator; with a comma present, dots may only group thousands;
- without a comma, several dots group thousands ("1.250.000"); one dot followed by other than
  three digits is a decimal point ("8.5", "12.75");
- one dot followed by exactly three digits ("1.250") is ambiguous (1250 or 1,25) and refused with
  a message asking for a form that is not.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
PLAIN = re.compile(r"^\d+$")
DECIMALS = re.compile(r"^\d*$")


def parse_number(text: str) -> Decimal:
    """The Decimal an Indonesian user meant by `text`; ValidationError saying why not."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if raw.startswith("-"):
        raise ValidationError(_("tidak boleh negatif."), code="negative")
    if raw.count(",") > 1:
        raise ValidationError(_("hanya boleh satu koma desimal."), code="invalid")
    whole, comma, decimals = raw.partition(",")
    if comma:
        if not DECIMALS.match(decimals) or not decimals:
            raise ValidationError(_("bukan angka (contoh: 1250,5)."), code="invalid")
        if "." in whole and not GROUPED.match(whole):
            raise ValidationError(
                _("titik hanya untuk pemisah ribuan, misalnya 1.250,5."), code="invalid"
            )
        whole = whole.replace(".", "")
    elif whole.count(".") > 1:
        if not GROUPED.match(whole):
            raise ValidationError(_("bukan angka (contoh: 1.250.000)."), code="invalid")
        whole = whole.replace(".", "")
    elif "." in whole:
        head, _dot, tail = whole.partition(".")
        if len(tail) == 3 and PLAIN.match(head) and PLAIN.match(tail):
            raise ValidationError(
                _(
                    "%(value)s bisa berarti ribuan atau desimal: tulis %(thousands)s atau "
                    "%(decimal)s."
                )
                % {"value": raw, "thousands": head + tail, "decimal": f"{head},{tail}"},
                code="ambiguous",
            )
        whole, decimals = head, tail
        comma = "."
    if not whole and comma:
        whole = "0"
    if not PLAIN.match(whole) or not DECIMALS.match(decimals):
        raise ValidationError(_("bukan angka (contoh: 1250,5)."), code="invalid")
    try:
        return Decimal(f"{whole}.{decimals}" if decimals else whole)
    except InvalidOperation as err:
        raise ValidationError(_("bukan angka (contoh: 1250,5)."), code="invalid") from err
