"""The in-app guide: the digital SOP for kader and admin, readable without logging in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ranting.measurements.derive import configured_kbm_table

TOPICS = {
    "kader": _("Panduan kader posyandu"),
    "admin-kelurahan": _("Panduan admin kelurahan"),
    "pemantauan": _("Panduan kecamatan dan dinas"),
    "status-gizi": _("Arti status gizi, N/T/O/B, 2T dan BGM"),
}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"topics": TOPICS})


@require_GET
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in TOPICS:
        raise Http404
    context = {"title": TOPICS[topic], "topics": TOPICS}
    if topic == "status-gizi":
        table = configured_kbm_table()
        context["kbm_rows"] = zip(
            table.age_months_from, table.age_months_to, table.kbm_grams.astype(int), strict=True
        )
    return render(request, f"guide/{topic}.html", context)
