"""Inputs of the monitoring pages (query-string filters) and of the growth chart."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_PERIOD = dt.date(2000, 1, 1)


class DashboardFilterForm(forms.Form):
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

    def __init__(self, data=None, *args, **kwargs):
        # Without ?bulan= the page shows the current month; put it in the input too, or the
        # month picker would render blank while the page says which month it shows.
        if data is not None and not data.get("bulan"):
            data = data.copy()
            data["bulan"] = timezone.localdate().strftime("%Y-%m")
        super().__init__(data, *args, **kwargs)

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
        """The chosen report month, or the current month when none (or an invalid one) was given."""
        chosen = self.cleaned_data.get("bulan") if self.is_valid() else None
        return chosen or timezone.localdate().replace(day=1)

    def include_unverified(self) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get("semua", False))


class GrowthChartForm(forms.Form):
    ukur = forms.ChoiceField(
        label=_("Cara ukur"),
        required=False,
        choices=[
            ("", _("otomatis menurut umur")),
            ("panjang", _("panjang badan (BB/PB)")),
            ("tinggi", _("tinggi badan (BB/TB)")),
        ],
        error_messages={"invalid_choice": _("pilih 'panjang' atau 'tinggi'.")},
    )
