// The offline kader form (/luring/): wiring of the page, the queue and the sync runs.
// Works from the phone's own copies when there is no signal: the page and its files from the
// service worker's cache, the reference tables from the cache (and IndexedDB), the child list
// and the queue from IndexedDB. Sync runs on start, on the `online` event and on the button.

import { assess, cleanForm, fill } from "./checks.js";
import { openStore } from "./store.js";
import { completedMonths } from "./status.js";
import { BATCH_SIZE, Stop, call, historyRow, sendEntries } from "./sync.js";
import * as ui from "./ui.js";

// While entries wait, try again this often: a phone may have "signal" that carries nothing,
// and browsers do not always fire the `online` event when it comes back.
const RETRY_MS = 30000;
const root = document.getElementById("luring");
const form = document.getElementById("entry-form");
const cfg = root.dataset;
const state = {
  ref: null,
  store: null,
  posyanduId: null,
  children: [],
  entries: [],
  child: null, // the child whose form is open
  editing: null, // the queue entry being changed, if any
  noticeFor: "", // the month the "already measured" notice was shown for
  syncing: false,
};

function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function texts() {
  return state.ref.texts;
}

async function loadReference() {
  try {
    const response = await fetch(cfg.reference, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const ref = await response.json();
    await state.store.setMeta("reference", ref);
    return ref;
  } catch (error) {
    const kept = await state.store.meta("reference");
    if (kept) return kept;
    throw error;
  }
}

function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(cfg.sw, { scope: cfg.scope }).catch(() => undefined);
}

async function loadEntries() {
  state.entries = await state.store.entries();
  return state.entries;
}

const actions = {
  async discard(entry) {
    await state.store.deleteEntry(entry.client_id);
    await renderAll();
  },
  async correct(entry, item) {
    const reason = item.querySelector(".correction-reason").value.trim();
    const error = item.querySelector(".correction-error");
    if (!reason) {
      error.replaceChildren(ui.el("li", { text: texts().correction_reason_required }));
      error.hidden = false;
      return;
    }
    entry.correction = {
      client_id: crypto.randomUUID(),
      measurement_id: entry.existing.id,
      reason,
    };
    entry.state = "menunggu";
    entry.reason = "";
    await state.store.saveEntry(entry);
    await renderAll();
    syncNow();
  },
  async confirm(entry) {
    // The server asked for the tick the phone could not know was needed (other history).
    entry.confirm = true;
    entry.state = "menunggu";
    entry.reason = "";
    await state.store.saveEntry(entry);
    await renderAll();
    syncNow();
  },
  async edit(entry) {
    const child = state.children.find((c) => c.id === entry.child_id) || entry.child;
    openForm(child, entry);
  },
};

async function renderAll() {
  await loadEntries();
  ui.renderQueue(state.ref, state.entries, actions);
  renderChildren();
}

function renderChildren() {
  const month = todayIso().slice(0, 7);
  const waiting = state.entries.filter((e) => e.state === "menunggu" && e.period === month);
  const pending = new Set(waiting.map((e) => e.child_id));
  const query = document.getElementById("search").value;
  const pick = (child) => openForm(child);
  ui.renderChildren(state.ref, state.children, query, pending, todayIso(), pick);
}

function setRefreshed(when) {
  const line = document.getElementById("refreshed");
  line.textContent = when
    ? fill(texts().refreshed, { when: new Date(when).toLocaleString("id-ID") })
    : texts().never_refreshed;
}

async function loadChildren() {
  state.children = (await state.store.children(state.posyanduId)).sort((a, b) =>
    a.name.localeCompare(b.name, "id"),
  );
  setRefreshed(await state.store.meta(`refreshed-${state.posyanduId}`));
}

/** What the last request showed about the network (navigator.onLine can be wrong). */
function noteNetwork(error) {
  const offline = error instanceof Stop && error.kind === "offline";
  ui.setNetState(texts(), !offline);
}

async function refreshChildren() {
  try {
    const url = `${cfg.children}?posyandu=${encodeURIComponent(state.posyanduId)}`;
    const { status, data } = await call("GET", url);
    noteNetwork(null);
    if (status !== 200) throw new Error(data.message);
    await state.store.replaceChildren(state.posyanduId, data.children);
    await state.store.setMeta(`refreshed-${state.posyanduId}`, data.generated_at);
  } catch (error) {
    if (error instanceof Stop) noteNetwork(error);
    const signedOut = error instanceof Stop && error.kind === "signed_out";
    ui.setMessage(signedOut ? texts().sync_signed_out : texts().refresh_failed);
  }
  await loadChildren();
  renderChildren();
}

/** Put the server's row into the stored child, so the next month compares with it. */
async function rememberOnChild(row) {
  const child = await state.store.get("children", row.child_id);
  if (!child) return;
  const fresh = historyRow(row);
  child.history = [fresh, ...child.history.filter((h) => h.period !== fresh.period)].sort((a, b) =>
    b.period.localeCompare(a.period),
  );
  await state.store.put("children", child);
}

function stopMessage(stop) {
  const t = texts();
  return {
    offline: t.sync_offline,
    signed_out: t.sync_signed_out,
    busy: t.sync_busy,
    server_error: fill(t.sync_server_error, { status: stop.status }),
  }[stop.kind];
}

/** The waiting entries as requests, in order: runs of new ones in batches, a correction alone. */
function requests(waiting) {
  const out = [];
  let batch = [];
  for (const entry of waiting) {
    if (entry.correction) {
      if (batch.length) out.push(batch);
      out.push([entry]);
      batch = [];
      continue;
    }
    batch.push(entry);
    if (batch.length === BATCH_SIZE) {
      out.push(batch);
      batch = [];
    }
  }
  if (batch.length) out.push(batch);
  return out;
}

async function runSync() {
  const waiting = (await loadEntries())
    .filter((e) => e.state === "menunggu")
    .sort((a, b) => a.values.measured_on.localeCompare(b.values.measured_on));
  if (!waiting.length) {
    ui.setMessage(texts().sync_nothing);
    return;
  }
  ui.setMessage(texts().sync_running);
  let sent = 0;
  try {
    for (const group of requests(waiting)) {
      // Another tab may have sent or changed some meanwhile.
      const fresh = [];
      for (const queued of group) {
        const entry = await state.store.entry(queued.client_id);
        if (entry && entry.state === "menunggu") fresh.push(entry);
      }
      if (!fresh.length) continue;
      const answered = await sendEntries(cfg.api, fresh, texts());
      noteNetwork(null);
      for (const entry of answered) {
        await state.store.saveEntry(entry);
        if (entry.state === "terkirim") {
          sent += 1;
          await rememberOnChild(entry.server);
        }
      }
      await renderAll();
    }
    const left = (await loadEntries()).filter((e) => e.state === "menunggu").length;
    ui.setMessage(fill(texts().sync_done, { sent, waiting: left }));
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    noteNetwork(error);
    ui.setMessage(stopMessage(error));
  }
}

async function syncNow() {
  if (state.syncing) return;
  state.syncing = true;
  root.dataset.syncing = "1";
  try {
    // One run at a time across tabs; retries would be harmless (client_id), but noisy.
    if (navigator.locks) await navigator.locks.request("ranting-luring-sync", runSync);
    else await runSync();
  } finally {
    state.syncing = false;
    delete root.dataset.syncing;
    await loadChildren();
    await renderAll();
    root.dataset.synced = String(Number(root.dataset.synced || 0) + 1);
  }
}

// --- the form -------------------------------------------------------------------------------

function setField(name, value) {
  const field = form.elements[name];
  if (!field) return;
  if (field instanceof RadioNodeList) {
    for (const radio of field) radio.checked = radio.value === value;
  } else if (field.type === "checkbox") field.checked = Boolean(value);
  else field.value = value === null || value === undefined ? "" : String(value).replace(".", ",");
}

function readForm() {
  const data = new FormData(form);
  const raw = Object.fromEntries(data.entries());
  for (const name of ["oedema", "vitamin_a", "exclusive_breastfeeding", "confirm"]) {
    raw[name] = data.has(name);
  }
  return raw;
}

function openForm(child, entry = null) {
  const t = texts();
  state.child = child;
  state.editing = entry;
  state.noticeFor = "";
  form.reset();
  ui.clearErrors(form);
  ui.showConfirm([]);
  const today = todayIso();
  const months = child.birth_date <= today ? completedMonths(child.birth_date, today) : 0;
  document.getElementById("form-title").textContent = child.name;
  document.getElementById("form-child").textContent =
    `${child.sex_label} · ${ui.isoToDmy(child.birth_date)} · ${ui.ageLabel(t, months)}`;
  const values = entry ? entry.values : {};
  setField("measured_on", values.measured_on || today);
  setField("weight_kg", values.weight_kg);
  setField("lenhei_cm", values.lenhei_cm);
  // PMK 2/2020: lying down under 24 months, standing from 24 months (as the online form).
  const usual = months < state.ref.checks.standing_from_months ? "l" : "h";
  setField("position", values.position || usual);
  for (const name of ["oedema", "vitamin_a", "exclusive_breastfeeding"]) {
    setField(name, values[name]);
  }
  setField("armc_cm", values.armc_cm);
  setField("headc_cm", values.headc_cm);
  setField("notes", values.notes || "");
  // ASI eksklusif only concerns infants under 6 months (as the online form).
  ui.show(
    document.getElementById("breastfeeding-row"),
    months < state.ref.checks.exclusive_bf_max_months || Boolean(values.exclusive_breastfeeding),
  );
  const notice = document.getElementById("form-notice");
  const onServer = child.history.find((h) => h.period === today.slice(0, 7));
  ui.show(notice, false);
  if (!entry && onServer) {
    notice.textContent = fill(t.already_on_server, { date: ui.isoToDmy(onServer.measured_on) });
    ui.show(notice, true);
    state.noticeFor = onServer.period;
  }
  // While the form is open it is the whole page: no scrolling past the queue on a phone.
  ui.show(document.getElementById("result-section"), false);
  ui.show(document.getElementById("children-section"), false);
  ui.show(document.getElementById("queue-section"), false);
  ui.show(document.getElementById("form-section"), true);
  form.elements.weight_kg.focus();
}

function closeForm() {
  state.child = null;
  state.editing = null;
  ui.show(document.getElementById("form-section"), false);
  ui.show(document.getElementById("children-section"), true);
  ui.show(document.getElementById("queue-section"), true);
}

/** The child's weighings the server has, plus waiting entries of other months. */
function historyFor(child, period) {
  const queued = state.entries
    .filter((e) => e.child_id === child.id && e.state === "menunggu" && e.period !== period)
    .filter((e) => !state.editing || e.client_id !== state.editing.client_id)
    .map((e) => ({
      period: e.period,
      measured_on: e.values.measured_on,
      weight_kg: Number(e.values.weight_kg),
      clenhei_cm: e.local.clenhei_cm,
      growth: e.local.growth,
    }));
  const known = new Set(queued.map((row) => row.period));
  return [...child.history.filter((row) => !known.has(row.period)), ...queued];
}

async function onSubmit(event) {
  event.preventDefault();
  const t = texts();
  const child = state.child;
  const raw = readForm();
  const { errors, values } = cleanForm(state.ref, child, raw, todayIso());
  if (Object.keys(errors).length) {
    ui.showErrors(form, t, errors);
    return;
  }
  ui.clearErrors(form);
  const period = values.measured_on.slice(0, 7);
  await loadEntries();
  const clash = state.entries.find(
    (e) =>
      e.child_id === child.id &&
      e.period === period &&
      e.state !== "terkirim" &&
      (!state.editing || e.client_id !== state.editing.client_id),
  );
  const notice = document.getElementById("form-notice");
  if (clash) {
    notice.textContent = fill(t.duplicate_local, { month: ui.monthLabel(period) });
    ui.show(notice, true);
    notice.scrollIntoView({ block: "center" });
    return;
  }
  const onServer = child.history.find((h) => h.period === period);
  if (onServer && state.noticeFor !== period && !state.editing) {
    // Shown once; saving again queues it, and the server's answer shows the conflict.
    notice.textContent = fill(t.already_on_server, { date: ui.isoToDmy(onServer.measured_on) });
    ui.show(notice, true);
    state.noticeFor = period;
    notice.scrollIntoView({ block: "center" });
    return;
  }
  const result = assess(state.ref, child, values, historyFor(child, period), child.weighed_before);
  if (result.needs_confirmation && !raw.confirm) {
    ui.showConfirm(result.confirm_messages);
    return;
  }
  const previous = state.editing;
  const entry = {
    // A new id for every new or changed piece of data (docs/api.md, idempotent writes).
    client_id: crypto.randomUUID(),
    child_id: child.id,
    child_name: child.name,
    child, // a copy, to change the entry even if the child leaves the downloaded list
    posyandu_id: state.posyanduId,
    period,
    values,
    confirm: result.needs_confirmation,
    local: result,
    state: "menunggu",
    reason: "",
    created_at: previous ? previous.created_at : new Date().toISOString(),
  };
  await state.store.saveEntry(entry);
  if (previous) await state.store.deleteEntry(previous.client_id);
  closeForm();
  ui.renderResult(state.ref, child, entry);
  ui.show(document.getElementById("result-section"), true);
  ui.setMessage(t.saved_locally);
  await renderAll();
  document.getElementById("result-section").scrollIntoView({ block: "start" });
  if (navigator.onLine) syncNow();
}

async function choosePosyandu() {
  const select = document.getElementById("posyandu");
  const saved = await state.store.meta("posyandu");
  if (saved && [...(select.options || [])].some((o) => Number(o.value) === saved)) {
    select.value = String(saved);
  }
  state.posyanduId = Number(select.value);
  await state.store.setMeta("posyandu", state.posyanduId);
}

function wire() {
  form.addEventListener("submit", onSubmit);
  document.getElementById("form-cancel").addEventListener("click", closeForm);
  document.getElementById("search").addEventListener("input", renderChildren);
  document.getElementById("sync-now").addEventListener("click", () => syncNow());
  document.getElementById("refresh-children").addEventListener("click", () => refreshChildren());
  document.getElementById("result-next").addEventListener("click", () => {
    ui.show(document.getElementById("result-section"), false);
    document.getElementById("search").focus();
  });
  document.getElementById("clear-sent").addEventListener("click", async () => {
    for (const entry of state.entries.filter((e) => e.state === "terkirim")) {
      await state.store.deleteEntry(entry.client_id);
    }
    await renderAll();
  });
  document.getElementById("posyandu").addEventListener("change", async (event) => {
    state.posyanduId = Number(event.target.value);
    await state.store.setMeta("posyandu", state.posyanduId);
    await loadChildren();
    renderChildren();
    if (navigator.onLine) refreshChildren();
  });
  window.addEventListener("online", async () => {
    ui.setNetState(texts(), true);
    await refreshChildren();
    await syncNow();
  });
  window.addEventListener("offline", () => ui.setNetState(texts(), false));
}

async function main() {
  registerWorker();
  // Ask the browser not to evict the queue under storage pressure.
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(() => false);
  }
  state.store = await openStore(cfg.user);
  state.ref = await loadReference();
  await choosePosyandu();
  wire();
  ui.setNetState(texts(), navigator.onLine);
  await loadChildren();
  await renderAll();
  ui.show(document.getElementById("app-loading"), false);
  root.dataset.ready = "1";
  setInterval(() => {
    if (!state.syncing && state.entries.some((e) => e.state === "menunggu")) syncNow();
  }, RETRY_MS);
  if (navigator.onLine) {
    await refreshChildren();
    await syncNow();
  }
}

main().catch((error) => {
  const loading = document.getElementById("app-loading");
  loading.className = "msg warning";
  loading.textContent = String(error && error.message ? error.message : error);
  root.dataset.failed = "1";
});
