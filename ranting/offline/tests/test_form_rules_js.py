"""The phone's form rules and derived results equal the server's for the same input.

(1) Errors of the JS `cleanForm` against Django's MeasurementForm (same fields, decimal comma,
same Indonesian messages). (2) Everything `assess` shows after saving on the phone (z-scores,
statuses, N/T/O/B, 2T, BGM, referrals, warnings, confirmation messages) against
measurements.derive.apply_derived and services.confirmation_messages, with the history the
phone has (the /luring/data/anak.json document).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ranting.measurements.derive import apply_derived
from ranting.measurements.forms import MeasurementForm
from ranting.measurements.models import Measurement
from ranting.measurements.services import confirmation_messages
from ranting.measurements.templatetags.growth_tags import zfmt
from ranting.offline.assets import reference_url
from ranting.offline.roster import roster
from ranting.offline.tests.conftest import months_before

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLEAN = """async ([url, cases, today]) => {
  const checks = await import('/static/offline/js/checks.js');
  const ref = await (await fetch(url)).json();
  return cases.map(([child, raw]) => checks.cleanForm(ref, child, raw, today).errors);
}"""

ASSESS = """async ([url, cases]) => {
  const checks = await import('/static/offline/js/checks.js');
  const growth = await import('/static/offline/js/growth.js');
  const ref = await (await fetch(url)).json();
  return cases.map(([child, values]) => {
    const r = checks.assess(ref, child, values, child.history, child.weighed_before);
    const shown = {};
    for (const [k, v] of Object.entries(r.zscores)) shown[k] = growth.formatZ(v);
    return {...r, zscores: shown};
  });
}"""


@pytest.fixture
def js_page(page, live_server):
    page.goto(f"{live_server.url}/luring/manifest.webmanifest")
    return page


def raw(on: dt.date | str, weight="9,5", length="", position="", **extra) -> dict:
    data = {
        "measured_on": on if isinstance(on, str) else on.isoformat(),
        "weight_kg": weight,
        "lenhei_cm": length,
        "position": position,
        "oedema": False,
        "armc_cm": "",
        "headc_cm": "",
        "vitamin_a": False,
        "exclusive_breastfeeding": False,
        "notes": "",
    }
    data.update(extra)
    return data


def test_it_refuses_the_same_values_with_the_same_words(js_page, family, make_child, today):
    citra = family["citra"]
    infant = make_child(name="Bayi", birth_date=months_before(today, 5))
    old = make_child(name="Sudah Besar", birth_date=months_before(today, 61))
    tomorrow = today + dt.timedelta(days=1)
    cases = [
        (citra, raw(today, weight="")),
        (citra, raw(today, weight="abc")),
        (citra, raw(today, weight="1200")),
        (citra, raw(today, weight="0,5")),
        (citra, raw(today, weight="8,555")),
        (citra, raw(today, weight="8,500")),
        (citra, raw(today, weight="8.50")),
        (citra, raw(today, weight="12,3", length="0,75", position="h")),
        (citra, raw(today, length="88", position="")),
        (citra, raw(today, length="200", position="l")),
        (citra, raw(today, length="88,25", position="h")),
        (infant, raw(today, weight="7", length="64", position="h")),
        (infant, raw(today, weight="7", length="64", position="l", exclusive_breastfeeding=True)),
        (citra, raw(today, exclusive_breastfeeding=True)),
        (citra, raw(tomorrow)),
        (citra, raw(citra.birth_date - dt.timedelta(days=1))),
        (citra, raw("")),
        (citra, raw("2025-02-30")),
        (old, raw(today, weight="17")),
        (citra, raw(today, armc_cm="150", headc_cm="20")),
        (citra, raw(today, armc_cm="4,9", headc_cm="61")),
        (citra, raw(today, armc_cm="14,55", headc_cm="48,0")),
        (citra, raw(tomorrow.replace(year=tomorrow.year + 3))),  # future and over 59 months
        (citra, raw(today, weight="12,4", length="88,5", position="h", armc_cm="15")),
    ]

    def form_data(values: dict) -> dict:
        flags = ("oedema", "vitamin_a", "exclusive_breastfeeding")
        return {k: v for k, v in values.items() if k not in flags} | {
            k: "on" for k in flags if values[k]
        }

    expected = []
    for child, values in cases:
        form = MeasurementForm(form_data(values), child=child)
        form.is_valid()
        expected.append({field: list(errors) for field, errors in form.errors.items()})
    js_children = [{"sex": c.sex, "birth_date": c.birth_date.isoformat()} for c, _ in cases]
    computed = js_page.evaluate(
        CLEAN,
        [reference_url(), [[c, v] for c, (_, v) in zip(js_children, cases, strict=True)],
         today.isoformat()],
    )  # fmt: skip
    assert computed == expected
    assert expected[-1] == {}  # the valid weighing has no error on either side
    # Fine on both sides: "8.50" kg, the 5-month infant lying down with ASI, and the last one.
    assert sum(1 for e in expected if e) == len(cases) - 3


@pytest.fixture
def histories(family, make_child, record, today, regions):
    """Children whose next weighing is N, T, 2T, O, B, with odd values among them."""
    eko = make_child(name="Eko", birth_date=months_before(today, 20))
    record(eko, months_before(today, 2), "10.00", "80.0", "l")
    record(eko, months_before(today, 1), "10.05")  # T
    fajar = make_child(name="Fajar", birth_date=months_before(today, 26))
    record(fajar, months_before(today, 3), "11.50", "86.0", "h")  # then a gap: O
    return {**family, "eko": eko, "fajar": fajar}


def test_it_derives_what_the_server_derives(js_page, histories, regions, today):
    h = histories
    on = today.isoformat()
    cases = [
        (h["budi"], {"weight_kg": "9.45", "lenhei_cm": "77.2", "position": "l"}),  # N
        (h["budi"], {"weight_kg": "9.20"}),  # T: 100 g < KBM 200 g
        (h["budi"], {"weight_kg": "7.90", "lenhei_cm": "77.0", "position": "l"}),  # -1.2 kg
        (h["budi"], {"weight_kg": "9.30", "lenhei_cm": "74.5", "position": "l"}),  # 200 g, shrank
        (h["budi"], {"weight_kg": "9.30", "lenhei_cm": "77.0", "position": "h"}),  # +0.7
        (h["budi"], {"weight_kg": "20.00", "lenhei_cm": "77.0", "position": "l"}),  # flags
        (h["budi"], {"weight_kg": "9.60", "oedema": True, "armc_cm": "14.5", "headc_cm": "46.0"}),
        (h["eko"], {"weight_kg": "10.10", "lenhei_cm": "82.0", "position": "l"}),  # 2T
        (h["fajar"], {"weight_kg": "12.00", "lenhei_cm": "87.5", "position": "l"}),  # O, -0.7
        (h["citra"], {"weight_kg": "8.00", "lenhei_cm": "80.0", "position": "h"}),  # B, BGM
        (h["citra"], {"weight_kg": "13.00", "lenhei_cm": "95.0", "position": "h"}),  # B
    ]
    document = {c["id"]: c for c in roster(regions["posyandu_a"])["children"]}
    js_cases = []
    expected = []
    for child, given in cases:
        values = {
            "measured_on": on,
            "lenhei_cm": None,
            "position": "",
            "oedema": False,
            "armc_cm": None,
            "headc_cm": None,
        } | given
        js_cases.append([document[child.pk], values])
        history = list(Measurement.objects.filter(child=child))
        for row in history:
            row.child = child
        m = Measurement(
            child=child,
            posyandu=child.posyandu,
            measured_on=today,
            weight_kg=Decimal(values["weight_kg"]),
            lenhei_cm=None if values["lenhei_cm"] is None else Decimal(values["lenhei_cm"]),
            position=values["position"],
            oedema=values["oedema"],
            armc_cm=None if values["armc_cm"] is None else Decimal(values["armc_cm"]),
            headc_cm=None if values["headc_cm"] is None else Decimal(values["headc_cm"]),
        )
        apply_derived([m], history=history)
        expected.append(
            {
                "age_days": m.age_days,
                "age_months": m.age_months,
                "clenhei_cm": m.clenhei_cm,
                "zscores": {
                    name: zfmt(getattr(m, name))
                    for name in ("zwei", "zlen", "zwfl", "zbmi", "zac", "zhc")
                },
                "flags": [f for f in m.flags.split(",") if f],
                "status": {
                    "bbu": m.status_bbu,
                    "tbu": m.status_tbu,
                    "bbtb": m.status_bbtb,
                    "imtu": m.status_imtu,
                },
                "growth": m.growth,
                "two_t": m.two_t,
                "bgm": m.bgm,
                "referral": [c for c in m.referral.split(",") if c],
                "warnings": [w for w in m.warnings.split(",") if w],
                "confirm_messages": confirmation_messages(m, history),
            }
        )
    computed = js_page.evaluate(ASSESS, [reference_url(), js_cases])
    for got, want in zip(computed, expected, strict=True):
        got.pop("needs_confirmation")
        assert got == want
    growth_codes = [e["growth"] for e in expected]
    assert growth_codes == ["N", "T", "T", "N", "N", "N", "N", "T", "O", "B", "B"]
    assert expected[7]["two_t"]
    assert expected[9]["bgm"]
    assert {"bb_turun", "pb_menyusut", "berdiri_lt24bln", "z_tidak_wajar"} <= {
        w for e in expected for w in e["warnings"]
    }
