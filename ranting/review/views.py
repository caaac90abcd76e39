"""/evaluasi/: the annual review matrix (Aksi 8) of a kota, its rows and its Excel export.

Access rules are in review/access.py: dinas of the kota and superadmin change; admin kelurahan and
kecamatan of the kota read; kader 403; another kota's review 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ranting.accounts.models import User
from ranting.regions.models import Region
from ranting.review import access, exports, matrix, services
from ranting.review.forms import ReviewNotesForm, ReviewRowForm, ReviewYearForm
from ranting.review.models import ReviewRow, ReviewYear
from ranting.review.ranting_source import NoRantingData
from ranting.usage.decorators import not_a_report


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _get_review(request: HttpRequest, pk: int, write: bool = False) -> ReviewYear:
    """The review if the user's kota holds it (else 404); with `write`, 403 unless an editor."""
    user = _user(request)
    access.check_reader(user)
    review = get_object_or_404(access.visible_reviews(user), pk=pk)
    if write and not access.can_edit(user, review):
        raise PermissionDenied
    return review


def _get_row(request: HttpRequest, pk: int, row_pk: int) -> tuple[ReviewYear, ReviewRow]:
    review = _get_review(request, pk, write=True)
    return review, get_object_or_404(ReviewRow, review=review, pk=row_pk)


def _kota_label(code: str) -> str:
    kota = Region.objects.filter(code=code).first()
    return kota.label if kota else code


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.check_reader(user)
    reviews = list(access.visible_reviews(user).order_by("kota_code", "-year"))
    names = dict(
        Region.objects.filter(code__in={r.kota_code for r in reviews}).values_list("code", "name")
    )
    listed = [(review, names.get(review.kota_code, review.kota_code)) for review in reviews]
    return render(
        request,
        "review/index.html",
        {"reviews": listed, "can_create": access.is_editor(user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def review_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kota = access.check_reader(user)
    if not access.is_editor(user):
        raise PermissionDenied
    form = ReviewYearForm(request.POST or None, kota_code=kota)
    if request.method == "POST" and form.is_valid():
        review = services.create_review(
            form.chosen_kota(), form.cleaned_data["year"], form.cleaned_data["notes"], user
        )
        messages.success(request, _("Reviu tahun %(year)d dibuat.") % {"year": review.year})
        return redirect("review:matrix", pk=review.pk)
    return render(request, "review/review_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk, write=True)
    form = ReviewNotesForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Catatan reviu disimpan."))
        return redirect("review:matrix", pk=review.pk)
    return render(request, "review/review_form.html", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk, write=True)
    if request.method == "POST":
        if services.delete_review(review):
            messages.success(request, _("Reviu tahun %(year)d dihapus.") % {"year": review.year})
            return redirect("review:index")
        messages.error(request, _("Reviu yang masih berisi baris tidak bisa dihapus."))
        return redirect("review:matrix", pk=review.pk)
    return render(
        request,
        "review/confirm_delete.html",
        {"review": review, "has_rows": review.rows.exists()},
    )


@require_GET
@login_required
def matrix_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk)
    wanted = request.GET.get("format", "")
    if wanted not in ("", "xlsx"):
        return HttpResponseBadRequest(
            _("Format unduhan: pilih 'xlsx'."), content_type="text/plain; charset=utf-8"
        )
    built = matrix.build_matrix(review, _kota_label(review.kota_code))
    if wanted == "xlsx":
        return exports.xlsx_response(built)
    context = {
        "review": review,
        "matrix": built,
        "can_edit": access.can_edit(_user(request), review),
    }
    return render(request, "review/matrix.html", context)


def _row_form(request: HttpRequest, review: ReviewYear, row: ReviewRow | None) -> HttpResponse:
    form = ReviewRowForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        saved = services.save_row(form.save(commit=False), review, _user(request))
        messages.success(
            request, _("Baris \u201c%(name)s\u201d disimpan.") % {"name": saved.indicator}
        )
        return redirect(reverse("review:matrix", args=[review.pk]) + f"#baris-{saved.pk}")
    return render(request, "review/row_form.html", {"form": form, "review": review, "row": row})


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def row_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk, write=True)
    return _row_form(request, review, None)


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def row_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    review, row = _get_row(request, pk, row_pk)
    return _row_form(request, review, row)


@require_http_methods(["GET", "POST"])
@login_required
@not_a_report
def row_delete(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    review, row = _get_row(request, pk, row_pk)
    if request.method == "POST":
        services.delete_row(row)
        messages.success(
            request, _("Baris \u201c%(name)s\u201d dihapus.") % {"name": row.indicator}
        )
        return redirect("review:matrix", pk=review.pk)
    return render(request, "review/confirm_delete.html", {"review": review, "row": row})


@require_POST
@login_required
@not_a_report
def row_fill(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    _review, row = _get_row(request, pk, row_pk)
    before = row.realisation
    try:
        figure = services.fill_from_ranting(row, _user(request))
    except NoRantingData as err:
        messages.error(request, _("Realisasi tidak diubah: %(why)s") % {"why": err})
    else:
        was = "–" if before is None else number_format(before, use_l10n=True)
        messages.success(
            request,
            _("Realisasi diisi %(value)s (sebelumnya %(was)s). %(note)s")
            % {
                "value": number_format(figure.value, 2, use_l10n=True),
                "was": was,
                "note": figure.note,
            },
        )
    return redirect(reverse("review:matrix", args=[row.review_id]) + f"#baris-{row.pk}")
