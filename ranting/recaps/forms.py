"""Input of the recap pages: the month selector and the verification forms."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
NOTE_MAX_LENGTH = 1000


def parse_month(value: str) -> dt.date | None:
    """ "YYYY-MM" → the first day of that month; None when the text is not a valid month."""
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and year >= 2000):
        return None
    return dt.date(year, month, 1)


class PeriodForm(forms.Form):
    """?bulan=YYYY-MM on the recap index (the kelurahan choice is checked against scope)."""

    bulan = forms.CharField(
        label=_("Bulan laporan"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, latest: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest = latest

    def clean_bulan(self) -> dt.date | None:
        raw = self.cleaned_data["bulan"].strip()
        if not raw:
            return None
        period = parse_month(raw)
        if period is None:
            raise forms.ValidationError(
                _("Bulan laporan tidak valid: tulis tahun dan bulan, misalnya 2025-03.")
            )
        if period > self.latest:
            raise forms.ValidationError(
                _("Bulan laporan tidak boleh melewati bulan ini (%(bulan)s).")
                % {"bulan": self.latest.strftime("%Y-%m")}
            )
        return period


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan untuk kader"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tuliskan data apa yang harus diperbaiki kader."),
        error_messages={
            "required": _("Catatan wajib diisi: tuliskan apa yang harus diperbaiki kader."),
        },
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan persetujuan (boleh kosong)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kader akan melihat alasan ini dan memperbaiki data bulan tersebut."),
        error_messages={
            "required": _("Alasan wajib diisi: tuliskan mengapa laporan dibuka kembali."),
        },
    )
