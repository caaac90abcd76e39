"""Query-string inputs of the analysis pages: the monitoring filters plus the export format."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ranting.dashboards.forms import DashboardFilterForm

FORMATS = ("xlsx", "csv")


class SkdnFilterForm(DashboardFilterForm):
    """Month and data source as on the monitoring pages, and `?format=xlsx|csv` for downloads."""

    format = forms.ChoiceField(
        label=_("Format unduhan"),
        required=False,
        choices=[("", _("halaman")), ("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        error_messages={"invalid_choice": _("pilih 'xlsx' atau 'csv'.")},
    )

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
