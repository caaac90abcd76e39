"""Forms of the child register. Hard rules become field errors; soft ones become `warnings`
that the kader confirms with the "Ya, data ini benar" box before the form is valid."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ranting.children.models import Child
from ranting.children.services import find_duplicates
from ranting.growth.kms import age_in_completed_months
from ranting.lib.nik import nik_errors, nik_warnings, normalize_nik
from ranting.measurements.checks import BALITA_MAX_MONTHS
from ranting.regions.models import Posyandu

# Birth weight and length bounds (design choice, units sanity: the smallest surviving preterm
# infants and the largest newborns stay inside). Values outside were typed in the wrong unit.
MIN_BIRTH_WEIGHT_KG, MAX_BIRTH_WEIGHT_KG = Decimal("0.4"), Decimal("7")
MIN_BIRTH_LENGTH_CM, MAX_BIRTH_LENGTH_CM = Decimal("25"), Decimal("65")
GRAMS_HINT_ABOVE = Decimal("100")
METRES_HINT_BELOW = Decimal("3")


def _num(value: Decimal) -> str:
    return f"{value:f}".replace(".", ",")


DECIMAL_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class ChildForm(forms.ModelForm):
    posyandu = forms.ModelChoiceField(
        label=_lazy("Posyandu"), queryset=Posyandu.objects.none(), required=False
    )
    birth_weight_kg = forms.DecimalField(
        label=_lazy("Berat lahir (kg)"), required=False, widget=DECIMAL_WIDGET, localize=True
    )
    birth_length_cm = forms.DecimalField(
        label=_lazy("Panjang lahir (cm)"), required=False, widget=DECIMAL_WIDGET, localize=True
    )
    confirm = forms.BooleanField(
        label=_lazy("Ya, data ini benar (bukan anak yang sama)"), required=False
    )

    class Meta:
        model = Child
        fields = [
            "name",
            "nik",
            "sex",
            "birth_date",
            "birth_weight_kg",
            "birth_length_cm",
            "mother_name",
            "mother_nik",
            "father_name",
            "phone",
            "no_kk",
            "address",
            "rt",
            "rw",
            "has_kia_book",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sex": forms.RadioSelect,
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "mother_nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "no_kk": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "rt": forms.TextInput(attrs={"inputmode": "numeric"}),
            "rw": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "nik": _lazy("16 angka, boleh dikosongkan bila anak belum punya NIK."),
        }

    def __init__(self, *args, posyandus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.duplicates = []
        if posyandus is None:  # editing: the posyandu changes only through "Pindah posyandu"
            del self.fields["posyandu"]
        else:
            self.fields["posyandu"].queryset = posyandus
            self.fields["posyandu"].required = True
            if len(posyandus) == 1:
                self.fields["posyandu"].initial = posyandus[0]
                self.fields["posyandu"].widget = forms.HiddenInput()

    def _clean_nik_field(self, name: str, label: str) -> str:
        nik = normalize_nik(self.cleaned_data.get(name) or "")
        if nik:
            for message in nik_errors(nik):
                self.add_error(name, f"{label}: {message}")
        return nik

    def clean_nik(self) -> str:
        return self._clean_nik_field("nik", _("NIK anak"))

    def clean_mother_nik(self) -> str:
        return self._clean_nik_field("mother_nik", _("NIK ibu"))

    def clean_no_kk(self) -> str:
        kk = normalize_nik(self.cleaned_data.get("no_kk") or "")
        if kk and (len(kk) != 16 or not kk.isdigit()):
            raise forms.ValidationError(_("Nomor KK harus tepat 16 angka."))
        return kk

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        changed = self.instance.pk is None or birth_date != self.instance.birth_date
        months = age_in_completed_months(birth_date, today)
        if changed and months >= BALITA_MAX_MONTHS:
            raise forms.ValidationError(
                _(
                    "Anak sudah berumur %(months)d bulan; program balita hanya untuk umur "
                    "0–59 bulan."
                )
                % {"months": months}
            )
        return birth_date

    def _clean_range(self, name, lo, hi, unit_hint_above, unit_hint_below, message):
        value = self.cleaned_data.get(name)
        if value is None:
            return value
        if lo <= value <= hi:
            places = Child._meta.get_field(name).decimal_places
            if value.as_tuple().exponent < -places:
                raise forms.ValidationError(
                    _("Isi paling banyak %(n)d angka di belakang koma.") % {"n": places}
                )
            return value
        if unit_hint_above is not None and value > unit_hint_above:
            message += " " + _("Isi dalam kg, bukan gram.")
        if unit_hint_below is not None and value < unit_hint_below:
            message += " " + _("Isi dalam cm, bukan meter.")
        raise forms.ValidationError(message)

    def clean_birth_weight_kg(self):
        return self._clean_range(
            "birth_weight_kg",
            MIN_BIRTH_WEIGHT_KG,
            MAX_BIRTH_WEIGHT_KG,
            GRAMS_HINT_ABOVE,
            None,
            _("Berat lahir harus antara %(lo)s dan %(hi)s kg.")
            % {"lo": _num(MIN_BIRTH_WEIGHT_KG), "hi": _num(MAX_BIRTH_WEIGHT_KG)},
        )

    def clean_birth_length_cm(self):
        return self._clean_range(
            "birth_length_cm",
            MIN_BIRTH_LENGTH_CM,
            MAX_BIRTH_LENGTH_CM,
            None,
            METRES_HINT_BELOW,
            _("Panjang lahir harus antara %(lo)s dan %(hi)s cm.")
            % {"lo": _num(MIN_BIRTH_LENGTH_CM), "hi": _num(MAX_BIRTH_LENGTH_CM)},
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        nik = data.get("nik") or ""
        self.warnings.extend(nik_warnings(nik, data.get("sex"), data.get("birth_date")))
        self.duplicates = find_duplicates(
            nik=nik,
            name=data.get("name") or "",
            birth_date=data.get("birth_date"),
            mother_name=data.get("mother_name") or "",
            exclude_pk=self.instance.pk,
        )
        for dup in self.duplicates:
            self.warnings.append(
                _("Mungkin anak yang sama sudah terdaftar di %(where)s, Kel. %(kel)s (%(why)s).")
                % {"where": dup.posyandu, "kel": dup.kelurahan, "why": dup.reason}
            )
        if self.warnings and not data.get("confirm"):
            raise forms.ValidationError(
                _(
                    "Periksa peringatan di bawah. Bila data sudah benar, centang "
                    "“Ya, data ini benar”."
                )
            )
        return data


class _PosyanduChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.kelurahan.label} — {obj}"


class MoveForm(forms.Form):
    to_posyandu = _PosyanduChoice(
        label=_lazy("Pindah ke posyandu"),
        queryset=Posyandu.objects.none(),  # set for the child in __init__
    )
    reason = forms.CharField(label=_lazy("Alasan pindah"), max_length=200, required=False)

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(_PosyanduChoice, self.fields["to_posyandu"])
        active = Posyandu.objects.filter(is_active=True).exclude(pk=child.posyandu_id)
        field.queryset = active.select_related("kelurahan").order_by("kelurahan__name", "name")


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Alasan nonaktif"),
        max_length=200,
        help_text=_lazy("Misalnya: pindah ke luar kota, sudah 5 tahun, meninggal."),
    )
