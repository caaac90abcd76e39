"""Synthetic but plausible growth trajectories for the demo (numpy only, no Django).

Each child keeps a latent length-for-age and weight-for-length z-score that drifts a little each
month, so the demo shows stunting around the level the city reports (SSGI 2022, Kota Bekasi:
6.0% stunting), some wasting, growth faltering (T, 2T) and a few BGM children. Values are turned
into centimetres and kilograms with the inverse LMS formula on the WHO tables the engine ships.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import numpy as np

# Latent z distribution chosen so that about 6-8% of children fall below -2 SD length-for-age.
LATENT_HAZ_MEAN = -0.55
LATENT_HAZ_SD = 1.0
LATENT_WHZ_MEAN = -0.15
LATENT_WHZ_SD = 0.95
# Length-for-age tracks closely month to month; weight-for-length moves more (illness, feeding).
HAZ_DRIFT_SD = 0.04
WHZ_DRIFT_SD = 0.15
WEIGHT_NOISE_KG = 0.05
LENGTH_NOISE_CM = 0.3
DAYS_PER_MONTH = 30.4375


@cache
def _table(name: str, index: str) -> dict[int, tuple[np.ndarray, ...]]:
    text = resources.files("ranting.growth").joinpath("data", name).read_text()
    rows = list(csv.DictReader(text.splitlines()))
    out = {}
    for sex in (1, 2):
        sel = [r for r in rows if int(r["sex"]) == sex]
        out[sex] = tuple(np.array([float(r[col]) for r in sel]) for col in (index, "L", "M", "S"))
    return out


def _inverse_lms(z: np.ndarray, lms: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    big_l, m, s = lms
    return m * np.power(1 + big_l * s * z, 1 / big_l)


def _lookup(
    table: dict, sex: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    out = [np.empty_like(x, dtype=float) for _ in range(3)]
    for code in (1, 2):
        index, big_l, m, s = table[code]
        mask = sex == code
        for arr, values in zip(out, (big_l, m, s), strict=True):
            arr[mask] = np.interp(x[mask], index, values)
    return out[0], out[1], out[2]


def length_cm(sex: np.ndarray, age_days: np.ndarray, haz: np.ndarray) -> np.ndarray:
    """Recumbent length (< 731 days) or standing height for a length-for-age z-score."""
    return _inverse_lms(haz, _lookup(_table("lenanthro.csv", "age"), sex, age_days))


def weight_kg(sex: np.ndarray, length: np.ndarray, age_days: np.ndarray, whz: np.ndarray):
    """Weight for a weight-for-length (< 731 days) or weight-for-height z-score."""
    wfl = _lookup(_table("wflanthro.csv", "length"), sex, np.clip(length, 45, 110))
    wfh = _lookup(_table("wfhanthro.csv", "height"), sex, np.clip(length, 65, 120))
    use_height = age_days >= 731
    big_l, m, s = (np.where(use_height, h, lo) for lo, h in zip(wfl, wfh, strict=True))
    return _inverse_lms(whz, (big_l, m, s))


def trajectories(rng: np.random.Generator, n_children: int, n_months: int):
    """Latent (haz, whz) arrays, shape (n_children, n_months): a start value plus a random walk."""
    haz0 = rng.normal(LATENT_HAZ_MEAN, LATENT_HAZ_SD, n_children)
    whz0 = rng.normal(LATENT_WHZ_MEAN, LATENT_WHZ_SD, n_children)
    haz_steps = rng.normal(0, HAZ_DRIFT_SD, (n_children, n_months))
    whz_steps = rng.normal(0, WHZ_DRIFT_SD, (n_children, n_months))
    haz_steps[:, 0] = whz_steps[:, 0] = 0
    haz = haz0[:, None] + np.cumsum(haz_steps, axis=1)
    whz = whz0[:, None] + np.cumsum(whz_steps, axis=1)
    return haz, whz


def measured(rng, sex, age_days, haz, whz):
    """Observed length (cm, 0.1) and weight (kg, 0.05/0.1) with measurement noise."""
    length = length_cm(sex, age_days, haz) + rng.normal(0, LENGTH_NOISE_CM, haz.shape)
    weight = weight_kg(sex, length, age_days, whz) + rng.normal(0, WEIGHT_NOISE_KG, whz.shape)
    return np.round(length, 1), np.round(weight, 1)
