// The measurement form's rules on the phone: the same fields, decimal comma, the same
// impossible-value errors (ranting/measurements/forms.py + checks.py) and the same implausible
// values that need the "Ya, nilai ini benar" tick (derive.py + services.confirmation_messages).
// Limits and texts come from the reference document; the offline tests compare the errors with
// the server's MeasurementForm for the same input.

import { formatZ, zscores } from "./growth.js";
import {
  classifyAll,
  completedMonths,
  dayNumber,
  growthStatus,
  isBgm,
  periodIndex,
  referrals,
} from "./status.js";

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Flag columns in the order derive.FLAG_COLUMNS stores them.
const FLAG_ORDER = [
  ["zwei", "wei"],
  ["zlen", "len"],
  ["zwfl", "wfl"],
  ["zbmi", "bmi"],
  ["zhc", "hc"],
  ["zac", "ac"],
];

/** "%(name)s" / "%(name)d" placeholders, as Python's % formatting of the server texts. */
export function fill(text, values = {}) {
  return text.replace(/%\((\w+)\)[sd]/g, (_, key) => String(values[key]));
}

/** A number as the server writes it in messages: decimal comma (checks._num). */
export function commaNumber(value) {
  return String(value).replace(".", ",");
}

function isoToDmy(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** Parsed decimal input: {value: Number, places, text: "8.5"} or {error} or null when empty. */
export function parseDecimal(raw) {
  const text = String(raw ?? "").trim();
  if (text === "") return null;
  if (!NUMBER.test(text)) return { error: "invalid" };
  const dotted = text.replace(",", ".");
  const fraction = dotted.includes(".") ? dotted.split(".")[1] : "";
  return { value: Number(dotted), places: fraction.length, text: dotted };
}

export function validDate(iso) {
  if (!ISO_DATE.test(iso || "")) return false;
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Clean the raw form values of a child's measurement. Returns {errors, values}: errors maps a
 * field to its Indonesian reasons (empty when acceptable); values are the cleaned inputs as the
 * API takes them (decimals as dotted strings, booleans).
 */
export function cleanForm(ref, child, raw, todayIso) {
  const rules = ref.checks;
  const t = ref.texts;
  const errors = {};
  const add = (field, message) => (errors[field] = errors[field] || []).push(message);
  const values = {
    measured_on: raw.measured_on || "",
    position: raw.position || "",
    oedema: Boolean(raw.oedema),
    vitamin_a: Boolean(raw.vitamin_a),
    exclusive_breastfeeding: Boolean(raw.exclusive_breastfeeding),
    notes: (raw.notes || "").trim(),
  };
  const numbers = {};

  if (!values.measured_on) add("measured_on", t.required);
  else if (!validDate(values.measured_on)) add("measured_on", t.invalid_date);
  for (const field of ["weight_kg", "lenhei_cm", "armc_cm", "headc_cm"]) {
    const parsed = parseDecimal(raw[field]);
    if (parsed === null) {
      if (field === "weight_kg") add(field, t.required);
      values[field] = null;
    } else if (parsed.error) {
      add(field, t.invalid_number);
    } else {
      numbers[field] = parsed;
      values[field] = parsed.text;
    }
  }
  if (values.notes.length > rules.notes_max_length) {
    add("notes", fill(t.notes_too_long, { n: rules.notes_max_length }));
  }

  // checks.input_errors, on the fields that cleaned.
  let months = null;
  if (!errors.measured_on) {
    if (values.measured_on > todayIso) add("measured_on", t.future_date);
    if (values.measured_on < child.birth_date) {
      add("measured_on", fill(t.before_birth, { birth: isoToDmy(child.birth_date) }));
    } else {
      months = completedMonths(child.birth_date, values.measured_on);
      if (months >= rules.balita_max_months) add("measured_on", fill(t.too_old, { months }));
    }
  }
  const weight = numbers.weight_kg;
  if (weight && !(rules.min_weight_kg <= weight.value && weight.value <= rules.max_weight_kg)) {
    let message = fill(t.weight_range, {
      lo: commaNumber(rules.min_weight_kg),
      hi: commaNumber(rules.max_weight_kg),
    });
    if (weight.value > rules.grams_hint_above) message += " " + t.grams_hint;
    add("weight_kg", message);
  }
  const lenhei = numbers.lenhei_cm;
  if (lenhei) {
    if (!(rules.min_lenhei_cm <= lenhei.value && lenhei.value <= rules.max_lenhei_cm)) {
      let message = fill(t.lenhei_range, {
        lo: commaNumber(rules.min_lenhei_cm),
        hi: commaNumber(rules.max_lenhei_cm),
      });
      if (lenhei.value < rules.metres_hint_below) message += " " + t.metres_hint;
      add("lenhei_cm", message);
    }
    if (!values.position) add("position", t.position_missing);
    else if (values.position === "h" && months !== null && months < rules.min_standing_months) {
      add("position", t.standing_under_9_months);
    }
  }
  for (const [field, lo, hi, label] of [
    ["armc_cm", rules.min_armc_cm, rules.max_armc_cm, t.label_armc],
    ["headc_cm", rules.min_headc_cm, rules.max_headc_cm, t.label_headc],
  ]) {
    const value = numbers[field];
    if (value && !(lo <= value.value && value.value <= hi)) {
      const range = { label, lo: commaNumber(lo), hi: commaNumber(hi) };
      let message = fill(t.circumference_range, range);
      if (value.value > rules.mm_hint_above) message += " " + t.mm_hint;
      add(field, message);
    }
  }
  const tooOldForAsi = months !== null && months >= rules.exclusive_bf_max_months;
  if (values.exclusive_breastfeeding && tooOldForAsi) {
    add("exclusive_breastfeeding", t.breastfeeding_age);
  }
  // MeasurementForm.clean(): decimal places after the range rules, only for fields without an
  // error (Django's add_error() has dropped those from cleaned_data by then).
  for (const [field, places] of Object.entries(rules.decimal_places)) {
    if (numbers[field] && !errors[field] && numbers[field].places > places) {
      add(field, fill(t.decimal_places, { n: places }));
    }
  }
  if (values.lenhei_cm === null) values.position = "";
  return { errors, values };
}

function finiteOrNull(x) {
  return Number.isFinite(x) ? x : null;
}

function formatFixed(value, digits) {
  return value.toFixed(digits).replace(".", ",");
}

/**
 * Everything the server derives for this entry (derive.apply_derived): age, corrected length,
 * z-scores, flags, PMK statuses, N/T/O/B, 2T, BGM, referral reasons, warnings, and the
 * Indonesian confirmation messages. `history` holds the child's other weighings
 * ({period: "YYYY-MM", measured_on, weight_kg, clenhei_cm, growth}); `everBefore` says the
 * child was weighed before the oldest of them.
 */
export function assess(ref, child, values, history, everBefore = false) {
  const ageDays = dayNumber(values.measured_on) - dayNumber(child.birth_date);
  const ageMonths = completedMonths(child.birth_date, values.measured_on);
  const weight = Number(values.weight_kg);
  const result = zscores(ref.growth, {
    sex: child.sex,
    ageDays,
    weight,
    lenhei: values.lenhei_cm,
    measure: values.lenhei_cm === null ? "" : values.position,
    oedema: values.oedema,
    headc: values.headc_cm,
    armc: values.armc_cm,
  });
  const statuses = classifyAll(ref.pmk, result, values.oedema);
  const period = periodIndex(values.measured_on);
  const earlier = history
    .filter((row) => periodIndex(row.period) < period)
    .sort((a, b) => periodIndex(a.period) - periodIndex(b.period));
  const previous = earlier.length ? earlier[earlier.length - 1] : null;
  const growth = growthStatus(
    ref.kms,
    weight,
    ageMonths,
    period,
    previous && { period: periodIndex(previous.period), weight_kg: previous.weight_kg },
    everBefore || earlier.length > 0,
  );
  const twoT = growth === "T" && previous !== null && previous.growth === "T";
  const zwei = result.z.wei;
  const fwei = result.f.wei;
  const flags = FLAG_ORDER.filter(([, key]) => result.f[key] === 1).map(([name]) => name);

  const c = ref.growth.constants;
  const hasLength = values.lenhei_cm !== null;
  const lengthPrevious = [...earlier].reverse().find((row) => row.clenhei_cm !== null);
  const clenhei = finiteOrNull(result.clenhei);
  const warnings = [];
  const measure = hasLength ? values.position : "";
  if (hasLength && measure === "h" && ageDays < c.length_to_height_age_days && !result.c9mo) {
    warnings.push("berdiri_lt24bln");
  }
  if (hasLength && measure === "l" && ageDays >= c.length_to_height_age_days) {
    warnings.push("terlentang_ge24bln");
  }
  if (result.c9mo) warnings.push("berdiri_lt9bln");
  if (flags.length) warnings.push("z_tidak_wajar");
  const weightLoss =
    previous !== null && previous.weight_kg - weight > ref.checks.max_weight_loss_kg;
  if (weightLoss) warnings.push("bb_turun");
  const shrink =
    lengthPrevious !== undefined &&
    clenhei !== null &&
    lengthPrevious.clenhei_cm - clenhei > ref.checks.max_length_shrink_cm;
  if (shrink) warnings.push("pb_menyusut");

  const t = ref.texts;
  const confirmMessages = [];
  const z = {
    zwei: finiteOrNull(zwei),
    zlen: finiteOrNull(result.z.len),
    zwfl: finiteOrNull(result.z.wfl),
    zbmi: finiteOrNull(result.z.bmi),
    zac: finiteOrNull(result.z.ac),
    zhc: finiteOrNull(result.z.hc),
  };
  for (const name of flags) {
    const shown = { index: t.z_labels[name], z: formatZ(z[name]) };
    confirmMessages.push(fill(t.confirm_implausible, shown));
  }
  if (weightLoss) {
    const hundredths = Math.round(previous.weight_kg * 100) - Math.round(weight * 100);
    confirmMessages.push(
      fill(t.confirm_weight_loss, {
        loss: formatFixed(hundredths / 100, 2),
        prev: formatFixed(previous.weight_kg, 2),
        date: isoToDmy(previous.measured_on),
        now: formatFixed(weight, 2),
      }),
    );
  }
  if (shrink) {
    confirmMessages.push(
      fill(t.confirm_length_shrink, {
        prev: formatFixed(lengthPrevious.clenhei_cm, 1),
        date: isoToDmy(lengthPrevious.measured_on),
        now: formatFixed(clenhei, 1),
      }),
    );
  }
  const confirmSet = new Set(ref.checks.confirm_warnings);
  return {
    age_days: ageDays,
    age_months: ageMonths,
    clenhei_cm: clenhei,
    zscores: z,
    flags,
    status: statuses,
    growth,
    two_t: twoT,
    bgm: isBgm(ref.kms, zwei, fwei),
    referral: referrals(ref.kms, growth, twoT, zwei, fwei, statuses),
    warnings,
    needs_confirmation: warnings.some((code) => confirmSet.has(code)),
    confirm_messages: confirmMessages,
  };
}
