"""Who may open a child: the one rule shared by the children and measurements views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ranting.accounts import scope
from ranting.children.models import Child


def check_child_access(user, child: Child, write: bool = False) -> Child:
    """404 unless the child's posyandu is visible to `user`; with `write`, 403 unless they
    may record there."""
    if not scope.can_see_posyandu(user, child.posyandu):
        raise Http404
    if write and not scope.can_record(user, child.posyandu):
        raise PermissionDenied
    return child
