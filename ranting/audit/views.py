"""The audit trail page: who changed what, when, old → new, within the reader's region."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ranting.accounts.models import User
from ranting.audit import access, presentation
from ranting.audit.forms import AuditFilterForm
from ranting.regions.models import Region

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AuditFilterForm(request.GET or None)
    entries = form.apply(access.visible_entries(user))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {
        "form": form,
        "page": page,
        "rows": presentation.describe(page.object_list, access.sees_nik(user)),
        "query": query.urlencode(),
        "nik_masked": not access.sees_nik(user),
    }
    return render(request, "audit/list.html", context)


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = get_object_or_404(access.visible_entries(user), pk=pk)
    row = presentation.describe([entry], access.sees_nik(user))[0]
    context = {
        "row": row,
        "regions": Region.objects.filter(code__in=entry.regions.values("code")),
        "nik_masked": not access.sees_nik(user),
    }
    return render(request, "audit/detail.html", context)
