"""Download of a child's FHIR R4 bundle ("Ekspor FHIR" on the child page)."""

from __future__ import annotations

from auditlog.signals import accessed
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ranting.children.access import child_for
from ranting.children.models import Child
from ranting.interop.access import check_export_access
from ranting.interop.fhir import child_bundle, to_json

FHIR_JSON = "application/fhir+json; charset=utf-8"


@login_required
@require_GET
def child_export(request: HttpRequest, pk: int) -> HttpResponse:
    child = check_export_access(request.user, child_for(request.user, pk))
    body = to_json(child_bundle(child))
    # Personal data leaving the system: an "access" entry in the audit trail says who took it.
    accessed.send(sender=Child, instance=child)
    response = HttpResponse(body, content_type=FHIR_JSON)
    response["Content-Disposition"] = f'attachment; filename="fhir-anak-{child.pk}.json"'
    return response
