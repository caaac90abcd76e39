// PMK 2/2020 nutrition status and the KMS monthly rules (N/T/O/B, 2T, BGM, referral reasons)
// on the phone: ports of ranting/growth/classify.py and kms.py, with the cut-offs, labels and
// the configured KBM table read from the reference document.

/** Days since 1970-01-01 of an ISO date "YYYY-MM-DD" (calendar arithmetic, no time zone). */
export function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

/** Age in completed months ("bulan penuh"), as growth.kms.age_in_completed_months. */
export function completedMonths(birthIso, onIso) {
  const [by, bm, bd] = birthIso.split("-").map(Number);
  const [y, m, d] = onIso.split("-").map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/** Month index year * 12 + month - 1 of an ISO date or "YYYY-MM" (growth.kms.period_index). */
export function periodIndex(iso) {
  const [y, m] = iso.split("-").map(Number);
  return y * 12 + m - 1;
}

/** Band of a rounded z in a PMK scheme: the number of cuts passed (CategoryScheme.band_index). */
function band(scheme, z) {
  const passed = scheme.cuts.filter((cut, i) => (scheme.upper_inclusive[i] ? z >= cut : z > cut));
  return scheme.codes[passed.length];
}

function classifyOne(scheme, z, flag, oedema) {
  if (oedema) return scheme.codes[0];
  if (Number.isNaN(z) || flag === 1) return "";
  return band(scheme, z);
}

/** The four PMK 2/2020 status codes (classify.classify_all); "" when not assessable. */
export function classifyAll(pmk, result, oedema) {
  const { z, f } = result;
  // As anthro_prevalence, oedema is not counted for children of 60 months or more.
  oedema = Boolean(oedema) && !result.tooOld;
  return {
    bbu: classifyOne(pmk.bbu, z.wei, f.wei, oedema),
    tbu: classifyOne(pmk.tbu, z.len, f.len, false),
    bbtb: classifyOne(pmk.bbtb, z.wfl, f.wfl, oedema),
    imtu: classifyOne(pmk.imtu, z.bmi, f.bmi, oedema),
  };
}

/** KBM in grams for an age in completed months; NaN outside the table. */
export function kbmGrams(kms, months) {
  const row = kms.kbm.find(([from, to]) => months >= from && months <= to);
  return row ? row[2] : NaN;
}

// numpy's round(): half to even, so 0.5 g ties go the same way as on the server.
function roundHalfEven(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Weight change in whole grams, each weight rounded to the gram first (kms.weight_gain_grams). */
export function gainGrams(kms, weightKg, prevKg) {
  return roundHalfEven(weightKg * kms.grams_per_kg) - roundHalfEven(prevKg * kms.grams_per_kg);
}

/**
 * N/T/O/B of a weighing (kms.growth_status): `previous` is the child's latest earlier weighing
 * ({period: month index, weight_kg}) or null; `everBefore` whether any earlier weighing exists.
 */
export function growthStatus(kms, weightKg, ageMonths, period, previous, everBefore) {
  if (!Number.isFinite(weightKg)) return "";
  if (!everBefore && !previous) return "B";
  if (!previous || previous.period !== period - 1) return "O";
  let minGain = kbmGrams(kms, Math.floor(ageMonths));
  if (Number.isNaN(minGain)) minGain = kms.min_gain_without_kbm_grams;
  return gainGrams(kms, weightKg, previous.weight_kg) >= minGain ? "N" : "T";
}

/** BGM: BB/U z strictly below the KMS red line, not flagged (kms.is_bgm). */
export function isBgm(kms, zwei, fwei) {
  return zwei < kms.red_line_sd && fwei !== 1;
}

/** Referral reason codes, in the order of kms.REFERRAL_CODES (kms.referral_matrix). */
export function referrals(kms, growth, twoT, zwei, fwei, statuses) {
  const on = {
    tidak_naik: growth === "T" && !twoT,
    tidak_naik_2t: twoT,
    bgm: isBgm(kms, zwei, fwei),
    di_atas_garis_oranye: zwei > kms.orange_line_sd && fwei !== 1,
    stunting: statuses.tbu === "pendek" || statuses.tbu === "sangat_pendek",
    wasting: statuses.bbtb === "gizi_kurang" || statuses.bbtb === "gizi_buruk",
  };
  return kms.referral_codes.filter((code) => on[code]);
}
