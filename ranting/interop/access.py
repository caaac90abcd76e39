"""Who may export a child's FHIR record: the kader of its posyandu and its admin kelurahan."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ranting.accounts import scope
from ranting.children.models import Child


def can_export(user, child: Child) -> bool:
    """The record carries NIK and family data: only those who keep and verify it take it out."""
    return scope.can_record(user, child.posyandu) or scope.can_verify(user, child.posyandu)


def check_export_access(user, child: Child) -> Child:
    """404 when the child is invisible to `user`, 403 when visible but not exportable."""
    if not scope.can_see_posyandu(user, child.posyandu):
        raise Http404
    if not can_export(user, child):
        raise PermissionDenied
    return child
