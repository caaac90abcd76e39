// DOM of the offline page: the child list, the queue with its states and conflicts, the
// result card and the form errors. Every user-entered text goes in through textContent.

import { commaNumber, fill } from "./checks.js";
import { formatZ } from "./growth.js";
import { completedMonths } from "./status.js";

const $ = (id) => document.getElementById(id);
// Badge colours, as measurements/templatetags/growth_tags.py GROWTH_SEVERITY.
const GROWTH_SEVERITY = { N: "ok", T: "danger", O: "warning", B: "info" };
const STATE_SEVERITY = {
  menunggu: "warning",
  terkirim: "ok",
  ditolak: "danger",
  konflik: "danger",
};
const MONTH_FORMAT = new Intl.DateTimeFormat("id-ID", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const SUMMARY_Z = [
  ["zwei", "BB/U"],
  ["zlen", "PB/U"],
  ["zwfl", "BB/PB"],
];

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function show(node, visible) {
  node.hidden = !visible;
}

export function isoToDmy(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

export function monthLabel(period) {
  const [y, m] = period.split("-").map(Number);
  return MONTH_FORMAT.format(new Date(Date.UTC(y, m - 1, 1)));
}

export function ageLabel(texts, months) {
  return fill(texts.age_label, { y: Math.floor(months / 12), m: months % 12 });
}

function badge(text, severity = "") {
  return el("span", { class: `badge ${severity}`.trim(), text });
}

export function setNetState(texts, online) {
  const node = $("net-state");
  node.textContent = online ? texts.online : texts.offline;
  node.className = `badge ${online ? "ok" : "warning"}`;
  document.getElementById("luring").dataset.online = online ? "1" : "0";
}

export function setMessage(text) {
  $("sync-message").textContent = text || "";
}

export function setCounts(entries) {
  for (const state of ["menunggu", "terkirim", "ditolak", "konflik"]) {
    $(`count-${state}`).textContent = String(entries.filter((e) => e.state === state).length);
  }
}

function valuesLine(texts, values) {
  const parts = [isoToDmy(values.measured_on), `${commaNumber(values.weight_kg)} kg`];
  if (values.lenhei_cm !== null) {
    parts.push(`${commaNumber(values.lenhei_cm)} cm (${texts.positions[values.position] || ""})`);
  }
  return parts.join(" · ");
}

function zSummary(zscores) {
  return SUMMARY_Z.map(([name, label]) => {
    const value = el("b", { text: formatZ(zscores[name]) });
    return el("span", { class: "z-item", dataset: { index: name } }, `${label} `, value);
  });
}

function compareTable(ref, entry) {
  const t = ref.texts;
  const server = entry.existing;
  const phone = entry.values;
  const number = (v) => (v === null || v === undefined || v === "" ? "–" : commaNumber(v));
  const position = (code) => t.positions[code] || "–";
  const rows = [
    [t.fields.measured_on, isoToDmy(phone.measured_on), isoToDmy(server.measured_on)],
    [t.fields.weight_kg, number(phone.weight_kg), number(server.weight_kg)],
    [t.fields.lenhei_cm, number(phone.lenhei_cm), number(server.lenhei_cm)],
    [t.fields.position, position(phone.position), position(server.position)],
    [t.fields.armc_cm, number(phone.armc_cm), number(server.armc_cm)],
    [t.fields.headc_cm, number(phone.headc_cm), number(server.headc_cm)],
    [t.fields.oedema, phone.oedema ? t.yes : t.no, server.oedema ? t.yes : t.no],
    [t.z_labels.zwei, formatZ(entry.local.zscores.zwei), formatZ(server.zscores.zwei)],
    [t.z_labels.zlen, formatZ(entry.local.zscores.zlen), formatZ(server.zscores.zlen)],
    [t.z_labels.zwfl, formatZ(entry.local.zscores.zwfl), formatZ(server.zscores.zwfl)],
  ];
  return el(
    "table",
    { class: "compare" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th"),
        el("th", { text: t.compare_phone }),
        el("th", { text: t.compare_server }),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map(([label, a, b]) =>
        el(
          "tr",
          { class: a === b ? "" : "differs" },
          el("th", { text: label }),
          el("td", { text: a }),
          el("td", { text: b }),
        ),
      ),
    ),
  );
}

function sameZ(local, server) {
  return ["zwei", "zlen", "zwfl", "zbmi", "zac", "zhc"].every(
    (name) => formatZ(local[name]) === formatZ(server[name]),
  );
}

/** One queue entry; `actions` maps an action name to its handler (entry) => void. */
function entryItem(ref, entry, actions) {
  const t = ref.texts;
  const item = el("li", {
    class: `entry state-${entry.state}`,
    dataset: { clientId: entry.client_id, state: entry.state },
  });
  const severity = STATE_SEVERITY[entry.state];
  item.append(
    el(
      "div",
      { class: "entry-head" },
      el("strong", { text: entry.child_name }),
      ` · ${monthLabel(entry.period)} `,
      el("span", { class: `badge ${severity} state`, text: t.states[entry.state] }),
    ),
    el("div", { class: "muted", text: valuesLine(t, entry.values) }),
  );
  const checked = entry.state === "terkirim" && entry.server;
  const zscores = checked ? entry.server.zscores : entry.local.zscores;
  item.append(
    el(
      "div",
      { class: "z-line" },
      zSummary(zscores),
      " ",
      el("span", { class: "muted note", text: checked ? t.server_checked : t.local_note }),
    ),
  );
  if (checked && entry.same_on_server) {
    item.append(el("p", { class: "muted", text: t.same_on_server }));
  }
  if (checked && !entry.same_on_server && !sameZ(entry.local.zscores, entry.server.zscores)) {
    item.append(el("p", { class: "msg warning", text: t.server_differs }));
  }
  if (entry.reason && (entry.state === "ditolak" || entry.state === "konflik")) {
    item.append(el("p", { class: "reason error", text: entry.reason }));
  }
  if (entry.state === "ditolak" && entry.server_warnings && entry.server_warnings.length) {
    const warnings = entry.server_warnings.map((w) => el("li", { text: w }));
    item.append(el("ul", { class: "reason-list" }, warnings));
  }
  const buttons = el("div", { class: "actions" });
  const button = (label, name, cls = "btn") => {
    const node = el("button", { type: "button", class: cls, dataset: { action: name } }, label);
    node.addEventListener("click", () => actions[name](entry, item));
    buttons.append(node);
  };
  if (entry.state === "konflik" && entry.existing) {
    item.append(compareTable(ref, entry));
    const id = `reason-${entry.client_id}`;
    item.append(
      el("div", { class: "form" },
        el("label", { for: id, text: t.correction_reason }),
        el("input", {
          id,
          type: "text",
          maxlength: "200",
          class: "correction-reason",
          autocomplete: "off",
        }),
        el("ul", { class: "errorlist correction-error", hidden: true }),
      ),
    );
    button(t.send_correction, "correct", "btn primary");
    button(t.discard, "discard", "btn danger");
  } else if (entry.state === "ditolak") {
    if (entry.code === "needs_confirmation") button(t.confirm_resend, "confirm", "btn primary");
    button(t.edit, "edit");
    button(t.remove, "discard", "btn danger");
  } else if (entry.state === "menunggu") {
    button(t.edit, "edit");
  }
  if (buttons.childElementCount) item.append(buttons);
  return item;
}

export function renderQueue(ref, entries, actions) {
  const list = $("queue");
  list.replaceChildren(...entries.map((entry) => entryItem(ref, entry, actions)));
  show($("queue-empty"), entries.length === 0);
  show($("clear-sent"), entries.some((e) => e.state === "terkirim"));
  setCounts(entries);
}

function lastLine(ref, child) {
  const t = ref.texts;
  const last = child.history[0];
  if (!last) return [el("span", { class: "muted", text: t.never_measured })];
  const text = fill(t.last_measurement, {
    date: isoToDmy(last.measured_on),
    weight: commaNumber(last.weight_kg),
  });
  const parts = [el("span", { class: "muted", text })];
  if (last.growth) parts.push(" ", badge(last.growth, GROWTH_SEVERITY[last.growth]));
  // Only what needs attention, as the online child list's status badges.
  for (const code of [last.status_tbu, last.status_bbtb, last.status_bbu]) {
    const severity = ref.pmk.severity[code];
    if (code && severity !== "ok") parts.push(" ", badge(ref.pmk.labels[code], severity));
  }
  if (last.two_t) parts.push(" ", badge("2T", "danger"));
  if (last.bgm) parts.push(" ", badge("BGM", "danger"));
  return parts;
}

export function renderChildren(ref, children, query, pendingIds, today, onPick) {
  const t = ref.texts;
  const wanted = query.trim().toLowerCase();
  const shown = children.filter((c) => !wanted || c.name.toLowerCase().includes(wanted));
  $("children").replaceChildren(
    ...shown.map((child) => {
      const pick = el("button", { type: "button", class: "btn primary", text: t.record });
      pick.addEventListener("click", () => onPick(child));
      const born = child.birth_date <= today;
      const age = born ? ageLabel(t, completedMonths(child.birth_date, today)) : "–";
      return el(
        "li",
        { class: "child", dataset: { childId: child.id } },
        el(
          "div",
          { class: "child-main" },
          el("strong", { text: child.name }),
          el("span", { class: "muted", text: ` · ${child.sex_label} · ${age}` }),
          el("div", {}, lastLine(ref, child)),
          pendingIds.has(child.id) ? el("div", {}, badge(t.pending_badge, "warning")) : null,
        ),
        pick,
      );
    }),
  );
  const empty = $("children-empty");
  empty.textContent = children.length ? t.no_children : t.never_refreshed;
  show(empty, shown.length === 0);
}

export function clearErrors(form) {
  form.querySelectorAll("[data-errors-for]").forEach((list) => {
    list.replaceChildren();
    list.hidden = true;
  });
  show($("form-errors"), false);
}

export function showErrors(form, texts, errors) {
  clearErrors(form);
  const summary = [];
  for (const [field, reasons] of Object.entries(errors)) {
    const list = form.querySelector(`[data-errors-for="${field}"]`);
    if (list) {
      list.replaceChildren(...reasons.map((r) => el("li", { text: r })));
      list.hidden = false;
    }
    const label = texts.fields[field] || field;
    reasons.forEach((r) => summary.push(el("li", { text: `${label}: ${r}` })));
  }
  $("form-errors").replaceChildren(...summary);
  show($("form-errors"), summary.length > 0);
  const first = form.querySelector("[data-errors-for]:not([hidden])");
  if (first) first.scrollIntoView({ block: "center" });
}

export function showConfirm(messages) {
  $("confirm-list").replaceChildren(...messages.map((m) => el("li", { text: m })));
  show($("confirm-box"), messages.length > 0);
  if (messages.length) $("confirm-box").scrollIntoView({ block: "center" });
}

/** The result card right after saving on the phone. */
export function renderResult(ref, child, entry) {
  const t = ref.texts;
  const r = entry.local;
  const v = entry.values;
  $("result-title").textContent = child.name;
  $("result-note").textContent = t.local_note;
  const line = [isoToDmy(v.measured_on), ageLabel(t, r.age_months)];
  line.push(`${commaNumber(v.weight_kg)} kg`);
  if (v.lenhei_cm !== null) {
    line.push(`${commaNumber(v.lenhei_cm)} cm (${t.positions[v.position]})`);
  }
  $("result-line").textContent = line.join(" · ");
  const referrals = r.referral.map((code) => el("li", { text: ref.kms.referral_labels[code] }));
  $("result-referral-list").replaceChildren(...referrals);
  show($("result-referral"), r.referral.length > 0);
  show($("result-2t"), r.two_t);
  show($("result-bgm"), r.bgm);
  const growth = $("result-growth");
  growth.replaceChildren();
  if (r.growth) {
    const label = ref.kms.status_labels[r.growth];
    growth.append(badge(r.growth, GROWTH_SEVERITY[r.growth]), ` ${label}`);
  } else growth.textContent = "–";
  const young = r.age_months < ref.checks.standing_from_months;
  document.querySelectorAll("#result-section [data-young]").forEach((n) => show(n, young));
  document.querySelectorAll("#result-section [data-old]").forEach((n) => show(n, !young));
  const statusOf = {
    zwei: r.status.bbu,
    zlen: r.status.tbu,
    zwfl: r.status.bbtb,
    zbmi: r.status.imtu,
  };
  document.querySelectorAll("#result-section tr[data-index]").forEach((row) => {
    const name = row.dataset.index;
    const z = r.zscores[name];
    row.querySelector(".z").textContent = formatZ(z);
    const cell = row.querySelector(".status");
    const code = statusOf[name];
    if (name in statusOf) {
      cell.replaceChildren(code ? badge(ref.pmk.labels[code], ref.pmk.severity[code]) : "–");
    }
    if (name === "zac" || name === "zhc") show(row, z !== null);
  });
  const warnings = r.warnings.map((code) => el("li", { text: ref.checks.warning_labels[code] }));
  $("result-warnings").replaceChildren(...warnings);
}
