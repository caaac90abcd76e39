"""Filters of the audit page (query string): kind of data, who, date range, object, action."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ranting.audit.models import LogEntry
from ranting.audit.presentation import ACTION_LABELS, MODEL_LABELS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("tulis tanggal dengan format TTTT-BB-HH, misalnya 2025-06-20.")}


def _model_choices() -> list[tuple[str, str]]:
    choices = sorted(((key, str(label)) for key, label in MODEL_LABELS.items()), key=lambda c: c[1])
    return [("", str(_("Semua data"))), *choices]


class AuditFilterForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Data"), required=False)
    pelaku = forms.CharField(label=_("Pelaku (nama pengguna)"), required=False, max_length=150)
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    objek = forms.CharField(label=_("Objek (nomor atau nama)"), required=False, max_length=100)
    aksi = forms.TypedChoiceField(
        label=_("Aksi"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua aksi")), *((k, v) for k, v in ACTION_LABELS.items())],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = _model_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned

    def apply(self, entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
        """`entries` narrowed by the valid filters (an invalid filter is ignored and reported)."""
        if not self.is_bound:
            return entries
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        if data["jenis"]:
            app_label, model = data["jenis"].split(".")
            entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
        if data["pelaku"]:
            entries = entries.filter(actor__username__icontains=data["pelaku"].strip())
        if data["dari"]:
            entries = entries.filter(timestamp__date__gte=data["dari"])
        if data["sampai"]:
            entries = entries.filter(timestamp__date__lte=data["sampai"])
        if data["objek"]:
            wanted = data["objek"].strip()
            match = Q(object_repr__icontains=wanted)
            if wanted.isdigit():
                match |= Q(object_pk=wanted)
            entries = entries.filter(match)
        if data["aksi"] is not None:
            entries = entries.filter(action=data["aksi"])
        return entries
