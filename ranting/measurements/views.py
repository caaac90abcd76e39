"""The kader's monthly measurement form, the correction flow and the result page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ranting.accounts import scope
from ranting.accounts.access import request_user
from ranting.children.access import child_for, measurement_for
from ranting.measurements import services
from ranting.measurements.derive import period_of
from ranting.measurements.forms import CorrectionForm, MeasurementForm
from ranting.measurements.models import Measurement

NOT_FORM_DATA = ("csrfmiddlewaretoken", "confirm")


def _add_errors(form, errors: dict[str, list[str]]) -> None:
    for field, reasons in errors.items():
        for reason in reasons:
            form.add_error(
                None if field == "__all__" or field not in form.fields else field, reason
            )


def _render_form(request, form, child, measurement=None, warnings=(), notice=""):
    context = {
        "form": form,
        "child": child,
        "measurement": measurement,
        "warnings": warnings,
        "notice": notice,
        "locked": services.is_locked(child.posyandu_id, period_of(timezone.localdate())),
    }
    return render(request, "measurements/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, child_pk: int) -> HttpResponse:
    user = request_user(request)
    child = child_for(user, child_pk, write=True)
    form = MeasurementForm(request.POST or None, child=child)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            m = services.record_measurement(child, user, data, confirm=data["confirm"])
        except services.AlreadyMeasured as err:
            return _correction_instead(request, err.existing)
        except services.NeedsConfirmation as err:
            warnings = err.warnings
        except services.MeasurementRefused as err:
            _add_errors(form, err.errors)
        else:
            return redirect("measurements:result", m.pk)
    return _render_form(request, form, child, warnings=warnings)


def _correction_instead(request: HttpRequest, existing: Measurement) -> HttpResponse:
    """The month already has a measurement: show the typed values as a correction of it."""
    typed = {k: v for k, v in request.POST.items() if k not in NOT_FORM_DATA}
    form = CorrectionForm(child=existing.child, initial=typed)
    notice = _(
        "Anak ini sudah diukur pada %(date)s (%(weight)s kg) untuk bulan yang sama. Menyimpan "
        "formulir ini akan mengoreksi data itu; nilai lama tetap tersimpan di riwayat revisi."
    ) % {"date": existing.measured_on.strftime("%d-%m-%Y"), "weight": existing.weight_kg}
    return _render_form(request, form, existing.child, measurement=existing, notice=notice)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    m = measurement_for(user, pk, write=True)
    form = CorrectionForm(
        request.POST or None, child=m.child, initial=CorrectionForm.initial_from(m)
    )
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_measurement(m, user, data, data["confirm"], data["reason"])
        except services.NeedsConfirmation as err:
            warnings = err.warnings
            m.refresh_from_db()
        except services.MeasurementRefused as err:
            _add_errors(form, err.errors)
            m.refresh_from_db()
        else:
            messages.success(request, _("Koreksi tersimpan; nilai lama ada di riwayat revisi."))
            return redirect("measurements:result", m.pk)
    return _render_form(request, form, m.child, measurement=m, warnings=warnings)


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    m = measurement_for(user, pk)
    context = {
        "m": m,
        "child": m.child,
        "can_record": scope.can_record(user, m.child.posyandu),
    }
    return render(request, "measurements/result.html", context)
