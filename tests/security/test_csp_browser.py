"""Every role's main pages in headless Chromium under the enforced Content-Security-Policy:
no `securitypolicyviolation` event, no CSP console error, no script error. The pages visited
are every link of the role's navigation plus the pages behind them (child, form, report, chart,
account, two-step enrolment, API docs, offline form)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, outside the page's CSP (Playwright injects it).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile
    + ':' + e.lineNumber);
});
"""


@pytest.fixture
def world(regions, people, make_child):
    from ranting.measurements.services import record_measurement
    from ranting.recaps.models import MonthlyReport

    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    child = make_child(name="Anak Mawar", nik="3275061503240001")
    make_child(name="Anak Teratai", posyandu=regions["posyandu_b"])
    weighing = {
        "measured_on": last_month,
        "weight_kg": Decimal("10.1"),
        "lenhei_cm": Decimal("80.5"),
        "position": "h",
    }
    measurement = record_measurement(child, people["kader"], weighing)
    report = MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=last_month.replace(day=1), status="submitted"
    )
    period = report.period.strftime("%Y-%m")
    recap = reverse("recaps:detail", args=[regions["posyandu_a"].pk, period])
    child_pages = [
        reverse("children:detail", args=[child.pk]),
        reverse("dashboards:growth_chart", args=[child.pk, "wfa"]),
    ]
    return {
        "kader": [
            *child_pages,
            reverse("measurements:create", args=[child.pk]),
            reverse("measurements:result", args=[measurement.pk]),
            reverse("children:create"),
            recap,
        ],
        "admin_kel": [*child_pages, recap, reverse("accounts:enrol")],
        "camat": [reverse("dashboards:posyandu", args=[regions["posyandu_a"].pk])],
        "dinas": [*child_pages, reverse("accounts:enrol"), "/api/v1/docs"],
        "super": [reverse("accounts:security"), reverse("accounts:password"), recap],
    }


def _watch(page, problems: list[str]) -> None:
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda err: problems.append(f"script error: {err}"))


def _nav_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(".mainnav a", "links => links.map(a => a.href)")
    return [urlparse(h).path for h in hrefs if h.startswith(base)]


@pytest.mark.parametrize("username", ["kader", "admin_kel", "camat", "dinas", "super"])
def test_no_page_breaks_the_content_security_policy(
    world, people, password, new_page, live_server, username
):
    from ranting.testing.browser import sign_in_on

    page = new_page()
    problems: list[str] = []
    _watch(page, problems)
    sign_in_on(page, live_server.url, username, password)
    page.wait_for_load_state("networkidle")
    paths = list(dict.fromkeys(_nav_links(page, live_server.url) + world[username]))
    assert len(paths) >= 4, paths

    for path in paths:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.status < 400, (path, response.status)
        problems.extend(f"{path}: {v}" for v in page.evaluate("window.__csp || []"))

    assert problems == []


def test_the_listener_does_see_a_violation(people, password, new_page, live_server):
    # The check above is only worth something if a violation would be noticed.
    from ranting.testing.browser import sign_in_on

    page = new_page()
    problems: list[str] = []
    _watch(page, problems)
    sign_in_on(page, live_server.url, "kader", password)
    page.wait_for_load_state("networkidle")

    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    problems.extend(page.evaluate("window.__csp"))

    assert any("script-src" in p for p in problems), problems
