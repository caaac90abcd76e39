"""Hard input rules of a measurement: impossible values are refused with the field and the reason.

Pure functions of the child and the submitted values (no query), shared by the form and by
`services.record_measurement`, so the API and imports cannot bypass them. Plausibility warnings
that only need confirmation (WHO flags, weight loss, shrinking length) live in `derive.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ranting.growth.kms import age_in_completed_months

# WHO anthro input cleaning (DOMAIN.md §7.1): weight < 0.9 or > 58 kg and length/height < 38 or
# > 150 cm are set to NA, so the form refuses them instead.
MIN_WEIGHT_KG = Decimal("0.9")
MAX_WEIGHT_KG = Decimal("58")
MIN_LENHEI_CM = Decimal("38")
MAX_LENHEI_CM = Decimal("150")
# A weight above this was typed in grams; a length below this was typed in metres.
GRAMS_HINT_ABOVE = Decimal("100")
METRES_HINT_BELOW = Decimal("3")
# Unit sanity for the optional circumferences (design choice; LiLA 7–25 cm is typical, §7.2.3);
# the WHO flags on zac/zhc catch the implausible values inside these bounds.
MIN_ARMC_CM, MAX_ARMC_CM = Decimal("5"), Decimal("35")
MIN_HEADC_CM, MAX_HEADC_CM = Decimal("25"), Decimal("60")
MM_HINT_ABOVE = Decimal("100")
# Translated only when a message names them (these checks run for every item of a batch).
ARMC_LABEL = gettext_lazy("LiLA")
HEADC_LABEL = gettext_lazy("Lingkar kepala")
# Balita program: 0–59 completed months (DOMAIN.md §7.2.1).
BALITA_MAX_MONTHS = 60
# Standing height before 9 months is refused (DOMAIN.md §7.2.2; anthro c9mo_flag).
MIN_STANDING_MONTHS = 9
# ASI eksklusif is recorded for infants under 6 months (SKDN row 12).
EXCLUSIVE_BF_MAX_MONTHS = 6


def _num(value: Decimal) -> str:
    return f"{value:f}".replace(".", ",")


def input_errors(
    birth_date: dt.date, data: Mapping[str, Any], today: dt.date | None = None
) -> dict[str, list[str]]:
    """Reasons to refuse the values, keyed by form field; empty when they are acceptable.

    `data` holds measured_on, weight_kg (kg), lenhei_cm (cm or None), position ("l", "h" or ""),
    armc_cm, headc_cm (cm or None) and exclusive_breastfeeding.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    measured_on = data.get("measured_on")
    months = None
    if isinstance(measured_on, dt.date):
        if measured_on > today:
            add("measured_on", _("Tanggal ukur tidak boleh di masa depan."))
        if measured_on < birth_date:
            add(
                "measured_on",
                _("Tanggal ukur sebelum tanggal lahir anak (%(birth)s).")
                % {"birth": birth_date.strftime("%d-%m-%Y")},
            )
        else:
            months = age_in_completed_months(birth_date, measured_on)
            if months >= BALITA_MAX_MONTHS:
                add(
                    "measured_on",
                    _(
                        "Pada tanggal ini anak sudah berumur %(months)d bulan; program balita "
                        "hanya sampai umur 59 bulan."
                    )
                    % {"months": months},
                )

    weight = data.get("weight_kg")
    if weight is not None and not MIN_WEIGHT_KG <= weight <= MAX_WEIGHT_KG:
        message = _("Berat badan harus antara %(lo)s dan %(hi)s kg.") % {
            "lo": _num(MIN_WEIGHT_KG),
            "hi": _num(MAX_WEIGHT_KG),
        }
        if weight > GRAMS_HINT_ABOVE:
            message += " " + _("Isi berat dalam kg, bukan gram (misalnya 8,5).")
        add("weight_kg", message)

    lenhei = data.get("lenhei_cm")
    position = data.get("position") or ""
    if lenhei is not None:
        if not MIN_LENHEI_CM <= lenhei <= MAX_LENHEI_CM:
            message = _("Panjang/tinggi badan harus antara %(lo)s dan %(hi)s cm.") % {
                "lo": _num(MIN_LENHEI_CM),
                "hi": _num(MAX_LENHEI_CM),
            }
            if lenhei < METRES_HINT_BELOW:
                message += " " + _("Isi dalam cm, bukan meter (misalnya 75,5).")
            add("lenhei_cm", message)
        if not position:
            add("position", _("Pilih cara ukur: terlentang atau berdiri."))
        elif position == "h" and months is not None and months < MIN_STANDING_MONTHS:
            add(
                "position",
                _("Bayi di bawah 9 bulan harus diukur terlentang, bukan berdiri."),
            )

    for field, lo, hi, label in (
        ("armc_cm", MIN_ARMC_CM, MAX_ARMC_CM, ARMC_LABEL),
        ("headc_cm", MIN_HEADC_CM, MAX_HEADC_CM, HEADC_LABEL),
    ):
        value = data.get(field)
        if value is not None and not lo <= value <= hi:
            message = _("%(label)s harus antara %(lo)s dan %(hi)s cm.") % {
                "label": label,
                "lo": _num(lo),
                "hi": _num(hi),
            }
            if value > MM_HINT_ABOVE:
                message += " " + _("Isi dalam cm, bukan mm.")
            add(field, message)

    too_old_for_asi = months is not None and months >= EXCLUSIVE_BF_MAX_MONTHS
    if data.get("exclusive_breastfeeding") and too_old_for_asi:
        add(
            "exclusive_breastfeeding", _("ASI eksklusif hanya dicatat untuk bayi di bawah 6 bulan.")
        )
    return errors
