"""Display helpers for measurement results: PMK labels with colour, ages, z-scores, warnings."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from ranting.growth.classify import CATEGORY_LABELS, CATEGORY_SEVERITY
from ranting.growth.kms import REFERRAL_LABELS, STATUS_LABELS
from ranting.measurements.derive import CONFIRM_WARNINGS, WARNING_LABELS

register = template.Library()

GROWTH_SEVERITY = {"N": "ok", "T": "danger", "O": "warning", "B": "info"}
MONTHS_PER_YEAR = 12


@register.filter
def status_label(code: str) -> str:
    return CATEGORY_LABELS.get(code or "", code) or "–"


@register.filter
def status_severity(code: str) -> str:
    return CATEGORY_SEVERITY.get(code or "", "")


@register.filter
def growth_label(code: str) -> str:
    return STATUS_LABELS.get(code or "", code)


@register.filter
def growth_severity(code: str) -> str:
    return GROWTH_SEVERITY.get(code or "", "")


@register.filter
def referral_labels(codes: str) -> list[str]:
    return [REFERRAL_LABELS.get(c, c) for c in (codes or "").split(",") if c]


@register.filter
def warning_labels(codes: str) -> list[str]:
    return [str(WARNING_LABELS.get(c, c)) for c in (codes or "").split(",") if c]


@register.filter
def needs_confirmation(codes: str) -> bool:
    return bool(set((codes or "").split(",")) & CONFIRM_WARNINGS)


@register.filter
def age_label(months: int | None) -> str:
    """Completed months as "X th Y bln" (e.g. 15 → "1 th 3 bln")."""
    if months is None or months == "":
        return "–"
    years, rest = divmod(int(months), MONTHS_PER_YEAR)
    return _("%(y)d th %(m)d bln") % {"y": years, "m": rest}


@register.filter
def zfmt(value: float | None) -> str:
    """A z-score with two decimals and a decimal comma; "–" when not computed."""
    if value is None or value == "":
        return "–"
    return f"{float(value):+.2f}".replace(".", ",").replace("-", "−")


@register.filter
def age_today(birth_date) -> str:
    """Today's age of a child born on `birth_date`, as "X th Y bln"."""
    from django.utils import timezone

    from ranting.growth.kms import age_in_completed_months

    today = timezone.localdate()
    if birth_date is None or birth_date > today:
        return "–"
    return age_label(age_in_completed_months(birth_date, today))


# Codes that mean "nothing to report" for the compact badge list.
NORMAL_CODES = frozenset({"", "normal", "gizi_baik", "berat_badan_normal"})


@register.filter
def status_badges(m) -> list[tuple[str, str]]:
    """(label, severity) of the noteworthy results of measurement `m`, or one "Normal" badge."""
    badges = [
        (status_label(code), status_severity(code))
        for code in (m.status_tbu, m.status_bbtb, m.status_bbu)
        if code not in NORMAL_CODES
    ]
    if m.two_t:
        badges.append(("2T", "danger"))
    if m.bgm:
        badges.append(("BGM", "danger"))
    if m.flags:
        badges.append((_("Nilai tidak wajar"), "warning"))
    if not badges and (m.status_tbu or m.status_bbu):
        badges.append((_("Normal"), "ok"))
    return badges
