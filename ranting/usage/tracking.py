"""Which requests count as the use of a report, and the ReportUsage row describing one.

A request counts when it is a GET answered 200 by a view in one of REPORT_NAMESPACES (matched on
the resolved URL namespace, so every page a report app adds later is covered without listing
paths); a form or confirmation page of a report app opts out with usage.decorators.not_a_report.
It is a download ("unduh") when the answer is an attachment or a file type such as xlsx,
csv or pdf, and a view ("lihat") when it is an HTML page. Anything else the report apps serve
(an SVG chart inside a page, a JSON fragment) is neither and is not counted, so one page view is
one row.

The API's report reads (API_REPORTS) count too, as a download in format "json": another system
taking the figures is a use of the report. Their region and posyandu come from the query string,
and the user from the API's authentication (a token user has no session).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.http import HttpRequest, HttpResponseBase

from ranting.usage.decorators import EXEMPT_ATTRIBUTE
from ranting.usage.models import ReportUsage

# URL namespaces of the apps whose pages are reports (lokus lives in "analysis").
REPORT_NAMESPACES = frozenset(
    {"analysis", "dashboards", "recaps", "quality", "publication", "review"}
)
DOWNLOAD_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "text/csv": "csv",
    "application/pdf": "pdf",
    "application/zip": "zip",
}
HTML_TYPE = "text/html"
# GET endpoints of /api/v1/ that answer a report's figures ("namespace:url_name").
API_REPORTS = frozenset({"api_v1:prevalence", "api_v1:skdn_aggregate"})
API_FORMAT = "json"
# URL keyword arguments naming the report's region (a Kemendagri code) or posyandu (an id).
REGION_KWARGS = ("code", "region_code")
POSYANDU_KWARGS = ("posyandu_id", "posyandu_pk")
REGION_CODE = re.compile(r"^[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?$")
FORMAT_VALUE = re.compile(r"^[a-z0-9]{1,10}$")
FILENAME_EXTENSION = re.compile(r'filename\*?=[^;]*?\.([A-Za-z0-9]{1,10})"?\s*(;|$)')
KOTA_CODE_LENGTH = 5
REPORT_MAX_LENGTH = 100  # ReportUsage.report


def report_name(request: HttpRequest) -> str | None:
    """ "namespace:url_name" of a report page, or None when the view is not a report."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.namespaces or not match.url_name:
        return None
    if match.view_name in API_REPORTS:
        return match.view_name
    if match.namespaces[0] not in REPORT_NAMESPACES:
        return None
    if getattr(match.func, EXEMPT_ATTRIBUTE, False):
        return None
    return match.view_name


def classify(request: HttpRequest, response: HttpResponseBase) -> tuple[str, str] | None:
    """(kind, format) of a report answer, or None when it is neither a page nor a download."""
    disposition = response.get("Content-Disposition", "") or ""
    content_type = (response.get("Content-Type", "") or "").split(";")[0].strip().lower()
    asked = request.GET.get("format", "").strip().lower()
    asked = asked if FORMAT_VALUE.match(asked) else ""
    is_attachment = disposition.strip().lower().startswith("attachment")
    if is_attachment or content_type in DOWNLOAD_TYPES:
        found = FILENAME_EXTENSION.search(disposition)
        extension = found.group(1).lower() if found else ""
        return ReportUsage.Kind.DOWNLOAD, extension or DOWNLOAD_TYPES.get(content_type) or asked
    if content_type == HTML_TYPE:
        # A page that ignores an unknown ?format= is still a page view.
        return ReportUsage.Kind.VIEW, "html"
    if asked:
        return ReportUsage.Kind.DOWNLOAD, asked
    return None


def subject(arguments: Mapping[str, object], url_name: str = "") -> tuple[str, int | None]:
    """(region code, posyandu id) the report is about, from its arguments: the URL's keyword
    arguments, or the API's query string.

    A bare `pk` names a posyandu only in a URL whose name says so (analysis:skdn_posyandu,
    dashboards:posyandu); elsewhere `pk` is some other object and is ignored.
    """
    code = ""
    for name in REGION_KWARGS:
        value = str(arguments.get(name, ""))
        if REGION_CODE.match(value):
            code = value
            break
    names: tuple[str, ...] = POSYANDU_KWARGS
    if "posyandu" in url_name:
        names = (*POSYANDU_KWARGS, "pk")
    posyandu_id = None
    for name in names:
        raw = arguments.get(name)
        if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
            posyandu_id = int(raw)
            break
    return code, posyandu_id


def usage_for(request: HttpRequest, response: HttpResponseBase) -> ReportUsage | None:
    """The unsaved row recording this request, or None when it is not the use of a report."""
    if request.method != "GET" or response.status_code != 200:
        return None
    report = report_name(request)
    if report is None:
        return None
    kind: str
    fmt: str
    if report in API_REPORTS:
        kind, fmt = ReportUsage.Kind.DOWNLOAD, API_FORMAT
        # The API signs its caller in itself (token or session): request.auth is that user.
        user = getattr(request, "auth", None)
        query = request.GET
        region_code, posyandu_id = subject(
            {"region_code": query.get("region", ""), "posyandu_id": query.get("posyandu")}
        )
    else:
        kind_format = classify(request, response)
        if kind_format is None:
            return None
        kind, fmt = kind_format
        user = getattr(request, "user", None)
        match = request.resolver_match
        assert match is not None  # report_name found the report by it
        region_code, posyandu_id = subject(match.kwargs, match.url_name or "")
    if user is None or not user.is_authenticated:
        user = None
    user_region = (user.region_id or "") if user is not None else ""
    kota_source = region_code or user_region
    return ReportUsage(
        user=user,
        role=user.role if user is not None else "",
        user_region_code=user_region,
        kota_code=kota_source[:KOTA_CODE_LENGTH] if len(kota_source) >= KOTA_CODE_LENGTH else "",
        report=report[:REPORT_MAX_LENGTH],
        region_code=region_code,
        posyandu_id=posyandu_id,
        kind=kind,
        format=fmt[:10],
    )
