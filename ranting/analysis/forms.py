"""Query-string inputs of the SKDN pages: month, data source and export format."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_PERIOD = dt.date(2000, 1, 1)
FORMATS = ("xlsx", "csv")


class SkdnFilterForm(forms.Form):
    bulan = forms.DateField(
        label=_("Bulan laporan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("tulis bulan dengan format TTTT-BB, misalnya 2025-05.")},
    )
    semua = forms.BooleanField(
        label=_("Sertakan data yang belum diverifikasi kelurahan"), required=False
    )
    format = forms.ChoiceField(
        label=_("Format unduhan"),
        required=False,
        choices=[("", _("halaman")), ("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        error_messages={"invalid_choice": _("pilih 'xlsx' atau 'csv'.")},
    )

    def clean_bulan(self) -> dt.date | None:
        value = self.cleaned_data.get("bulan")
        if value is None:
            return None
        value = value.replace(day=1)
        if value > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("bulan laporan tidak boleh melewati bulan ini."))
        if value < EARLIEST_PERIOD:
            raise forms.ValidationError(_("bulan laporan paling awal Januari 2000."))
        return value

    def period(self) -> dt.date:
        """The chosen month; the current month when none (or an invalid one) was given."""
        chosen = self.cleaned_data.get("bulan") if self.is_valid() else None
        return chosen or timezone.localdate().replace(day=1)

    def include_unverified(self) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get("semua", False))

    def export_format(self) -> str:
        """ "xlsx", "csv" or "" (the page); only meaningful when the form is valid."""
        self.is_valid()
        return self.cleaned_data.get("format", "") or ""

    def error_text(self) -> str:
        """All errors as one line naming each field, for a plain-text 400 answer."""
        return "; ".join(
            f"{self[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in self.errors.items()
        )
