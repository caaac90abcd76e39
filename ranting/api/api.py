"""The /api/v1/ NinjaAPI: auth, rate limits, error handlers, routers and the docs page.

The OpenAPI page uses the Swagger UI files django-ninja ships (served from /static/ninja/), never
a CDN, with a template of our own so nothing inline runs under the Content Security Policy.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from ranting.api.auth import AUTH, THROTTLE
from ranting.api.errors import ApiError, install_handlers, not_found, respond
from ranting.api.routes import aggregates, batch, children, measurements, recaps, regions

# The docs page loads only same-origin files; its settings travel as JSON data, not as script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

DESCRIPTION = """
JSON API of RANTING (Pelaporan Stunting Digital). Sign in with a personal token
(`Authorization: Bearer rnt_…`, made on /akun/token/) or the browser session (send the
`X-CSRFToken` header on POST/PATCH). Every object is scoped like the web pages: 404 when it
is outside your region, 403 when you may see but not change it. Every error is
`{"code", "field", "message", "details"}`. Writes carry a client-generated `client_id`
(UUID): a retry returns the first result with `"duplicate": true`. See docs/api.md.
"""


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # "<" escaped: the JSON sits inside a <script> element.
        settings_json = json.dumps(self.settings).replace("<", "\\u003c")
        context = {"swagger_settings": settings_json, "api": api}
        response = render(request, self.template, context)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


api = NinjaAPI(
    title="RANTING API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=AUTH,
    throttle=THROTTLE,
    docs=LocalSwagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_url="/docs",
)
install_handlers(api)
# batch before measurements: "/measurements/batch" would match "/measurements/{id}".
for module in (regions, children, batch, measurements, recaps, aggregates):
    api.add_router("", module.router)


def _json_method_errors(view):
    """ninja answers a wrong method with a bare 405; make it the JSON error shape too."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            error = ApiError(
                405,
                "method_not_allowed",
                _("Metode %(method)s tidak tersedia di alamat ini.") % {"method": request.method},
                details={"allowed": [m.strip() for m in allowed.split(",") if m.strip()]},
            )
            json_response = respond(error)
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapped


@csrf_exempt
def _unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    return respond(not_found())


def urlpatterns() -> list:
    patterns, _app, _namespace = api.urls
    out: list = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern, _json_method_errors(pattern.callback), pattern.default_args,
                pattern.name,
            )  # fmt: skip
        out.append(pattern)
    # Anything else under /api/v1/ is a JSON 404 too, not the HTML page.
    out.append(re_path(r"^(?P<rest>.*)$", _unknown_path))
    return out
