"""Forms of the import steps (upload, columns, save) and of the export page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ranting.regions.models import Region
from ranting.transfer.columns import FIELDS, IGNORE, mapping_errors

MB = 1024 * 1024
EARLIEST_MONTH = dt.date(2000, 1, 1)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_lazy("File register (Excel .xlsx atau CSV)"),
        help_text=_lazy(
            "Satu baris = satu anak dan (boleh) satu pengukuran. Baris judul kolom di atas."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    kelurahan = forms.ModelChoiceField(label=_lazy("Kelurahan"), queryset=Region.objects.none())

    def __init__(self, *args, kelurahans, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kelurahan"]
        field.queryset = kelurahans
        field.label_from_instance = lambda region: region.label
        only = list(kelurahans[:2])
        self.only_kelurahan = only[0] if len(only) == 1 else None
        if self.only_kelurahan is not None:
            field.initial = self.only_kelurahan
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_kelurahan(self):
        return self.cleaned_data.get("kelurahan") or self.only_kelurahan

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * MB:
            raise forms.ValidationError(
                _("File terlalu besar (%(size)d MB); paling besar %(limit)d MB. Untuk file besar "
                  "minta admin memakai perintah “ranting import”.")
                % {"size": upload.size // MB, "limit": limit}
            )  # fmt: skip
        return upload


class MappingForm(forms.Form):
    """One select per file column; the choice is a field key or "" (not imported)."""

    def __init__(self, *args, headers, initial_mapping, single_posyandu, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.single_posyandu = single_posyandu
        choices = [(IGNORE, _("— jangan diimpor —"))] + [
            (f.key, f"{f.label}{' *' if f.required else ''}") for f in FIELDS
        ]
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=initial_mapping[i] if i < len(initial_mapping) else IGNORE,
            )

    def mapping(self) -> list[str]:
        data = self.cleaned_data
        return [data.get(f"col_{i}") or IGNORE for i in range(len(self.headers))]

    def clean(self):
        data = super().clean()
        if not self.errors:
            for message in mapping_errors(self.mapping(), self.single_posyandu):
                self.add_error(None, message)
        return data


class SaveForm(forms.Form):
    valid_only = forms.BooleanField(
        label=_lazy("Impor baris yang valid saja (baris yang ditolak dilewati)"), required=False
    )


KIND_CHILDREN = "anak"
KIND_MEASUREMENTS = "pengukuran"


class ExportForm(forms.Form):
    unit = forms.ChoiceField(label=_lazy("Wilayah atau posyandu"))
    data = forms.ChoiceField(
        label=_lazy("Data"),
        choices=[
            (KIND_MEASUREMENTS, _lazy("Pengukuran (per bulan)")),
            (KIND_CHILDREN, _lazy("Daftar anak (register)")),
        ],
        initial=KIND_MEASUREMENTS,
    )
    dari = forms.DateField(
        label=_lazy("Dari bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _lazy("tulis bulan dengan format TTTT-BB, misalnya 2025-01.")},
    )
    sampai = forms.DateField(
        label=_lazy("Sampai bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _lazy("tulis bulan dengan format TTTT-BB, misalnya 2025-06.")},
    )
    format = forms.ChoiceField(
        label=_lazy("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (.xlsx)")],
        initial="csv",
    )
    nik_lengkap = forms.BooleanField(
        label=_lazy("Tampilkan NIK lengkap (hanya untuk keperluan pencatatan)"), required=False
    )

    def __init__(self, *args, units, full_nik_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
        if not full_nik_allowed:
            del self.fields["nik_lengkap"]

    def clean(self):
        data = super().clean()
        this_month = timezone.localdate().replace(day=1)
        start = data.get("dari")
        end = data.get("sampai")
        start = start.replace(day=1) if start else None
        end = end.replace(day=1) if end else None
        if end and end > this_month:
            self.add_error("sampai", _("Bulan tidak boleh melewati bulan ini."))
        if start and start < EARLIEST_MONTH:
            self.add_error("dari", _("Bulan paling awal Januari 2000."))
        if start and end and start > end:
            self.add_error(
                "sampai", _("“Sampai bulan” harus sama dengan atau setelah “Dari bulan”.")
            )
        data["dari"], data["sampai"] = start, end
        return data
