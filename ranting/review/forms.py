"""Forms of the review matrix: a review year, and one row of the matrix.

Numbers are read the Indonesian way (numbers.parse_number: decimal comma, dots between thousands)
and must be 0 or more; every error names the field and the reason. Budgets are in juta rupiah
as in the guideline's Tabel 8.1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ranting.regions.models import Region
from ranting.review import ranting_source
from ranting.review.models import ReviewRow, ReviewYear
from ranting.review.numbers import parse_number

EARLIEST_YEAR = 2018  # the 8 aksi konvergensi started in 2018


class IndonesianDecimalField(forms.CharField):
    """A number ≥ 0 with at most `decimal_places` decimals, written "1.250,5" or "1250.5"."""

    def __init__(self, *, decimal_places: int, max_digits: int, **kwargs):
        self.decimal_places = decimal_places
        self.max_digits = max_digits
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            # Shown back the way it is typed: decimal comma, no thousands dots, no trailing 0s.
            text = format(value.normalize(), "f")
            return text.replace(".", ",")
        return value

    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        number = parse_number(text)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise forms.ValidationError(
                _("paling banyak %(n)d angka di belakang koma.") % {"n": self.decimal_places}
            )
        if number >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise forms.ValidationError(_("angka terlalu besar."))
        return number


def _number(model_field: str, help_text=""):
    field = cast(models.DecimalField, ReviewRow._meta.get_field(model_field))
    return IndonesianDecimalField(
        label=str(field.verbose_name).capitalize(),
        decimal_places=field.decimal_places,
        max_digits=field.max_digits,
        help_text=help_text,
    )


class ReviewYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun anggaran yang direviu"),
        error_messages={"invalid": _("tulis tahun dengan 4 angka, misalnya 2025.")},
    )
    kota = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Region.objects.filter(level=Region.Level.KOTA),
        required=False,
        empty_label=None,
    )
    notes = forms.CharField(
        label=_("Catatan umum / kesimpulan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kota_code: str, **kwargs):
        """kota_code: the dinas user's kota; "" lets a superadmin choose the kota."""
        super().__init__(*args, **kwargs)
        self.kota_code = kota_code
        if kota_code:
            del self.fields["kota"]
        else:
            self.fields["kota"].required = True
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        latest = timezone.localdate().year
        if not EARLIEST_YEAR <= year <= latest:
            raise forms.ValidationError(
                _("tahun harus antara %(first)d dan %(last)d.")
                % {"first": EARLIEST_YEAR, "last": latest}
            )
        return year

    def chosen_kota(self) -> str:
        return self.kota_code or self.cleaned_data["kota"].code

    def clean(self):
        data = super().clean()
        if "year" in data and (self.kota_code or data.get("kota")):
            kota = self.chosen_kota()
            if ReviewYear.objects.filter(kota_code=kota, year=data["year"]).exists():
                self.add_error(
                    "year",
                    _("reviu tahun %(year)d untuk kota %(kota)s sudah ada.")
                    % {"year": data["year"], "kota": kota},
                )
        return data


class ReviewNotesForm(forms.ModelForm):
    class Meta:
        model = ReviewYear
        fields = ["notes"]
        labels = {"notes": _("Catatan umum / kesimpulan")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class ReviewRowForm(forms.ModelForm):
    target = _number("target", _("Contoh: 90 atau 14,5"))
    realisation = _number(
        "realisation", _("Angka capaian. Bila bukan angka, isi keterangan di bawah.")
    )
    budget_allocated = _number("budget_allocated", _("Dalam juta rupiah, contoh: 1.250,5"))
    budget_realised = _number("budget_realised", _("Dalam juta rupiah"))
    source = forms.ChoiceField(
        label=_("Sumber data RANTING"),
        required=False,
        choices=[("", _("— diisi manual —"))] + [(s.code, s.label) for s in ranting_source.SOURCES],
        help_text=_(
            "Bila indikator ini dihitung RANTING, realisasinya bisa diisi dari data terverifikasi."
        ),
    )

    class Meta:
        model = ReviewRow
        fields = [
            "section",
            "program",
            "activity",
            "indicator",
            "opd",
            "unit",
            "direction",
            "source",
            "target",
            "realisation",
            "realisation_text",
            "budget_allocated",
            "budget_realised",
            "problem",
            "recommendation",
            "order",
        ]
        labels = {
            "section": _("Bagian matriks"),
            "program": _("Program"),
            "activity": _("Kegiatan"),
            "indicator": _("Indikator kinerja keluaran (output)"),
            "opd": _("OPD penanggung jawab"),
            "unit": _("Satuan"),
            "direction": _("Arah indikator"),
            "realisation_text": _("Keterangan realisasi"),
            "problem": _("Permasalahan/kendala"),
            "recommendation": _("Rekomendasi tindak lanjut"),
            "order": _("Urutan dalam bagian"),
        }
        help_texts = {
            "unit": _("Misalnya %, orang, desa/kelurahan, kali, dokumen."),
            "direction": _("Prevalensi stunting: makin rendah makin baik."),
            "realisation_text": _("Misalnya: Ya, dilaksanakan Maret; atau penjelasan angka."),
            "order": _("Kosongkan (0) untuk menaruh di akhir bagian."),
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        allocated, realised = data.get("budget_allocated"), data.get("budget_realised")
        if allocated is not None and realised is not None and realised > allocated:
            self.add_error(
                "budget_realised",
                _(
                    "anggaran terealisasi (%(realised)s) melebihi anggaran dialokasikan "
                    "(%(allocated)s); periksa angka atau perbarui alokasinya."
                )
                % {
                    "realised": number_format(realised, use_l10n=True),
                    "allocated": number_format(allocated, use_l10n=True),
                },
            )
        if realised is not None and allocated is None and "budget_allocated" not in self.errors:
            self.add_error(
                "budget_allocated",
                _("isi anggaran yang dialokasikan bila realisasi anggaran diisi."),
            )
        return data
