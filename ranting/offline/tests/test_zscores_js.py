"""The phone computes what the server computes: the JS port run in headless Chromium against
`ranting.growth` (anthro_zscores, classify_all, kms) over WHO's gold rows and demo-like rows.

The JS modules and the reference document are fetched from the live server, exactly as the
offline page loads them. Values are compared as the pages show them (2 decimals, sign,
decimal comma), flags and statuses exactly, the corrected length and BMI bit for bit.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from ranting.growth import anthro_zscores
from ranting.growth.classify import classify_all
from ranting.growth.kms import age_in_completed_months, growth_status, is_two_t
from ranting.measurements.derive import configured_kbm_table
from ranting.measurements.templatetags.growth_tags import zfmt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "growth" / "data"
GOLD = GOLD_DIR / "anthro_reference_public.csv"
INDICES = ("len", "wei", "wfl", "bmi", "hc", "ac")
DEMO_ROWS = 400
SEED = 20250517


def _number(text: str) -> float | None:
    return None if text in ("", "NA") else float(text)


def _gold_rows() -> list[dict]:
    """Gold rows whose inputs the form can produce: sex 1/2, a known age, l/h/no position."""
    rows = []
    with GOLD.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["sex"] not in ("1", "2") or _number(row["age_days"]) is None:
                continue
            if row["measure"] not in ("l", "h", "") or row["oedema"] not in ("y", "n", ""):
                continue
            rows.append(
                {
                    "id": f"gold {row['id']}",
                    "sex": int(row["sex"]),
                    "ageDays": float(row["age_days"]),
                    "weight": _number(row["weight_kg"]),
                    "lenhei": _number(row["lenhei_cm"]),
                    "measure": row["measure"],
                    "oedema": row["oedema"] == "y",
                    "headc": _number(row["headc_cm"]),
                    "armc": _number(row["armc_cm"]),
                }
            )
    return rows


def _demo_rows() -> list[dict]:
    """Weighings like the demo's: whole days, kg to 2 decimals, cm to 1, some odd positions."""
    rng = np.random.default_rng(SEED)
    rows = []
    for i in range(DEMO_ROWS):
        age = int(rng.integers(0, 1827))
        growth = (age / 1826) ** 0.6
        weight = round(float(3.2 + 13.5 * growth + rng.normal(0, 1.4)), 2)
        length = round(float(49.5 + 60 * growth + rng.normal(0, 4)), 1)
        standing = age >= 731
        if rng.random() < 0.15:
            standing = not standing
        rows.append(
            {
                "id": f"demo {i}",
                "sex": int(rng.integers(1, 3)),
                "ageDays": age,
                "weight": max(weight, 1.0),
                "lenhei": None if rng.random() < 0.1 else length,
                "measure": "h" if standing else "l",
                "oedema": bool(rng.random() < 0.03),
                "headc": round(float(35 + 14 * growth + rng.normal(0, 1.5)), 1)
                if rng.random() < 0.5
                else None,
                "armc": round(float(12 + 4 * growth + rng.normal(0, 1)), 1)
                if rng.random() < 0.5
                else None,
            }
        )
    return rows


def _server(rows: list[dict]) -> dict[str, np.ndarray]:
    def column(name: str) -> np.ndarray:
        return np.array([np.nan if r[name] is None else r[name] for r in rows], dtype=float)

    oedema = np.array(["y" if r["oedema"] else "n" for r in rows])
    z = anthro_zscores(
        np.array([r["sex"] for r in rows]),
        column("ageDays"),
        weight=column("weight"),
        lenhei=column("lenhei"),
        measure=np.array([r["measure"] or None for r in rows], dtype=object),
        oedema=oedema,
        headc=column("headc"),
        armc=column("armc"),
    )
    return {**z, **classify_all(z, oedema)}


JS_ZSCORES = """async ([url, rows]) => {
  const growth = await import('/static/offline/js/growth.js');
  const status = await import('/static/offline/js/status.js');
  const ref = await (await fetch(url)).json();
  return rows.map((row) => {
    const r = growth.zscores(ref.growth, row);
    const s = status.classifyAll(ref.pmk, r, row.oedema);
    const shown = {};
    for (const key of Object.keys(r.z)) shown[key] = growth.formatZ(r.z[key]);
    return {shown, f: r.f, clenhei: Number.isNaN(r.clenhei) ? null : r.clenhei,
            cbmi: Number.isFinite(r.cbmi) ? r.cbmi : null, c9mo: r.c9mo, status: s};
  });
}"""


@pytest.fixture
def js_page(page, live_server):
    page.goto(f"{live_server.url}/luring/manifest.webmanifest")
    return page


def _reference_url(live_server) -> str:
    from ranting.offline.assets import reference_url

    return reference_url()


def _flag(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def test_it_shows_the_same_zscores_flags_and_statuses_as_the_server(js_page, live_server):
    rows = _gold_rows() + _demo_rows()
    assert len(rows) > 2000  # all usable gold rows plus the demo-like ones
    computed = js_page.evaluate(JS_ZSCORES, [_reference_url(live_server), rows])
    server = _server(rows)
    mismatches = []
    for i, (row, js) in enumerate(zip(rows, computed, strict=True)):
        for key in INDICES:
            z = server[f"z{key}"][i]
            expected = zfmt(None if math.isnan(z) else float(z))
            if js["shown"][key] != expected:
                mismatches.append((row["id"], f"z{key}", js["shown"][key], expected))
            if js["f"][key] != _flag(server[f"f{key}"][i]):
                mismatches.append((row["id"], f"f{key}", js["f"][key], server[f"f{key}"][i]))
        for name in ("status_bbu", "status_tbu", "status_bbtb", "status_imtu"):
            got = js["status"][name.removeprefix("status_")]
            if got != str(server[name][i]):
                mismatches.append((row["id"], name, got, server[name][i]))
        for name in ("clenhei", "cbmi"):
            value = float(server[name][i])
            expected = None if not math.isfinite(value) else value
            if js[name] != expected:  # the same IEEE operations: bit-identical doubles
                mismatches.append((row["id"], name, js[name], expected))
        if js["c9mo"] != bool(server["c9mo_flag"][i] == 1):
            mismatches.append((row["id"], "c9mo", js["c9mo"], server["c9mo_flag"][i]))
    assert mismatches == []


def test_it_agrees_on_statuses_near_every_cut_off(js_page, live_server):
    """z exactly on and next to each PMK cut-off lands in the same band on both sides."""
    cuts = [-3.0, -2.0, 1.0, 2.0, 3.0]
    values = sorted({round(c + d, 2) for c in cuts for d in (-0.01, 0.0, 0.01)} | {math.nan})
    z = {f"z{key}": np.array(values) for key in ("wei", "len", "wfl", "bmi")}
    z |= {f"f{key}": np.zeros(len(values)) for key in ("wei", "len", "wfl", "bmi")}
    expected = classify_all(z)
    computed = js_page.evaluate(
        """async ([url, values]) => {
          const status = await import('/static/offline/js/status.js');
          const ref = await (await fetch(url)).json();
          return values.map((v) => {
            const z = {wei: v ?? NaN, len: v ?? NaN, wfl: v ?? NaN, bmi: v ?? NaN};
            const f = {wei: 0, len: 0, wfl: 0, bmi: 0};
            return status.classifyAll(ref.pmk, {z, f}, false);
          });
        }""",
        [_reference_url(live_server), [None if math.isnan(v) else v for v in values]],
    )
    for i, js in enumerate(computed):
        for name in ("bbu", "tbu", "bbtb", "imtu"):
            assert js[name] == str(expected[f"status_{name}"][i]), (values[i], name)


def test_it_counts_completed_months_and_nt_ob_like_the_server(js_page, live_server):
    rng = np.random.default_rng(SEED)
    births = [dt.date(2020, 1, 31), dt.date(2021, 2, 28), dt.date(2020, 2, 29)]
    births += [dt.date(2019, 6, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 1500, 40)]
    pairs = []
    for birth in births:
        for days in (0, 27, 28, 29, 30, 31, 59, 365, 730, 731, 1825, 1826):
            pairs.append((birth.isoformat(), (birth + dt.timedelta(days=days)).isoformat()))
    cases = []
    for _ in range(300):
        age = int(rng.integers(0, 60))
        gap = int(rng.choice([1, 1, 1, 2, 3]))
        prev = round(float(rng.uniform(3, 18)), 2)
        change = float(rng.choice([-0.3, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.8, 0.9, 1.0]))
        now = round(prev + change, 2)
        first = bool(rng.random() < 0.1)
        prev_status = str(rng.choice(["N", "T", "O", "B"]))
        before = [None, None] if first else [prev, 1000 - gap]
        cases.append([now, age, 1000, *before, prev_status])

    computed = js_page.evaluate(
        """async ([url, pairs, cases]) => {
          const status = await import('/static/offline/js/status.js');
          const ref = await (await fetch(url)).json();
          const months = pairs.map(([b, d]) => status.completedMonths(b, d));
          const growth = cases.map(([w, age, period, pw, pp, ps]) => {
            const prev = pw === null ? null : {period: pp, weight_kg: pw};
            const code = status.growthStatus(ref.kms, w, age, period, prev, prev !== null);
            return [code, code === 'T' && ps === 'T'];
          });
          return {months, growth};
        }""",
        [_reference_url(live_server), pairs, cases],
    )
    expected_months = [age_in_completed_months(b, d) for b, d in pairs]
    assert computed["months"] == expected_months
    codes = growth_status(
        np.array([c[0] for c in cases]),
        np.array([c[1] for c in cases]),
        np.array([c[2] for c in cases]),
        np.array([np.nan if c[3] is None else c[3] for c in cases]),
        np.array([np.nan if c[4] is None else c[4] for c in cases]),
        kbm=configured_kbm_table(),
    )
    two_t = is_two_t(codes, np.array([c[5] for c in cases]))
    assert [g[0] for g in computed["growth"]] == codes.tolist()
    assert [g[1] for g in computed["growth"]] == two_t.tolist()
