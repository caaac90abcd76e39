"""`{{ value|amount }}`: a Decimal the Indonesian way with only the decimals it has.

floatformat pads to a fixed number of places ("790,500" for 790.5 juta rupiah), which reads as
seven hundred thousand; here 790.5 is "790,5" and 1250 is "1.250"; None is "–".
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def amount(value) -> str:
    if value is None or value == "":
        return "–"
    number = Decimal(value).normalize()
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
