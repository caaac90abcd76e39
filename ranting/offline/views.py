"""The installable offline kader form: shell page, manifest, service worker and its JSON data.

Writes do not pass through here: the phone sends its queue to the JSON API (POST/PATCH
/api/v1/measurements, idempotent by client_id), which validates and saves like the web form.
"""

from __future__ import annotations

import json
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.measurements.forms import MeasurementForm
from ranting.offline import assets
from ranting.offline.reference import reference_json
from ranting.offline.roster import roster
from ranting.regions.models import Posyandu

# A versioned reference URL never changes content: let the phone keep it for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


def _get_recordable_posyandu(request: HttpRequest, pk: str | None) -> Posyandu:
    """404 when the posyandu is missing or invisible to the user, 403 when they may only read."""
    if not pk or not pk.isdigit():
        raise Http404
    user = cast(User, request.user)
    posyandu = scope.visible_posyandus(user).filter(pk=int(pk)).first()
    if posyandu is None:
        raise Http404
    if not scope.can_record(user, posyandu):
        raise PermissionDenied
    return posyandu


@login_required
@require_GET
def shell(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    posyandus = list(scope.recordable_posyandus(user).select_related("kelurahan"))
    if not posyandus:
        raise PermissionDenied
    # An unsaved child only gives the form its labels and widgets; the phone fills in the rest.
    form = MeasurementForm(child=Child(birth_date=timezone.localdate()))
    context = {
        "form": form,
        "posyandus": posyandus,
        "reference_url": assets.reference_url(),
    }
    return render(request, "offline/shell.html", context)


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(assets.manifest(), content_type="application/manifest+json")


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "version": assets.version(),
        "shell_url": reverse("offline:shell"),
        # JSON is valid JavaScript; the URLs are our own paths.
        "precache_json": json.dumps(assets.precache_urls()),
    }
    return render(request, "offline/sw.js", context, content_type="text/javascript")


@gzip_page  # ~460 kB of WHO tables shrink to about a quarter on a slow connection
@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    body, version = reference_json()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{version}"'
    response["Cache-Control"] = IMMUTABLE if request.GET.get("v") == version else "no-cache"
    return response


@never_cache
@require_GET
def children(request: HttpRequest) -> JsonResponse:
    """The child list of one posyandu for the phone; JSON errors, since fetch() reads them."""
    if not request.user.is_authenticated:
        return JsonResponse({"code": "not_authenticated", "message": _("Masuk dulu.")}, status=401)
    try:
        posyandu = _get_recordable_posyandu(request, request.GET.get("posyandu"))
    except Http404:
        return JsonResponse({"code": "not_found", "message": _("Posyandu tidak ada.")}, status=404)
    except PermissionDenied:
        message = _("Anda tidak mencatat di posyandu ini.")
        return JsonResponse({"code": "forbidden", "message": message}, status=403)
    return JsonResponse(roster(posyandu))
