"use strict";
// The records list's filter bar, its pages and its report links, and the switch between the list, the audit trail
// (audit-view.js) and the insights (insights-panel.js). The page's address holds the whole view: which one, every
// filter and the page, so a reload, Back and Forward, and a shared link open the same view. Loaded before app.js,
// whose load() asks listQuery() what to read and hands the answer to listPageLoaded(). Nothing here is decided by the
// page: the server filters, orders and pages; this file only turns the form into query parameters and back.

// The page's own texts go through pageText() (page-text.js, keyed by the English wording); the SDK's names of statuses,
// modes, operations and outcome categories come from vocabulary.generated.js (written by eng/strings.py).

// The SDK's names of one kind ("statuses", "modes", "operations", "categories") in the page's language, keyed by the
// enum member's name; the JSON's camelCase names (forceStoppedSucceeded) are looked up as ForceStoppedSucceeded.
function vocabularyOf(kind) {
  return vocabulary[pageLanguage][kind];
}
function vocabularyName(kind, name) {
  if (!name) return name;
  return vocabularyOf(kind)[name[0].toUpperCase() + name.slice(1)] || name;
}

// A filter field's value: a multiple choice as the comma list of its chosen values.
function fieldValue(field) {
  if (field.multiple) return [...field.selectedOptions].map((option) => option.value).join(",");
  return field.value.trim();
}

// Shows `value` (a comma list for a multiple choice) in a filter field.
function setFieldValue(field, value) {
  if (!field.multiple) { field.value = value; return; }
  const chosen = new Set(value.split(",").map((part) => part.trim()).filter(Boolean));
  for (const option of field.options) option.selected = chosen.has(option.value);
}

// The list's orders, by the API's name.
const listSorts = {
  NewestFirst: "Newest first", LongestUpgradeFirst: "Longest upgrade first", ShortestUpgradeFirst: "Shortest upgrade first",
  LongestMaintenanceFirst: "Longest maintenance first", ShortestMaintenanceFirst: "Shortest maintenance first",
};

function historyElement(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  return node;
}

// The list's filters: the page's parameter, the form field, and how its value goes to the API.
const listFilters = ["status", "outcome", "mode", "version", "targetFrom", "targetTo", "initialFrom", "initialTo", "startedFrom", "startedTo", "finishedFrom", "finishedTo", "operator", "sort"];
// Filters that are days in the browser's time zone: "from" is the start of its day, "to" the end of its day.
const listDays = { startedFrom: false, startedTo: true, finishedFrom: false, finishedTo: true };
const listPaging = ["cursor", "pageSize"];

// A day chosen in the form (YYYY-MM-DD, the browser's time zone) as the instant it starts; "to" is the end of its day.
function dayStart(day, after) {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return null;
  return new Date(y, m - 1, d + (after ? 1 : 0)).toISOString();
}

// The API's query for the filters in the page's address (without the page), e.g. status=Failed&startedFrom=….
function listFilterQuery(search) {
  const here = new URLSearchParams(search === undefined ? location.search : search);
  const query = new URLSearchParams();
  for (const name of listFilters) {
    const value = (here.get(name) || "").trim();
    if (!value) continue;
    if (Object.hasOwn(listDays, name)) {
      const instant = dayStart(value, listDays[name]);
      if (instant) query.set(name, instant);
    } else {
      query.set(name, value);
    }
  }
  return query;
}

// What app.js's load() reads: the filters, the page size and the page of the address.
function listQuery() {
  const here = new URLSearchParams(location.search);
  const query = listFilterQuery();
  query.set("pageSize", /^\d+$/.test(here.get("pageSize") || "") ? here.get("pageSize") : "50");
  if (here.get("cursor")) query.set("continuationToken", here.get("cursor"));
  return query.toString();
}

// Moves the page's address to `changes` (null deletes a parameter), as a new history entry unless `replace`.
// `state` travels with the entry: the cursors of the pages before this one, for Previous.
function navigate(changes, state, replace) {
  const here = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") here.delete(name); else here.set(name, value);
  }
  const url = `${location.pathname}${here.toString() ? "?" + here.toString() : ""}`;
  if (replace) history.replaceState(state || null, "", url); else history.pushState(state || null, "", url);
}

function currentView() {
  const view = new URLSearchParams(location.search).get("view");
  return view === "audit" || view === "insights" ? view : "records";
}

// Shows the view the address names; each view's script reads its own parameters when shown.
function showView() {
  const view = currentView();
  document.querySelectorAll("#history-tabs button").forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.view === view)));
  document.getElementById("records-view").hidden = view !== "records";
  const audit = document.getElementById("audit-view");
  if (audit) audit.hidden = view !== "audit";
  const insights = document.getElementById("insights-panel");
  if (insights) insights.hidden = view !== "insights";
  if (view === "audit" && typeof showAuditView === "function") showAuditView();
  if (view === "insights" && typeof showInsightsPanel === "function") showInsightsPanel();
}

const historyTabs = { records: "Upgrade records", audit: "Audit trail", insights: "Insights" };

function buildTabs() {
  const tabs = historyElement("nav", null, { id: "history-tabs", role: "tablist" });
  for (const view of ["records", "audit", "insights"]) {
    const tab = historyElement("button", pageText(historyTabs[view]), { type: "button", role: "tab", "data-view": view });
    tab.addEventListener("click", () => {
      if (currentView() === view) return;
      navigate({ view: view === "records" ? null : view });
      showView();
    });
    tabs.append(tab);
  }
  return tabs;
}

// A choice of one (with "Any" first) or, when `multiple`, of several (none chosen is any).
function selectOf(name, label, options, multiple) {
  const field = historyElement("label", null, { class: multiple ? "filter filter-multiple" : "filter" });
  field.append(historyElement("span", label));
  const select = historyElement("select", null, multiple ? { name, id: `filter-${name}`, multiple: "", size: "3" } : { name, id: `filter-${name}` });
  if (!multiple) select.append(historyElement("option", pageText("Any"), { value: "" }));
  for (const [value, text] of Object.entries(options)) select.append(historyElement("option", text, { value }));
  field.append(select);
  return field;
}

// A field of the filter bar; `className` sizes it (e.g. "version-input", a version's width rather than a name's).
function inputOf(name, label, type, placeholder, className) {
  const field = historyElement("label", null, { class: "filter" });
  field.append(historyElement("span", label));
  const input = historyElement("input", null, { name, id: `filter-${name}`, type, placeholder: placeholder || "", autocomplete: "off" });
  if (className) input.className = className;
  field.append(input);
  return field;
}

// A range's two ends side by side, so the filter bar wraps between ranges rather than inside one.
function rangeOf(from, to) {
  const range = historyElement("span", null, { class: "filter-range" });
  range.append(from, to);
  return range;
}

function buildListFilters() {
  const form = historyElement("form", null, { id: "list-filters", "aria-label": pageText("Upgrade records") });
  form.append(
    selectOf("status", pageText("Status"), vocabularyOf("statuses"), true),
    selectOf("outcome", pageText("Outcome"), vocabularyOf("categories"), true),
    selectOf("mode", pageText("Upgrade mode"), vocabularyOf("modes")),
    inputOf("version", pageText("Version"), "text", pageText("e.g. V5.1.0")),
    // Ranges of the target and the initial version, each end inclusive and optional, compared numerically by the server.
    rangeOf(inputOf("targetFrom", pageText("Target version from"), "text", pageText("e.g. V5.1.0"), "version-input"),
      inputOf("targetTo", pageText("to"), "text", pageText("e.g. V5.1.0"), "version-input")),
    rangeOf(inputOf("initialFrom", pageText("Initial version from"), "text", pageText("e.g. V5.1.0"), "version-input"),
      inputOf("initialTo", pageText("to"), "text", pageText("e.g. V5.1.0"), "version-input")),
    rangeOf(inputOf("startedFrom", pageText("Started from"), "date"), inputOf("startedTo", pageText("to"), "date")),
    rangeOf(inputOf("finishedFrom", pageText("Finished from"), "date"), inputOf("finishedTo", pageText("to"), "date")),
    inputOf("operator", pageText("Operator"), "text", pageText("e.g. alice")));
  const sort = selectOf("sort", pageText("Order"), Object.fromEntries(Object.entries(listSorts).map(([key, text]) => [key, pageText(text)])));
  sort.querySelector("option[value='']").remove();
  form.append(sort);
  const buttons = historyElement("span", null, { class: "filter-buttons" });
  buttons.append(historyElement("button", pageText("Apply"), { type: "submit", class: "primary", id: "filter-apply" }),
    historyElement("button", pageText("Clear"), { type: "button", id: "filter-clear" }));
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = { cursor: null };
    for (const name of listFilters) changes[name] = fieldValue(form.elements[name]);
    if (changes.sort === "NewestFirst") changes.sort = null; // the default needs no parameter
    navigate(changes, { previous: [] });
    load();
  });
  form.querySelector("#filter-clear").addEventListener("click", () => {
    const changes = { cursor: null };
    for (const name of listFilters) changes[name] = null;
    navigate(changes, { previous: [] });
    fillListFilters();
    load();
  });
  return form;
}

// The form shows what the address says (on start, after Back or Forward, after Clear).
function fillListFilters() {
  const form = document.getElementById("list-filters");
  const here = new URLSearchParams(location.search);
  for (const name of listFilters) setFieldValue(form.elements[name], here.get(name) || (name === "sort" ? "NewestFirst" : ""));
}

function buildListPager() {
  const pager = historyElement("div", null, { id: "list-pager", class: "pager" });
  const previous = historyElement("button", pageText("Previous"), { type: "button", id: "list-previous" });
  const next = historyElement("button", pageText("Next"), { type: "button", id: "list-next" });
  const number = historyElement("span", null, { id: "list-page-number", class: "page-number" });
  const links = historyElement("span", null, { class: "report-links" });
  links.append(historyElement("a", pageText("Download CSV"), { id: "list-csv", download: "" }),
    historyElement("a", pageText("Download JSON Lines"), { id: "list-jsonl", download: "" }));
  pager.append(previous, number, next, links);
  // Next goes to the page after the last row shown; the cursors of the pages before it travel with the history entry,
  // so Previous goes back one page (to the first page when the address was opened on a later page from a link).
  next.addEventListener("click", () => {
    const token = next.dataset.token;
    if (!token) return;
    const previousCursors = [...((history.state && history.state.previous) || []), new URLSearchParams(location.search).get("cursor") || ""];
    navigate({ cursor: token }, { previous: previousCursors });
    load();
  });
  previous.addEventListener("click", () => {
    const previousCursors = [...((history.state && history.state.previous) || [])];
    const cursor = previousCursors.pop() || null;
    navigate({ cursor }, { previous: previousCursors });
    load();
  });
  return pager;
}

// Called by app.js's load() with each answer of the list: the pager and the report links follow it.
function listPageLoaded(data) {
  const here = new URLSearchParams(location.search);
  const next = document.getElementById("list-next");
  next.dataset.token = data.continuationToken || "";
  next.disabled = !data.continuationToken;
  document.getElementById("list-previous").disabled = !here.get("cursor");
  // The page's number is known when the address was reached through the pager; a shared link to a later page has none.
  const before = history.state && Array.isArray(history.state.previous) ? history.state.previous : [];
  const number = here.get("cursor") ? (before.length > 0 ? before.length + 1 : null) : 1;
  document.getElementById("list-page-number").textContent = number === null ? "" : pageText("Page {0}", number);
  const empty = document.getElementById("list-empty");
  empty.hidden = data.rows.length > 0;
  // The reports carry the same filters and order, every matching record rather than one page, in the page's language.
  const query = listFilterQuery();
  const prefix = typeof api === "string" ? api : "/api/upgrades";
  const shown = typeof display === "string" ? `&${display}` : "";
  document.getElementById("list-csv").href = `${prefix}/report?${query}${query.toString() ? "&" : ""}format=csv${shown}`;
  document.getElementById("list-jsonl").href = `${prefix}/report?${query}${query.toString() ? "&" : ""}format=jsonl${shown}`;
}

// Called by app.js's load() when the list refuses the address's query (a bad filter value, a reversed range): the
// problem is shown above; no page follows, and the report links, which would be refused the same way, lead nowhere.
function listPageFailed() {
  const next = document.getElementById("list-next");
  next.dataset.token = "";
  next.disabled = true;
  for (const id of ["list-csv", "list-jsonl"]) document.getElementById(id).removeAttribute("href");
}

(function buildHistory() {
  const main = document.querySelector("main");
  const records = document.getElementById("records");
  const hint = records.nextElementSibling; // the "Times in …" line belongs to the list
  // The list's view: the filter bar, the table (moved in, not copied: app.js keeps rendering into it), its pager.
  const view = historyElement("section", null, { id: "records-view" });
  records.before(view);
  view.append(buildListFilters(), historyElement("p", pageText("No upgrade records match these filters."), { id: "list-empty", class: "hint", hidden: "" }),
    historyElement("div", null, { id: "records-scroll" }), buildListPager(), hint);
  view.querySelector("#records-scroll").append(records);
  main.prepend(buildTabs());
  fillListFilters();
  if (!history.state) history.replaceState({ previous: [] }, "");
  window.addEventListener("popstate", () => {
    fillListFilters();
    showView();
    if (currentView() === "records") load();
  });
  // The other views' scripts load after this one: show the view once they are all there.
  window.addEventListener("DOMContentLoaded", showView);
})();
