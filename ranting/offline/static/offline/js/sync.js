// Sending the queue to the JSON API (docs/api.md), new measurements in batches of BATCH_SIZE
// (each answered as a single POST would be). Every entry carries the client_id made when
// the kader tapped "Simpan", so a retry after a lost answer is answered "duplicate" and never
// makes a second row. Outcomes per docs/api.md: 201/200 stored; 409 already_measured is a
// conflict shown side by side; 422 and other refusals go back to the kader with the server's
// reason; 401, 429, 5xx and network errors stop the run and leave the entry waiting.

export const INPUT_FIELDS = [
  "measured_on",
  "weight_kg",
  "lenhei_cm",
  "position",
  "oedema",
  "armc_cm",
  "headc_cm",
  "vitamin_a",
  "exclusive_breastfeeding",
  "notes",
];

export class Stop extends Error {
  constructor(kind, status) {
    super(kind);
    this.kind = kind; // "offline", "signed_out", "busy" or "server_error"
    this.status = status;
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** One API call: {status, data}; throws Stop when the answer says "try again later". */
export async function call(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Stop("offline");
  }
  if (response.status === 401) throw new Stop("signed_out", 401);
  if (response.status === 429) throw new Stop("busy", 429);
  if (response.status >= 500) throw new Stop("server_error", response.status);
  let data = null;
  try {
    data = await response.json();
  } catch {
    // A non-JSON answer (e.g. a proxy's error page) is not the API talking: retry later.
    throw new Stop("server_error", response.status);
  }
  return { status: response.status, data };
}

function payload(entry) {
  const body = { client_id: entry.client_id, child_id: entry.child_id, confirm: entry.confirm };
  for (const field of INPUT_FIELDS) body[field] = entry.values[field];
  if (body.lenhei_cm === null) body.position = "";
  return body;
}

/** The server's row has the same inputs as the entry (then the conflict is no conflict). */
export function sameInputs(values, row) {
  const number = (v) => (v === null || v === undefined || v === "" ? null : Number(v));
  return (
    values.measured_on === row.measured_on &&
    number(values.weight_kg) === number(row.weight_kg) &&
    number(values.lenhei_cm) === number(row.lenhei_cm) &&
    (values.lenhei_cm === null ? "" : values.position) === (row.position || "") &&
    number(values.armc_cm) === number(row.armc_cm) &&
    number(values.headc_cm) === number(row.headc_cm) &&
    Boolean(values.oedema) === Boolean(row.oedema) &&
    Boolean(values.vitamin_a) === Boolean(row.vitamin_a) &&
    Boolean(values.exclusive_breastfeeding) === Boolean(row.exclusive_breastfeeding) &&
    (values.notes || "") === (row.notes || "")
  );
}

function refused(entry, data, texts) {
  entry.state = "ditolak";
  // The API's own wording of this one speaks to programmers ("confirm": true).
  const own = data.code === "needs_confirmation" ? texts.server_needs_confirmation : "";
  entry.reason = own || data.message || data.code || "";
  entry.code = data.code || "";
  entry.server_warnings = (data.details && data.details.warnings) || [];
  return entry;
}

// Entries per POST /measurements/batch (the API takes up to 100): one request for a posyandu
// day's queue, small enough to answer within seconds on a slow line.
export const BATCH_SIZE = 50;

/**
 * Send waiting entries; returns them with their new states. Throws Stop to end the run (then
 * nothing of that request was stored and the entries stay waiting). New measurements go
 * together through POST /measurements/batch, a correction alone as PATCH.
 * `texts` are the reference document's texts (a konflik is explained in the kader's words).
 */
export async function sendEntries(apiBase, entries, texts) {
  if (entries.length === 1 && entries[0].correction) {
    const entry = entries[0];
    const correction = entry.correction;
    const { status, data } = await call(
      "PATCH",
      `${apiBase}measurements/${correction.measurement_id}`,
      {
        ...payload(entry),
        child_id: undefined,
        client_id: correction.client_id,
        reason: correction.reason,
      },
    );
    return [applyAnswer(entry, status, data, texts)];
  }
  const { status, data } = await call("POST", `${apiBase}measurements/batch`, {
    items: entries.map(payload),
  });
  if (status !== 200) return entries.map((entry) => applyAnswer(entry, status, data, texts));
  return entries.map((entry, i) =>
    applyAnswer(entry, data.results[i].status, data.results[i].body, texts),
  );
}

/** The entry after the API answered `status` with `data` for it. */
export function applyAnswer(entry, status, data, texts) {
  entry.attempts = (entry.attempts || 0) + 1;
  entry.code = data.code || "";
  if (status === 200 || status === 201) {
    entry.state = "terkirim";
    entry.server = data;
    entry.reason = "";
    entry.sent_at = new Date().toISOString();
    return entry;
  }
  if (status === 409 && data.code === "already_measured") {
    const existing = data.details.existing;
    entry.existing = existing;
    if (sameInputs(entry.values, existing)) {
      entry.state = "terkirim";
      entry.server = existing;
      entry.same_on_server = true;
      entry.reason = "";
      entry.sent_at = new Date().toISOString();
      return entry;
    }
    entry.state = "konflik";
    entry.reason = texts.conflict;
    return entry;
  }
  return refused(entry, data, texts);
}

/** Newest server row of a sent entry, written into the stored child's history. */
export function historyRow(row) {
  return {
    id: row.id,
    period: row.period.slice(0, 7),
    measured_on: row.measured_on,
    weight_kg: row.weight_kg,
    lenhei_cm: row.lenhei_cm,
    position: row.position,
    clenhei_cm: row.clenhei_cm,
    growth: row.growth ? row.growth.code : "",
    two_t: row.two_t,
    bgm: row.bgm,
    zwei: row.zscores.zwei,
    zlen: row.zscores.zlen,
    zwfl: row.zscores.zwfl,
    zbmi: row.zscores.zbmi,
    status_bbu: row.status.bbu ? row.status.bbu.code : "",
    status_tbu: row.status.tbu ? row.status.tbu.code : "",
    status_bbtb: row.status.bbtb ? row.status.bbtb.code : "",
    status_imtu: row.status.imtu ? row.status.imtu.code : "",
    flags: row.flags.map((f) => f.index).join(","),
  };
}
