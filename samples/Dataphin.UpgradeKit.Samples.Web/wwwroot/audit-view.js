"use strict";
// The audit trail across records: who did what to which record and when, applied or refused, and the reason they gave.
// Its filters and page live in the page's address like the list's (history.js). Loaded after app.js; uses its `api`,
// `call`, `problemText` and `el`. A reason is an operator's free text: it is set with textContent, shown, never parsed.

// The table's columns (the page's own texts, through pageText()); operations and statuses are the SDK's names
// (vocabulary.generated.js).
const auditColumns = ["Time", "Actor", "Operation", "Result", "Status", "Record", "Reason", "Refused because"];

const auditFilters = { actor: "actor", operation: "operation", result: "outcome", auditFrom: "from", auditTo: "to", auditRecord: "recordId" };

// An instant as the list shows times: yyyy-MM-dd HH:mm:ss in the browser's time zone.
function auditTime(instant) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function auditApiQuery() {
  const here = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const [name, apiName] of Object.entries(auditFilters)) {
    const value = (here.get(name) || "").trim();
    if (!value) continue;
    if (name === "auditFrom" || name === "auditTo") {
      const instant = dayStart(value, name === "auditTo");
      if (instant) query.set(apiName, instant);
    } else {
      query.set(apiName, value);
    }
  }
  return query;
}

function buildAuditView() {
  const section = el("section");
  section.id = "audit-view";
  section.hidden = true;
  section.setAttribute("aria-label", pageText("Audit trail"));
  const form = historyElement("form", null, { id: "audit-filters", "aria-label": pageText("Audit trail") });
  const operation = selectOf("operation", pageText("Operation"), vocabularyOf("operations"));
  const result = selectOf("result", pageText("Result"), { Accepted: pageText("Applied"), Refused: pageText("Refused") });
  form.append(inputOf("actor", pageText("Actor"), "text", pageText("e.g. alice")), operation, result,
    inputOf("auditFrom", pageText("From"), "date"), inputOf("auditTo", pageText("to"), "date"));
  const buttons = historyElement("span", null, { class: "filter-buttons" });
  buttons.append(historyElement("button", pageText("Apply"), { type: "submit", class: "primary", id: "audit-apply" }),
    historyElement("button", pageText("Clear"), { type: "button", id: "audit-clear" }));
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = { auditCursor: null };
    for (const name of ["actor", "operation", "result", "auditFrom", "auditTo"]) changes[name] = form.elements[name].value.trim();
    navigate(changes, { ...(history.state || {}), auditPrevious: [] });
    loadAudit();
  });
  form.querySelector("#audit-clear").addEventListener("click", () => {
    const changes = { auditCursor: null };
    for (const name of Object.keys(auditFilters)) changes[name] = null;
    navigate(changes, { ...(history.state || {}), auditPrevious: [] });
    loadAudit();
  });

  const table = el("table");
  table.id = "audit-table";
  table.setAttribute("aria-label", pageText("Audit trail"));
  const head = el("tr");
  head.append(...auditColumns.map((name) => el("th", pageText(name))));
  const thead = el("thead");
  thead.append(head);
  table.append(thead, el("tbody"));

  const pager = historyElement("div", null, { id: "audit-pager", class: "pager" });
  const previous = historyElement("button", pageText("Previous"), { type: "button", id: "audit-previous" });
  const next = historyElement("button", pageText("Next"), { type: "button", id: "audit-next" });
  const links = historyElement("span", null, { class: "report-links" });
  links.append(historyElement("a", pageText("Download CSV"), { id: "audit-csv", download: "" }),
    historyElement("a", pageText("Download JSON Lines"), { id: "audit-jsonl", download: "" }));
  pager.append(previous, next, links);
  next.addEventListener("click", () => {
    if (!next.dataset.token) return;
    const before = [...((history.state && history.state.auditPrevious) || []), new URLSearchParams(location.search).get("auditCursor") || ""];
    navigate({ auditCursor: next.dataset.token }, { ...(history.state || {}), auditPrevious: before });
    loadAudit();
  });
  previous.addEventListener("click", () => {
    const before = [...((history.state && history.state.auditPrevious) || [])];
    navigate({ auditCursor: before.pop() || null }, { ...(history.state || {}), auditPrevious: before });
    loadAudit();
  });

  const empty = el("p", pageText("No audit entries match these filters."), "hint");
  empty.id = "audit-empty";
  empty.hidden = true;
  const scroll = el("div");
  scroll.id = "audit-scroll";
  scroll.append(table);
  section.append(form, empty, scroll, pager);
  document.getElementById("records-view").after(section);
}

function renderAuditEntry(entry) {
  const tr = el("tr");
  tr.dataset.operation = entry.operation;
  tr.dataset.outcome = entry.outcome;
  const status = entry.statusBefore === entry.statusAfter || !entry.statusAfter
    ? vocabularyName("statuses", entry.statusBefore) || "-"
    : `${vocabularyName("statuses", entry.statusBefore) || "-"} → ${vocabularyName("statuses", entry.statusAfter)}`;
  const record = el("td", `…${String(entry.recordId).slice(-8)}`, "record-id"); // the id's random end, not its time-ordered start
  record.title = entry.recordId;
  const refused = entry.outcome === "refused" ? (entry.reason || "") : "";
  tr.append(el("td", auditTime(entry.at)), el("td", entry.actor), el("td", vocabularyName("operations", entry.operation)),
    el("td", pageText(entry.outcome === "refused" ? "Refused" : "Applied"), `audit-result ${entry.outcome}`), el("td", status),
    record, el("td", entry.operatorReason || "", "audit-reason"), el("td", refused));
  return tr;
}

let auditRequests = 0;

async function loadAudit() {
  const form = document.getElementById("audit-filters");
  const here = new URLSearchParams(location.search);
  for (const name of ["actor", "operation", "result", "auditFrom", "auditTo"]) form.elements[name].value = here.get(name) || "";
  const query = auditApiQuery();
  const filters = query.toString();
  query.set("pageSize", /^\d+$/.test(here.get("auditPageSize") || "") ? here.get("auditPageSize") : "50");
  if (here.get("auditCursor")) query.set("continuationToken", here.get("auditCursor"));
  const asked = ++auditRequests;
  const result = await call("GET", `/audit?${query}`);
  if (asked !== auditRequests) return; // a later request (another page, other filters) answers instead
  const body = document.querySelector("#audit-table tbody");
  if (!result.ok) {
    body.replaceChildren();
    showMessage(problemText(result));
    return;
  }
  body.replaceChildren(...result.data.items.map((entry) => renderAuditEntry(entry)));
  document.getElementById("audit-empty").hidden = result.data.items.length > 0;
  const next = document.getElementById("audit-next");
  next.dataset.token = result.data.continuationToken || "";
  next.disabled = !result.data.continuationToken;
  document.getElementById("audit-previous").disabled = !here.get("auditCursor");
  document.getElementById("audit-table").dataset.cursor = here.get("auditCursor") || ""; // which page is shown
  document.getElementById("audit-csv").href = `${api}/audit/report?${filters}${filters ? "&" : ""}format=csv&${display}`;
  document.getElementById("audit-jsonl").href = `${api}/audit/report?${filters}${filters ? "&" : ""}format=jsonl&${display}`;
}

// history.js calls it whenever the address shows this view (a tab, Back, Forward, a reload, a shared link).
function showAuditView() {
  loadAudit();
}

buildAuditView();
