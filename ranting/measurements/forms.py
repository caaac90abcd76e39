"""The kader's monthly measurement form (mobile-first: big inputs, decimal keypad)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ranting.growth.kms import age_in_completed_months
from ranting.measurements.checks import EXCLUSIVE_BF_MAX_MONTHS, input_errors
from ranting.measurements.models import Measurement

if TYPE_CHECKING:  # a development dependency
    from django_stubs_ext import StrOrPromise

# PMK 2/2020: length lying down (terlentang) under 24 months, height standing from 24 months.
STANDING_FROM_MONTHS = 24


# Decimal places the model stores; checked in clean() after the range rules, so "0,76" (metres)
# gets the "cm, bukan meter" hint rather than a generic decimal-places error.
DECIMAL_PLACES = {"weight_kg": 2, "lenhei_cm": 1, "armc_cm": 1, "headc_cm": 1}


def _decimal(label, required: bool = True, help_text: StrOrPromise = "") -> forms.Field:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        localize=True,  # accept the Indonesian decimal comma ("8,5") as well as "8.5"
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Tanggal ukur"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    weight_kg = _decimal(_("Berat badan (kg)"), help_text=_("Contoh: 8,5"))
    lenhei_cm = _decimal(
        _("Panjang/tinggi badan (cm)"), required=False, help_text=_("Contoh: 72,5")
    )
    position = forms.ChoiceField(
        label=_("Cara ukur"),
        choices=Measurement.Position.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    oedema = forms.BooleanField(label=_("Ada edema (bengkak di kedua kaki)"), required=False)
    armc_cm = _decimal(_("LiLA (cm)"), required=False)
    headc_cm = _decimal(_("Lingkar kepala (cm)"), required=False)
    vitamin_a = forms.BooleanField(label=_("Mendapat vitamin A"), required=False)
    exclusive_breastfeeding = forms.BooleanField(
        label=_("ASI eksklusif (hanya ASI sampai sekarang)"), required=False
    )
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(label=_("Ya, nilai ini benar"), required=False)

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        today = timezone.localdate()
        months = age_in_completed_months(child.birth_date, max(today, child.birth_date))
        self.fields["measured_on"].initial = today
        self.fields["position"].initial = (
            Measurement.Position.LENGTH
            if months < STANDING_FROM_MONTHS
            else Measurement.Position.HEIGHT
        )
        # ASI eksklusif only concerns infants under 6 months.
        self.show_breastfeeding = months < EXCLUSIVE_BF_MAX_MONTHS or bool(
            self.data.get(self.add_prefix("exclusive_breastfeeding"))
        )

    def clean(self):
        data = super().clean()
        for field, reasons in input_errors(self.child.birth_date, data).items():
            if field in self.fields and field in data:
                for reason in reasons:
                    self.add_error(field, reason)
        for field, places in DECIMAL_PLACES.items():
            value = data.get(field)
            if value is not None and value.as_tuple().exponent < -places:
                self.add_error(
                    field,
                    _("Isi paling banyak %(n)d angka di belakang koma.") % {"n": places},
                )
        return data


class CorrectionForm(MeasurementForm):
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: salah ketik berat, timbangan belum nol."),
    )

    @classmethod
    def initial_from(cls, m: Measurement) -> dict[str, object]:
        return {
            "measured_on": m.measured_on,
            "weight_kg": m.weight_kg,
            "lenhei_cm": m.lenhei_cm,
            "position": m.position,
            "oedema": m.oedema,
            "armc_cm": m.armc_cm,
            "headc_cm": m.headc_cm,
            "vitamin_a": m.vitamin_a,
            "exclusive_breastfeeding": m.exclusive_breastfeeding,
            "notes": m.notes,
        }


class _SharedFields(dict):
    def __deepcopy__(self, memo):
        return self


def _input_only(form_class: type[MeasurementForm]) -> type[MeasurementForm]:
    """`form_class` for input that is validated and never rendered (the API): its forms share
    the class's fields instead of deep-copying them, a third of a form's cost, and skip the
    page's initial values. Fields are only read while cleaning, so sharing them is safe."""

    class InputOnly(form_class):  # type: ignore[valid-type, misc]
        def __init__(self, data, *, child):
            forms.Form.__init__(self, data)
            self.child = child

    InputOnly.base_fields = _SharedFields(form_class.base_fields)
    InputOnly.__name__ = InputOnly.__qualname__ = f"{form_class.__name__}Input"
    return InputOnly


MeasurementInput = _input_only(MeasurementForm)
CorrectionInput = _input_only(CorrectionForm)
