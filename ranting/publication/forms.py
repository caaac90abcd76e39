"""Inputs of the publication pages: the round (query string), freezing and withdrawing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ranting.publication.figures import PUBLISHED_INDICATORS
from ranting.publication.rounds import (
    EARLIEST_YEAR,
    MONTH_LABELS,
    ROUND_MONTHS,
    Round,
    latest_round,
)

ROUND_CHOICES = [(str(m), MONTH_LABELS[m]) for m in ROUND_MONTHS]
NOTE_MAX = 1000
REASON_MAX = 300


class RoundForm(forms.Form):
    """?tahun=2025&ronde=8; without them (or when invalid) the latest round that has started."""

    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=EARLIEST_YEAR,
        error_messages={
            "invalid": _("tulis tahun dengan angka, misalnya 2025."),
            "min_value": _("tahun paling awal %(limit_value)s."),
        },
    )
    ronde = forms.TypedChoiceField(
        label=_("Bulan penimbangan"),
        required=False,
        choices=ROUND_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": _("pilih Februari atau Agustus.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        # Fill the inputs with the round shown, so the form never contradicts the page.
        latest = latest_round(timezone.localdate())
        if data is not None:
            data = data.copy()
            if not data.get("tahun"):
                data["tahun"] = str(latest.year)
            if not data.get("ronde"):
                data["ronde"] = str(latest.month)
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("tahun"), cleaned.get("ronde")
        if year is not None and month is not None:
            rnd = Round(year, month)
            if not rnd.has_started(timezone.localdate()):
                raise forms.ValidationError(
                    _("Ronde %(round)s belum dimulai: pilih ronde yang sudah berjalan."),
                    params={"round": rnd.label},
                )
        return cleaned

    def round(self) -> Round:
        if self.is_valid():
            year, month = self.cleaned_data.get("tahun"), self.cleaned_data.get("ronde")
            if year is not None and month is not None:
                return Round(year, month)
        return latest_round(timezone.localdate())

    def error_lines(self) -> list[str]:
        """Every error as "Field: message", naming the field (or the round as a whole)."""
        lines: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else _("Ronde")
            lines.extend(f"{label}: {error}" for error in errors)
        return lines


def indicator_code(value: str | None) -> str:
    """The indicator shown in the chart and map; unknown values fall back to stunting."""
    return value if value in PUBLISHED_INDICATORS else PUBLISHED_INDICATORS[0]


class FreezeForm(forms.Form):
    tahun = forms.IntegerField(min_value=EARLIEST_YEAR, widget=forms.HiddenInput)
    ronde = forms.TypedChoiceField(choices=ROUND_CHOICES, coerce=int, widget=forms.HiddenInput)
    catatan = forms.CharField(
        label=_("Catatan untuk versi ini"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya sumber data, perubahan dari versi sebelumnya, atau kontak."),
        error_messages={"max_length": _("catatan paling banyak %(limit_value)d karakter.")},
    )
    aksi = forms.ChoiceField(
        choices=[("terbitkan", _("Bekukan & terbitkan")), ("draf", _("Bekukan sebagai draf"))],
        error_messages={"invalid_choice": _("pilih terbitkan atau draf.")},
    )

    def round(self) -> Round:
        return Round(self.cleaned_data["tahun"], self.cleaned_data["ronde"])

    @property
    def publish(self) -> bool:
        return self.cleaned_data["aksi"] == "terbitkan"


class WithdrawForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan penarikan"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("alasan penarikan wajib diisi."),
            "max_length": _("alasan paling banyak %(limit_value)d karakter."),
        },
    )
