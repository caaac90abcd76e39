"""Import pages: upload → choose columns → check (background, progress bar) → save → result.

Access (transfer.access): kader and admin kelurahan (and superadmin) import; other roles get
403; a job is visible to the user who uploaded it only (404 for anyone else).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.transfer import access, jobs
from ranting.transfer.columns import BY_KEY, FIELDS, suggest_mapping
from ranting.transfer.forms import MappingForm, SaveForm, UploadForm
from ranting.transfer.importer import PHASE_LABELS
from ranting.transfer.models import ImportJob
from ranting.transfer.reading import FileError, open_table
from ranting.transfer.values import text

State = ImportJob.State
RECENT_JOBS = 10


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_export = scope.visible_posyandus(user).exists()
    if not access.may_import(user) and not can_export:
        raise PermissionDenied
    return render(
        request,
        "transfer/index.html",
        {"can_import": access.may_import(user), "can_export": can_export},
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.check_may_import(user)
    kelurahans = access.import_kelurahans(user)
    form = UploadForm(request.POST or None, request.FILES or None, kelurahans=kelurahans)
    if request.method == "POST" and form.is_valid():
        job = _store_upload(request, form)
        if job is not None:
            return redirect("transfer:columns", job.pk)
    recent = ImportJob.objects.filter(user=user).select_related("kelurahan")[:RECENT_JOBS]
    return render(
        request,
        "transfer/upload.html",
        {"form": form, "jobs": recent, "fields": FIELDS, "no_kelurahan": not kelurahans},
    )


def _store_upload(request: HttpRequest, form: UploadForm) -> ImportJob | None:
    """Save the file under VAR_DIR/imports and read its header; None (form error) if unreadable."""
    jobs.purge_old_uploads()
    uploaded = form.cleaned_data["file"]
    stored = jobs.new_stored_name(uploaded.name)
    path = jobs.imports_dir() / stored
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    try:
        table = open_table(path)
    except FileError as err:
        path.unlink(missing_ok=True)
        form.add_error("file", err.message)
        return None
    return ImportJob.objects.create(
        user=_user(request),
        kelurahan=form.cleaned_data["kelurahan"],
        original_name=uploaded.name[:200],
        stored_name=stored,
        headers=table.headers,
        preview=[[text(c) for c in row] for row in table.preview],
        mapping=suggest_mapping(table.headers),
    )


@require_http_methods(["GET", "POST"])
@login_required
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(_user(request), pk)
    if job.state not in (State.UPLOADED, State.CHECKED, State.FAILED):
        return redirect("transfer:job", job.pk)
    if not jobs.upload_path(job).exists():
        messages.error(request, _("File unggahan sudah dihapus; unggah lagi."))
        return redirect("transfer:upload")
    single = access.importable_posyandus(job.user, job.kelurahan).count() == 1
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        initial_mapping=job.mapping,
        single_posyandu=single,
    )
    if request.method == "POST" and form.is_valid():
        job.mapping = form.mapping()
        job.save(update_fields=["mapping", "updated_at"])
        jobs.start(job, write=False)
        return redirect("transfer:job", job.pk)
    rows = [
        {"header": header, "field": form[f"col_{i}"], "samples": [r[i] for r in job.preview
                                                                   if i < len(r)]}
        for i, header in enumerate(job.headers)
    ]  # fmt: skip
    return render(request, "transfer/columns.html", {"job": job, "form": form, "rows": rows})


@require_GET
@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.mark_if_stale(access.get_job_for_user(_user(request), pk))
    mapped = [(job.headers[i], BY_KEY[key].label) for i, key in enumerate(job.mapping) if key]
    ctx = {
        "job": job,
        "summary": job.summary,
        "mapped": mapped,
        "preview": _preview_table(job),
        "save_form": SaveForm(initial={"valid_only": job.valid_only}),
        "has_report": jobs.report_path(job).exists(),
        "progress": _progress(job),
    }
    return render(request, "transfer/job.html", ctx)


def _preview_table(job: ImportJob) -> list[dict]:
    """The checked preview rows, cells of the mapped columns only, errors marked per cell."""
    shown = [i for i, key in enumerate(job.mapping) if key]
    out = []
    for row in job.checked_rows:
        bad = {column for column, _reason in row["errors"]}
        cells = row["cells"]
        out.append(
            {
                **row,
                "cells": [
                    {"text": cells[i] if i < len(cells) else "", "bad": job.headers[i] in bad}
                    for i in shown
                ],
            }
        )
    return out


def _progress(job: ImportJob) -> dict:
    data = jobs.read_progress(job)
    done, total = data.get("done") or 0, data.get("total")
    percent = int(100 * done / total) if total else 0
    return {
        "phase": data.get("phase", ""),
        "label": str(PHASE_LABELS.get(data.get("phase", ""), _("Menyiapkan"))),
        "done": done,
        "total": total,
        "percent": min(percent, 100),
    }


@require_GET
@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = jobs.mark_if_stale(access.get_job_for_user(_user(request), pk))
    return JsonResponse(
        {"state": job.state, "running": job.is_running, **_progress(job)},
        headers={"Cache-Control": "no-store"},
    )


@require_POST
@login_required
def save(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(_user(request), pk)
    if job.state != State.CHECKED:
        messages.error(request, _("Impor ini tidak dalam tahap siap disimpan."))
        return redirect("transfer:job", job.pk)
    form = SaveForm(request.POST)
    form.is_valid()
    job.valid_only = bool(form.cleaned_data.get("valid_only"))
    if job.summary.get("rejected") and not job.valid_only:
        messages.error(
            request,
            _(
                "Ada %(n)d baris ditolak. Perbaiki file lalu unggah lagi, atau centang "
                "“Impor baris yang valid saja”."
            )
            % {"n": job.summary["rejected"]},
        )
        return redirect("transfer:job", job.pk)
    job.save(update_fields=["valid_only", "updated_at"])
    jobs.start(job, write=True)
    return redirect(reverse("transfer:job", args=[job.pk]))


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> FileResponse:
    job = access.get_job_for_user(_user(request), pk)
    path = jobs.report_path(job)
    if job.is_running or not path.exists():
        raise Http404
    name = f"ditolak_{job.pk}.csv"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
    )
