// WHO Child Growth Standards z-scores on the phone: a scalar JS port of ranting/growth
// (anthro_zscores, itself a port of WHO's R package anthro 1.1.0). The rules and tables come
// from the reference document (/luring/data/rujukan.json, built by ranting/offline/reference.py)
// so they cannot drift from the server. The arithmetic is written in the same order as
// ranting/growth/lms.py and zscores.py: IEEE-754 gives the same doubles, and the rounding is R's
// round(z, 2), so the 2-decimal z-scores equal the server's (checked by the offline tests).

const SEXES = { L: 1, P: 2, 1: 1, 2: 2 };

// R's round(x, 2) (src/nmath/fround.c, R >= 4.0.0): the nearer of floor and ceil of 100|x|
// divided by 100, the even last digit on an exact tie; 0, non-finite and huge values pass.
export function roundLikeR(x, c) {
  if (!Number.isFinite(x) || x === 0 || Math.abs(x) >= c.r_round_passthrough_abs) return x;
  const sign = x < 0 ? -1 : 1;
  const magnitude = Math.abs(x);
  const scaled = c.z_scale * magnitude;
  const lower = Math.floor(scaled);
  const down = lower / c.z_scale;
  const up = Math.ceil(scaled) / c.z_scale;
  const gapUp = up - magnitude;
  const gapDown = magnitude - down;
  const takeUp = gapUp < gapDown || (gapUp === gapDown && lower % 2 === 1);
  return sign * (takeUp ? up : down);
}

// anthro round_up(): ages are rounded half up to whole days.
function roundUpDays(days, c) {
  const whole = Math.floor(days);
  return whole + (days - whole >= c.half_day ? 1 : 0);
}

function boxCoxZ(y, l, m, s) {
  // ((y / M) ** L - 1) / (S * L), the product S * L formed as the server forms it.
  const sl = s * l;
  let z = y / m;
  z = Math.pow(z, l);
  z -= 1;
  return z / sl;
}

// WHO "restricted application" beyond |z| > 3 (SD23), anthro compute_zscore_adjusted().
function restrict(z, y, l, m, s, c) {
  if (!(Math.abs(z) > c.sd23_outer_z)) return z;
  const ls = l * s;
  const inverseL = 1 / l;
  const at = (sd) => m * Math.pow(1 + ls * sd, inverseL);
  if (z > c.sd23_outer_z) {
    const sd3pos = at(c.sd23_outer_z);
    const sd23pos = sd3pos - at(c.sd23_inner_z);
    return c.sd23_outer_z + (y - sd3pos) / sd23pos;
  }
  const sd3neg = at(-c.sd23_outer_z);
  const sd23neg = at(-c.sd23_inner_z) - sd3neg;
  return -c.sd23_outer_z + (y - sd3neg) / sd23neg;
}

function scored(y, l, m, s, adjusted, c) {
  let z = boxCoxZ(y, l, m, s);
  if (adjusted) z = restrict(z, y, l, m, s, c);
  return roundLikeR(z, c);
}

// WHO flag on the rounded z (strict inequalities); null when there is no z.
function flagOf(z, indicator) {
  if (Number.isNaN(z)) return null;
  return z < indicator.flag_low || z > indicator.flag_high ? 1 : 0;
}

function num(value) {
  if (value === null || value === undefined || value === "") return NaN;
  return Number(value);
}

// Which weight-for-length/height table scores the row (who2006.select_table): with an age the
// age decides, without one the measure, without both the length.
function lengthTableOf(ageDays, measure, clenhei, c) {
  if (!Number.isNaN(ageDays)) return ageDays >= c.length_to_height_age_days ? "h" : "l";
  if (measure === "h" || measure === "l") return measure;
  if (Number.isNaN(clenhei)) return null;
  return clenhei >= c.impute_height_from_cm ? "h" : "l";
}

function weightForLenhei(ref, row) {
  const c = ref.constants;
  const indicator = ref.indicators.find((ind) => ind.key === "wfl");
  const tableKey = lengthTableOf(row.ageDays, row.measure, row.clenhei, c);
  if (!row.sexOk || row.badAge || tableKey === null) return NaN;
  const table = ref.length_tables[tableKey];
  const clenhei = row.clenhei;
  if (Number.isNaN(clenhei) || clenhei < table.min_cm || clenhei > table.max_cm) return NaN;
  const ageAllows =
    Number.isNaN(row.months) ||
    (row.months < c.max_age_months_exclusive && !(row.ageDays > c.anthro_max_age_days));
  if (row.oedema || !ageAllows) return NaN;
  const lms = table.sexes[String(row.sex)];
  // anthro: low = trunc(lenhei * 10) / 10, upper = trunc(lenhei * 10 + 1) / 10, interpolated
  // by diff = (lenhei - low) / 0.1 when diff > 0; the upper row falls back to the low row at
  // the end of the table.
  const steps = clenhei * c.lenhei_steps_per_cm;
  const lowSteps = Math.trunc(steps);
  const upSteps = Math.trunc(steps + 1);
  const diff = (clenhei - lowSteps / c.lenhei_steps_per_cm) / c.lenhei_step_cm;
  const weightOfUpper = Math.max(diff, 0);
  const inside = (at) => at >= table.first_step && at <= table.last_step;
  if (!inside(lowSteps)) return NaN;
  const low = lowSteps - table.first_step;
  const up = inside(upSteps) ? upSteps - table.first_step : low;
  const interpolate = (column) => column[low] + (column[up] - column[low]) * weightOfUpper;
  const l = interpolate(lms.L);
  const m = interpolate(lms.M);
  const s = interpolate(lms.S);
  return scored(row.weight, l, m, s, indicator.adjusted, c);
}

function ageIndicator(ref, row, indicator, value) {
  const c = ref.constants;
  if (!row.scoredAge || row.ageDays < indicator.first_day) return NaN;
  if (Number.isNaN(value) || value <= 0) return NaN;
  if (indicator.weight_based && row.oedema) return NaN;
  const table = ref.age_tables[indicator.key];
  const lms = table.sexes[String(row.sex)];
  const at = row.ageDays - table.first_day;
  return scored(value, lms.L[at], lms.M[at], lms.S[at], indicator.adjusted, c);
}

/**
 * z-scores of one child's measurement, as ranting.growth.anthro_zscores computes them.
 *
 * `growthRef` is the `growth` part of the reference document. `input`: sex ("L"/"P" or 1/2),
 * ageDays (days, may be fractional), weight (kg), lenhei (cm), measure ("l", "h" or ""),
 * oedema (boolean), headc, armc (cm); missing values are null. Returns {clenhei, cbmi, c9mo,
 * ageDays, months, tooOld, z: {len, wei, wfl, bmi, hc, ac}, f: {...}} with NaN z (and null
 * flags) where not computed.
 */
export function zscores(growthRef, input) {
  const c = growthRef.constants;
  const sex = SEXES[input.sex] || 0;
  const rawAge = num(input.ageDays);
  const badAge = rawAge < 0;
  const months = badAge ? NaN : rawAge / c.days_per_month;
  const ageDays = badAge || Number.isNaN(rawAge) ? NaN : roundUpDays(rawAge, c);
  const measureIn = input.measure === "l" || input.measure === "h" ? input.measure : "";
  // A standing height before 9 months is implausible: flagged, measure dropped, no correction.
  const c9mo = measureIn === "h" && months < c.min_standing_age_months;
  const measure = c9mo ? "" : measureIn;
  let correction = 0;
  if (ageDays < c.length_to_height_age_days && measure === "h") correction = 1;
  if (ageDays >= c.length_to_height_age_days && measure === "l") correction = -1;
  correction *= c.lenhei_correction_cm;
  const clenhei = num(input.lenhei) + correction;
  const weight = num(input.weight);
  const metres = clenhei / c.cm_per_m;
  const cbmi = weight / (metres * metres);
  const row = {
    sex,
    sexOk: sex !== 0,
    badAge,
    months,
    ageDays,
    measure,
    clenhei,
    weight,
    oedema: Boolean(input.oedema),
    scoredAge:
      sex !== 0 &&
      rawAge >= 0 &&
      months < c.max_age_months_exclusive &&
      ageDays <= c.anthro_max_age_days &&
      ageDays <= c.age_table_last_day,
  };
  const measured = { clenhei, cbmi, weight, headc: num(input.headc), armc: num(input.armc) };
  const z = {};
  const f = {};
  for (const indicator of growthRef.indicators) {
    z[indicator.key] = indicator.by_age
      ? ageIndicator(growthRef, row, indicator, measured[indicator.measurement])
      : weightForLenhei(growthRef, row);
    f[indicator.key] = flagOf(z[indicator.key], indicator);
  }
  // anthro's reason "age_60_months_or_more": a known age of 60 months or more.
  const tooOld = rawAge >= 0 && !(months < c.max_age_months_exclusive);
  return { clenhei, cbmi, c9mo, ageDays, months, tooOld, z, f };
}

/** A z-score as the pages show it (growth_tags.zfmt): sign, 2 decimals, decimal comma. */
export function formatZ(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const negative = value < 0 || Object.is(value, -0);
  const text = Math.abs(value).toFixed(2).replace(".", ",");
  return (negative ? "−" : "+") + text;
}
