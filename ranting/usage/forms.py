"""Query-string inputs of /penggunaan/: the month (as on the monitoring pages) and the format."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ranting.dashboards.forms import DashboardFilterForm


class UsageFilterForm(DashboardFilterForm):
    semua = None  # type: ignore[assignment]  # the verified/unverified switch means nothing here
    format = forms.ChoiceField(
        label=_("Format unduhan"),
        required=False,
        choices=[("", _("halaman")), ("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        error_messages={"invalid_choice": _("pilih 'xlsx' atau 'csv'.")},
    )

    def export_format(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("format", "") or ""

    def error_text(self) -> str:
        return "; ".join(
            f"{self[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in self.errors.items()
        )
