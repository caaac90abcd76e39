"""Publication pages: the live round view, frozen versions (internal and public) and their PDFs.

Access rules are in access.py (built on accounts.scope): invisible objects are 404, visible but
not allowed are 403. The public pages need no login and render only published snapshots, with
small cells suppressed.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_GET, require_POST

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.publication import access, charts, figures, pdf, services
from ranting.publication.forms import FreezeForm, RoundForm, WithdrawForm, indicator_code
from ranting.publication.models import PublicationSnapshot
from ranting.publication.report import PublicationReport, build_report
from ranting.publication.rounds import Round
from ranting.regions.models import Region

Status = PublicationSnapshot.Status
PUBLIC_PREVIEW = "publik"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _get_round_region(request: HttpRequest, code: str) -> Region:
    """A kota or kecamatan the user may see (404 otherwise) and may open rounds for (403)."""
    region = get_object_or_404(Region, code=code)
    if region.level not in (Region.Level.KOTA, Region.Level.KECAMATAN):
        raise Http404
    user = _user(request)
    if not scope.can_see_region(user, region):
        if scope.visible_regions(user).filter(pk=region.pk).exists():
            raise PermissionDenied
        raise Http404
    if not access.may_use_rounds(user):
        raise PermissionDenied
    return region


def _get_snapshot(request: HttpRequest, pk: int) -> PublicationSnapshot:
    snapshot = get_object_or_404(PublicationSnapshot, pk=pk)
    level = access.snapshot_access(_user(request), snapshot.kota_code)
    if level == access.Access.NONE:
        raise Http404
    if level == access.Access.PUBLIC_ONLY:
        raise PermissionDenied
    return snapshot


def _figure_context(report: PublicationReport, code: str, link_params: dict) -> dict:
    links = [
        {
            "code": info.code,
            "label": info.label,
            "url": "?" + urlencode({**link_params, "indikator": info.code}),
            "active": info.code == code,
        }
        for info in report.indicators
    ]
    return {
        "report": report,
        "indicator": report.indicators[report.indicator_index(code)],
        "indicator_links": links,
        "chart": charts.build_bar_chart(report, code),
        "tilemap": charts.build_tile_map(report, code, charts.PHONE),
        "tilemap_wide": charts.build_tile_map(report, code, charts.WIDE),
    }


def _edition(snapshot: PublicationSnapshot, all_versions) -> pdf.Edition:
    published_on = ""
    if snapshot.published_at is not None:
        published_on = date_format(timezone.localtime(snapshot.published_at), "j F Y")
    return pdf.Edition(
        version=snapshot.version,
        status_label=str(snapshot.get_status_display()),
        published_on=published_on,
        superseded_by=services.superseded_by(snapshot, all_versions),
        withdrawn=snapshot.status == Status.WITHDRAWN,
        checksum=snapshot.checksum,
        intact=services.is_intact(snapshot),
        note=snapshot.note,
    )


def _version_list(kota_code: str, rnd: Round, published_only: bool = False) -> list:
    """The round's versions for lists and "superseded" marks, without their payloads."""
    versions = services.versions(kota_code, rnd).defer("payload")
    if published_only:
        versions = versions.filter(status=Status.PUBLISHED)
    return list(versions)


def _version_rows(all_versions, public: bool = False) -> list[dict]:
    rows = []
    for v in all_versions:
        if public and v.status != Status.PUBLISHED:
            continue
        rows.append({"snapshot": v, "superseded_by": services.superseded_by(v, all_versions)})
    return rows


def _public_url(kota_code: str, rnd: Round, version: int | None = None) -> str:
    if version is None:
        return reverse("publication:public", args=[kota_code, rnd])
    return reverse("publication:public_version", args=[kota_code, rnd, version])


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """/publikasi/: the round view for those who have one, the public list for everyone else."""
    user = _user(request)
    if user.is_authenticated and access.may_use_rounds(user):
        return redirect("publication:rounds")
    return redirect("publication:public_index")


# --- live rounds (dinas, superadmin; kecamatan read-only) ---------------------------------------


@require_GET
@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    """Where the user's round view starts: their kota or kecamatan (superadmin: pick a kota)."""
    user = _user(request)
    if not access.may_use_rounds(user):
        raise PermissionDenied
    query = ("?" + request.GET.urlencode()) if request.GET else ""
    prefix = scope.region_prefix(user)
    if prefix is None:
        raise PermissionDenied
    if prefix == "":
        kotas = list(Region.objects.filter(level=Region.Level.KOTA).order_by("code"))
        if len(kotas) == 1:
            return redirect(reverse("publication:round", args=[kotas[0].code]) + query)
        return render(request, "publication/rounds.html", {"kotas": kotas})
    return redirect(reverse("publication:round", args=[prefix]) + query)


def _round_page(
    request: HttpRequest, region: Region, form: RoundForm, freeze_form=None, status=200
) -> HttpResponse:
    rnd = form.round()
    code = indicator_code(request.GET.get("indikator"))
    payload = figures.build_payload(region, rnd)
    report = build_report(payload, public=False)
    kota_code = payload["kota"]["code"]
    user = _user(request)
    can_publish = region.level == Region.Level.KOTA and access.may_publish(user, kota_code)
    all_versions = _version_list(kota_code, rnd)
    if freeze_form is None:
        freeze_form = FreezeForm(initial={"tahun": rnd.year, "ronde": rnd.month})
    ctx = {
        "region": region,
        "round": rnd,
        "form": form,
        "freeze_form": freeze_form,
        "can_publish": can_publish,
        "versions": _version_rows(all_versions, public=not can_publish),
        "link_public": not can_publish,
        "public_url": _public_url(kota_code, rnd),
        "has_published": any(v.status == Status.PUBLISHED for v in all_versions),
        **_figure_context(report, code, {"tahun": rnd.year, "ronde": rnd.month}),
    }
    return render(request, "publication/round.html", ctx, status=status)


@require_GET
@login_required
def round_view(request: HttpRequest, code: str) -> HttpResponse:
    region = _get_round_region(request, code)
    return _round_page(request, region, RoundForm(request.GET))


@require_POST
@login_required
def freeze(request: HttpRequest, code: str) -> HttpResponse:
    """ "Bekukan & terbitkan" (or as a draft): a new version of the round's figures."""
    region = _get_round_region(request, code)
    if region.level != Region.Level.KOTA or not access.may_publish(_user(request), region.code):
        raise PermissionDenied
    form = FreezeForm(request.POST)
    if form.is_valid():
        try:
            snapshot = services.freeze(
                _user(request), region, form.round(), form.cleaned_data["catatan"], form.publish
            )
        except services.PublicationError as err:
            form.add_error(None, str(err))
        else:
            if snapshot.status == Status.PUBLISHED:
                messages.success(
                    request,
                    _g("Versi %(v)s ronde %(round)s dibekukan dan diterbitkan.")
                    % {"v": snapshot.version, "round": snapshot.round.label},
                )
            else:
                messages.success(
                    request,
                    _g("Versi %(v)s ronde %(round)s dibekukan sebagai draf.")
                    % {"v": snapshot.version, "round": snapshot.round.label},
                )
            return redirect("publication:version", pk=snapshot.pk)
    # Show the round the user was freezing, with the note they typed kept in the form.
    params = {"tahun": request.POST.get("tahun", ""), "ronde": request.POST.get("ronde", "")}
    return _round_page(request, region, RoundForm(params), freeze_form=form, status=400)


# --- frozen versions (dinas, superadmin) --------------------------------------------------------


def _version_page(request, snapshot: PublicationSnapshot, withdraw_form=None, status=200):
    preview = request.GET.get("tampilan") == PUBLIC_PREVIEW
    code = indicator_code(request.GET.get("indikator"))
    report = build_report(snapshot.payload, public=preview)
    all_versions = _version_list(snapshot.kota_code, snapshot.round)
    params = {"tampilan": PUBLIC_PREVIEW} if preview else {}
    ctx = {
        "snapshot": snapshot,
        "edition": _edition(snapshot, all_versions),
        "versions": _version_rows(all_versions),
        "preview": preview,
        "can_publish": access.may_publish(_user(request), snapshot.kota_code),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "public_url": _public_url(snapshot.kota_code, snapshot.round, snapshot.version),
        "pdf_query": "?" + urlencode(params) if params else "",
        **_figure_context(report, code, params),
    }
    return render(request, "publication/version.html", ctx, status=status)


@require_GET
@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_page(request, _get_snapshot(request, pk))


@require_GET
@login_required
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _get_snapshot(request, pk)
    preview = request.GET.get("tampilan") == PUBLIC_PREVIEW
    report = build_report(snapshot.payload, public=preview)
    all_versions = _version_list(snapshot.kota_code, snapshot.round)
    body = pdf.render_pdf(report, _edition(snapshot, all_versions))
    kind = "publik" if preview else "lengkap"
    return _pdf_response(body, f"publikasi-{snapshot}-{kind}.pdf".replace(" ", "-"))


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _get_snapshot(request, pk)
    try:
        services.publish(_user(request), snapshot)
    except services.PublicationError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _g("Versi %(v)s diterbitkan.") % {"v": snapshot.version})
    return redirect("publication:version", pk=snapshot.pk)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _get_snapshot(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(_user(request), snapshot, form.cleaned_data["alasan"])
        except services.PublicationError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _g("Versi %(v)s ditarik.") % {"v": snapshot.version})
            return redirect("publication:version", pk=snapshot.pk)
    return _version_page(request, snapshot, withdraw_form=form, status=400)


# --- public (no login) --------------------------------------------------------------------------


def _published(kota: str, rnd: Round, version_number: int | None) -> PublicationSnapshot:
    if version_number is None:
        snapshot = services.latest_published(kota, rnd)
    else:
        snapshot = (
            services.versions(kota, rnd)
            .filter(version=version_number, status=Status.PUBLISHED)
            .first()
        )
    if snapshot is None:
        raise Http404
    return snapshot


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """Every published round, newest first: the current version of each."""
    seen = set()
    rows = []
    published = (
        PublicationSnapshot.objects.filter(status=Status.PUBLISHED)
        .only("kota_code", "year", "month", "version", "published_at")
        .order_by("kota_code", "-year", "-month", "-version")
    )
    names = dict(Region.objects.filter(level=Region.Level.KOTA).values_list("code", "name"))
    for snapshot in published:
        key = (snapshot.kota_code, snapshot.year, snapshot.month)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "snapshot": snapshot,
                "kota_name": names.get(snapshot.kota_code, snapshot.kota_code),
                "url": _public_url(snapshot.kota_code, snapshot.round),
            }
        )
    return render(request, "publication/public_index.html", {"rows": rows})


@require_GET
def public(request: HttpRequest, kota: str, rnd: Round, number: int | None = None):
    snapshot = _published(kota, rnd, number)
    code = indicator_code(request.GET.get("indikator"))
    report = build_report(snapshot.payload, public=True)
    all_versions = _version_list(kota, rnd, published_only=True)
    pdf_url = (
        reverse("publication:public_pdf", args=[kota, rnd])
        if number is None
        else reverse("publication:public_version_pdf", args=[kota, rnd, number])
    )
    ctx = {
        "snapshot": snapshot,
        "edition": _edition(snapshot, all_versions),
        "versions": _version_rows(all_versions, public=True),
        "pdf_url": pdf_url,
        "latest": number is None,
        **_figure_context(report, code, {}),
    }
    return render(request, "publication/public.html", ctx)


@require_GET
def public_pdf(request: HttpRequest, kota: str, rnd: Round, number: int | None = None):
    snapshot = _published(kota, rnd, number)
    report = build_report(snapshot.payload, public=True)
    all_versions = _version_list(kota, rnd, published_only=True)
    body = pdf.render_pdf(report, _edition(snapshot, all_versions))
    return _pdf_response(body, f"publikasi-{snapshot}-publik.pdf".replace(" ", "-"))
