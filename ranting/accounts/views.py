from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ranting.accounts.models import User

# Where each role starts its day.
START_PAGE = {
    User.Role.KADER: "children:list",
    User.Role.ADMIN_KELURAHAN: "recaps:index",
    User.Role.KECAMATAN: "dashboards:index",
    User.Role.DINAS: "dashboards:index",
    User.Role.SUPERADMIN: "dashboards:index",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(START_PAGE.get(request.user.role, "guide:index"))
