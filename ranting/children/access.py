"""Who may open a child or a measurement: the one rule shared by the pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ranting.accounts import scope
from ranting.children.models import Child
from ranting.measurements.models import Measurement


def check_child_access(user, child: Child, write: bool = False) -> Child:
    """404 unless the child's posyandu is visible to `user`; with `write`, 403 unless they
    may record there."""
    if not scope.can_see_posyandu(user, child.posyandu):
        raise Http404
    if write and not scope.can_record(user, child.posyandu):
        raise PermissionDenied
    return child


def child_for(user, pk: int, write: bool = False) -> Child:
    """The child `pk` under check_child_access; looked up within the user's kota (scope)."""
    rows = Child.objects.filter(scope.in_kota(user)).select_related("posyandu__kelurahan")
    return check_child_access(user, get_object_or_404(rows, pk=pk), write)


def measurement_for(user, pk: int, write: bool = False) -> Measurement:
    """The measurement `pk` if its child passes check_child_access."""
    rows = Measurement.objects.filter(scope.in_kota(user, "child__kota_code"))
    m = get_object_or_404(rows.select_related("child__posyandu__kelurahan", "posyandu"), pk=pk)
    check_child_access(user, m.child, write)
    return m
