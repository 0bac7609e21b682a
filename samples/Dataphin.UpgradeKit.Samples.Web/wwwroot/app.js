// The Upgrade Records page: renders what the UpgradeKit endpoints return and sends the operator's choices back.
// Every rule (which actions are offered, why not, times, durations) comes from the server; nothing is decided here.
"use strict";

const api = "/api/upgrades";
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const culture = new URLSearchParams(location.search).get("culture") || "en"; // e.g. ?culture=zh-CN
const display = `culture=${encodeURIComponent(culture)}&timeZone=${encodeURIComponent(zone)}`;
const operatorCookie = "upgradekit-operator";
let rows = new Map();
let pending = null; // the row and the action a dialog acts on

const $ = (selector) => document.querySelector(selector);
const el = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
};

// Every POST changes something and carries a JSON object with Content-Type: application/json ({} when the action has
// no options): the endpoints answer anything else 415, so a cross-site form can never act for the operator (R-SEC-5).
async function call(method, path, body) {
  const separator = path.includes("?") ? "&" : "?";
  const changes = method !== "GET";
  const response = await fetch(`${api}${path}${separator}${display}`, {
    method,
    headers: changes ? { "Content-Type": "application/json" } : {},
    body: changes ? JSON.stringify(body === undefined ? {} : body) : undefined,
  });
  const data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data };
}

// A problem details body as the sentence the operator reads: the refusal's explanation, or the conflict's detail.
function problemText(result) {
  const p = result.data || {};
  return p.explanation || p.detail || p.title || pageText("The request failed ({0}).", result.status);
}

function showMessage(text, kind) {
  const box = $("#message");
  box.textContent = text;
  box.className = kind || "";
  box.hidden = false;
}

// Nobody is signed in until the operator is chosen: the server then answers 401 and the page acts for no one.
function currentOperator() {
  const match = document.cookie.match(/(?:^|; )upgradekit-operator=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

let shownRows = null; // the JSON of the rows on screen, so a read that changed nothing leaves the table (and a click on it) alone

let listReads = 0;

async function load() {
  const asked = ++listReads;
  const result = await call("GET", `?${listQuery()}`); // the filters and page in the address: history.js
  if (asked !== listReads) return; // a later read (another page, other filters) answers instead
  if (!result.ok) {
    shownRows = null;
    $("#records tbody").replaceChildren();
    listPageFailed();
    if (result.status === 401) showMessage(pageText("Choose who you are (Signed in as) to see and act on the upgrade records."), "sign-in");
    else showMessage(problemText(result));
    return;
  }
  // Only the sign-in prompt goes away by itself: an action's outcome or refusal stays shown after the list reloads.
  if ($("#message").classList.contains("sign-in")) $("#message").hidden = true;
  listPageLoaded(result.data);
  const json = JSON.stringify(result.data.rows);
  if (json === shownRows) return;
  shownRows = json;
  rows = new Map(result.data.rows.map((r) => [r.id, r]));
  const body = $("#records tbody");
  body.replaceChildren(...result.data.rows.map(renderRow));
}

function renderRow(row) {
  const tr = el("tr");
  tr.dataset.id = row.id;
  tr.dataset.target = row.targetVersion;
  tr.append(
    el("td", row.targetVersion), el("td", row.initialVersion), el("td", row.mode.name),
    el("td", row.upgradeStart), el("td", row.upgradeDuration, "duration"),
    el("td", row.maintenanceStart), el("td", row.maintenanceDuration, "duration"));
  const status = el("td");
  status.append(el("span", row.status.name, `status ${row.status.code}`));
  status.dataset.status = row.status.code;
  if (typeof renderPendingRequest === "function") renderPendingRequest(status, row); // governance.js: a force-stop awaiting approval
  const actions = el("td", null, "actions");
  for (const action of row.actions) {
    // Offered actions are buttons; an action refused for a reason other than the status is a disabled button whose
    // tooltip says why (R-ACT-1), e.g. Stop after shutdown started or Force-stop for an operator who is not qualified.
    if (!action.offered && action.reason === "statusNotEligible") continue;
    const button = el("button", action.name);
    button.type = "button";
    button.dataset.action = action.action;
    if (!action.offered) {
      button.disabled = true;
      button.title = action.explanation;
    }
    button.addEventListener("click", () => act(row.id, action));
    actions.append(button);
  }
  tr.append(status, actions);
  return tr;
}

// What a button does comes with the action from the server: its method and path, whether a dialog collects its options
// first, whether it carries the version the operator saw, and what it answers. Nothing here is per action.
async function act(id, action) {
  const row = rows.get(id);
  pending = { row, action };
  $("#message").hidden = true;
  if (action.dialog) {
    const dialog = $(`#${action.dialog}-dialog`);
    dialog.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((input) => { input.checked = false; });
    $(`#${action.dialog}-error`).hidden = true;
    prepareReason(action.dialog, action);
    dialog.showModal();
    return;
  }
  if (action.answer === "logPanel") {
    await viewLog(id, action);
    return;
  }
  const result = await call(action.method, `/${id}/${action.path}`, action.sendsVersion ? { expectedVersion: row.recordVersion } : {});
  if (!result.ok) {
    showMessage(problemText(result));
  } else if (action.answer === "resumePoint") {
    const step = result.data.currentStep ? pageText(" at step \"{0}\"", result.data.currentStep) : "";
    showMessage(pageText("Continue upgrade {0}: {1}{2}.", row.targetVersion, result.data.stage, step), "info");
    return;
  }
  await load();
}

// Runs a dialog's action with the options its form collected; keeps the dialog open with the reason when the server refuses.
async function confirmDialog(event, name, options) {
  event.preventDefault();
  const dialog = $(`#${name}-dialog`);
  const errorBox = $(`#${name}-error`);
  const { row, action } = pending;
  const body = action.sendsVersion ? { ...options, expectedVersion: row.recordVersion } : options;
  const result = await call(action.method, `/${row.id}/${action.path}`, body);
  if (result.ok) {
    dialog.close();
    showMessage(pageText("Upgrade {0}: {1}.", result.data.targetVersion, result.data.status.name), "info");
    await load();
    return;
  }
  errorBox.textContent = problemText(result);
  errorBox.hidden = false;
  if (result.data && result.data.type && result.data.type.endsWith(":conflict")) await load();
}

// The options each dialog collects (the action it confirms, and where it goes, come from the server).
$("#stop-confirm").addEventListener("click", (event) =>
  confirmDialog(event, "stop", { rerunForceStoppedInstances: $("#stop-rerun").checked, ...governedOptions("stop") }));

$("#force-stop-confirm").addEventListener("click", (event) => {
  const chosen = document.querySelector("input[name=force-stop-result]:checked");
  confirmDialog(event, "force-stop", { result: chosen ? chosen.value : null, declarationAccepted: $("#force-stop-declaration").checked, ...governedOptions("force-stop") });
});
// Live updates (R-LIVE-1): one Server-Sent Events stream for the list and one for the open View log. The browser
// reconnects by itself after a dropped connection and sends the last event id back (Last-Event-ID), so the server
// resumes after it and no change is missed or shown twice (R-LIVE-2).
let listEvents = null;
let logEvents = null;
let openLogId = null;

function watchList() {
  if (listEvents) listEvents.close();
  listEvents = new EventSource(`${api}/events?${display}`);
  // The stream takes its starting position before it answers, so a list read once it is open misses nothing: a change
  // committed between the first list read and that position would otherwise never show. Reconnections need no reload:
  // they resume after the last event id.
  let opened = false;
  listEvents.onopen = () => {
    if (!opened) { opened = true; load(); }
  };
  const source = listEvents;
  source.onerror = () => restartIfRefused(source, opened, () => { if (listEvents === source) watchList(); });
  listEvents.onmessage = (message) => {
    const change = JSON.parse(message.data);
    const current = $(`#records tbody tr[data-id="${change.recordId}"]`);
    if (change.kind === "removed") {
      shownRows = null;
      rows.delete(change.recordId);
      if (current) current.remove();
    } else if (change.row && current) {
      shownRows = null;
      rows.set(change.row.id, change.row);
      current.replaceWith(renderRow(change.row));
    } else if (change.row) {
      load(); // a new record: the list decides where it goes
    }
  };
}

// A browser gives up on a stream whose reconnection is answered with an error: the 410 of a position trimmed from the
// change feed (R-LIVE-2). A stream that had been open is then opened afresh, without a position: the list is read again
// once it opens, and a View log stream begins with a snapshot. One that never opened (401, 404) is left closed.
function restartIfRefused(source, wasOpen, restart) {
  if (source.readyState === EventSource.CLOSED && wasOpen) setTimeout(restart, 2000);
}

function watchLog(id) {
  if (logEvents) logEvents.close();
  openLogId = id;
  logEvents = new EventSource(`${api}/${id}/events?${display}`);
  const source = logEvents;
  let opened = false;
  source.onopen = () => { opened = true; };
  source.onerror = () => restartIfRefused(source, opened, () => { if (logEvents === source) watchLog(id); });
  logEvents.onmessage = (message) => {
    const change = JSON.parse(message.data);
    if (openLogId !== id) return;
    if (change.kind === "removed") { closeLog(); return; }
    if (change.log) renderLog(id, change.log);
  };
}

function closeLog() {
  if (logEvents) logEvents.close();
  logEvents = null;
  openLogId = null;
  $("#log-panel").hidden = true;
}

async function viewLog(id, action) {
  const result = await call(action.method, `/${id}/${action.path}`);
  if (!result.ok) { showMessage(problemText(result)); return; }
  renderLog(id, result.data);
  watchLog(id);
  $("#log-panel").scrollIntoView({ block: "nearest" });
}

function renderLog(id, log) {
  $("#log-title").textContent = `${log.initialVersion} → ${log.targetVersion}`;
  const facts = $("#log-facts");
  facts.replaceChildren();
  const fact = (name, value) => { facts.append(el("dt", name)); const dd = el("dd"); dd.append(value); facts.append(dd); };
  fact(pageText("Status"), log.status.name);
  const config = el("span", log.configurationFile.fileName || "-");
  if (log.configurationFile.downloadable) {
    const download = el("button", pageText("Download"));
    download.type = "button";
    download.id = "download-configuration";
    download.addEventListener("click", () => downloadConfiguration(id));
    config.append(" ", download);
  }
  fact(pageText("Configuration file"), config);
  fact(pageText("Upgrade mode"), log.mode.name);
  fact(pageText("DataService Studio upgrade mode"), log.dataServiceStudioMode.name);
  fact(pageText("Upgrade time"), pageText("{0} – {1} (total {2})", log.upgrade.start, log.upgrade.end, log.upgrade.total));
  fact(pageText("Maintenance mode"), log.maintenance ? pageText("{0} – {1} (total {2})", log.maintenance.start, log.maintenance.end, log.maintenance.total) : "-");

  renderEndedBy(log);
  const timeline = $("#log-timeline");
  timeline.replaceChildren(...(log.timeline || []).map((node) => {
    const li = el("li", null, node.state);
    li.dataset.node = node.node;
    li.append(el("span", node.name, "node"), el("span", node.text || "", "when"));
    return li;
  }));
  if (!log.timeline) timeline.append(el("li", pageText("Zero-downtime upgrades have no detailed timeline.")));
  renderTimelineChart($("#log-chart"), log); // bars on one axis: timeline-chart.js

  const tasks = (log.timeline || []).flatMap((node) => node.tasks || []);
  $("#log-tasks-block").hidden = tasks.length === 0;
  $("#log-tasks tbody").replaceChildren(...tasks.map((task) => {
    const tr = el("tr");
    const link = el("td");
    const href = detailsHref(task.detailsLink);
    if (href) { const a = el("a", pageText("details")); a.href = href; a.target = "_blank"; a.rel = "noopener"; link.append(a); }
    tr.append(el("td", task.name), el("td", task.status.name), el("td", task.start), el("td", task.end), link);
    return tr;
  }));
  $("#log-panel").hidden = false;
}

// R-SEC-1: the SDK accepts only absolute http(s) links and paths from the root, stored in the form the browser uses, so
// the page renders what the SDK gave. As a second line, the browser's own URL parser (not a pattern) must agree: the
// link resolves to http(s), and a path from the root stays on this origin.
function detailsHref(link) {
  if (!link) return null;
  let url;
  try { url = new URL(link, window.location.href); } catch { return null; }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (link.startsWith("/") && url.origin !== window.location.origin) return null;
  return link;
}

// R-CFG-1: the password arrives with the file, is shown once in the dialog, and is wiped from the page when it closes.
async function downloadConfiguration(id) {
  const result = await call("POST", `/${id}/download`);
  if (!result.ok) { showMessage(problemText(result)); return; }
  const bytes = Uint8Array.from(atob(result.data.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  const link = el("a");
  link.href = url;
  link.download = result.data.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  $("#download-name").textContent = result.data.fileName;
  $("#one-time-password").textContent = result.data.password;
  $("#password-dialog").showModal();
}

$("#password-dialog").addEventListener("close", () => { $("#one-time-password").textContent = ""; });
$("#log-close").addEventListener("click", closeLog);

$("#operator").value = currentOperator();
$("#operator").addEventListener("change", async (event) => {
  document.cookie = `${operatorCookie}=${encodeURIComponent(event.target.value)}; path=/; SameSite=Strict`;
  closeLog();
  await load();
  watchList();
});
$("#zone").textContent = zone;
load();
watchList();
