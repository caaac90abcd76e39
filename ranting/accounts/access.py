"""Access helpers the views of several apps share: the signed-in user and a region by its code.

A region the user may not browse is 404 when it is invisible to them and 403 when they can see
it only as the area of their own posyandu (a kader), as for every object (STYLE.md).
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.regions.models import Region


def request_user(request: HttpRequest) -> User:
    # login_required has run: request.user is a User, not AnonymousUser.
    return cast(User, request.user)


def get_region_for_user(request: HttpRequest, code: str) -> Region:
    user = request_user(request)
    region = get_object_or_404(Region, code=code)
    if scope.can_see_region(user, region):
        return region
    if scope.visible_regions(user).filter(pk=region.pk).exists():
        raise PermissionDenied
    raise Http404
