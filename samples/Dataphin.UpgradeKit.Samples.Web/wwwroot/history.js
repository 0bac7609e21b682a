"use strict";
// The records list's filter bar, its pages and its report links, and the switch between the list, the audit trail
// (audit-view.js) and the insights (insights-panel.js). The page's address holds the whole view: which one, every
// filter and the page, so a reload, Back and Forward, and a shared link open the same view. Loaded before app.js,
// whose load() asks listQuery() what to read and hands the answer to listPageLoaded(). Nothing here is decided by the
// page: the server filters, orders and pages; this file only turns the form into query parameters and back.

const historyWords = {
  en: {
    records: "Upgrade records", audit: "Audit trail", insights: "Insights",
    status: "Status", mode: "Upgrade mode", version: "Version", startedFrom: "Started from", startedTo: "to",
    operator: "Operator", sort: "Order", any: "Any", apply: "Apply", clear: "Clear",
    previous: "Previous", next: "Next", page: "Page", csv: "Download CSV", jsonl: "Download JSON Lines",
    versionHint: "e.g. V5.1.0", operatorHint: "e.g. alice", noMatches: "No upgrade records match these filters.",
    sorts: { NewestFirst: "Newest first", LongestUpgradeFirst: "Longest upgrade first", ShortestUpgradeFirst: "Shortest upgrade first",
      LongestMaintenanceFirst: "Longest maintenance first", ShortestMaintenanceFirst: "Shortest maintenance first" },
    statuses: { Configuring: "Configuring", Upgrading: "Upgrading", Verifying: "Verifying", Succeeded: "Upgrade Succeeded",
      Failed: "Upgrade Failed", Stopped: "Upgrade Stopped", ForceStoppedSucceeded: "Force-Stopped and Marked as Succeeded",
      ForceStoppedFailed: "Force-Stopped and Marked as Failed", Canceled: "Canceled" },
    modes: { Maintenance: "Maintenance upgrade", ZeroDowntime: "Zero-downtime upgrade" },
  },
  zh: {
    records: "升级记录", audit: "审计记录", insights: "统计分析",
    status: "状态", mode: "升级模式", version: "版本", startedFrom: "开始时间从", startedTo: "至",
    operator: "操作人", sort: "排序", any: "全部", apply: "查询", clear: "重置",
    previous: "上一页", next: "下一页", page: "第", csv: "下载 CSV", jsonl: "下载 JSON Lines",
    versionHint: "例如 V5.1.0", operatorHint: "例如 alice", noMatches: "没有符合筛选条件的升级记录。",
    sorts: { NewestFirst: "最新优先", LongestUpgradeFirst: "升级耗时最长优先", ShortestUpgradeFirst: "升级耗时最短优先",
      LongestMaintenanceFirst: "维护耗时最长优先", ShortestMaintenanceFirst: "维护耗时最短优先" },
    statuses: { Configuring: "配置中", Upgrading: "升级中", Verifying: "验证中", Succeeded: "升级成功", Failed: "升级失败",
      Stopped: "升级已停止", ForceStoppedSucceeded: "已强制停止并标记为成功", ForceStoppedFailed: "已强制停止并标记为失败", Canceled: "已取消" },
    modes: { Maintenance: "停机维护升级", ZeroDowntime: "不停机升级" },
  },
};

// The words of the page's language (?culture=zh-CN), English otherwise; the other history scripts add theirs.
function historyText() {
  const chosen = new URLSearchParams(location.search).get("culture") || "en";
  return chosen.startsWith("zh") ? historyWords.zh : historyWords.en;
}

function historyElement(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  return node;
}

// The list's filters: the page's parameter, the form field, and how its value goes to the API.
const listFilters = ["status", "mode", "version", "startedFrom", "startedTo", "operator", "sort"];
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
    if (name === "startedFrom" || name === "startedTo") {
      const instant = dayStart(value, name === "startedTo");
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

function buildTabs(words) {
  const tabs = historyElement("nav", null, { id: "history-tabs", role: "tablist" });
  for (const view of ["records", "audit", "insights"]) {
    const tab = historyElement("button", words[view], { type: "button", role: "tab", "data-view": view });
    tab.addEventListener("click", () => {
      if (currentView() === view) return;
      navigate({ view: view === "records" ? null : view });
      showView();
    });
    tabs.append(tab);
  }
  return tabs;
}

function selectOf(name, label, options, words) {
  const field = historyElement("label", null, { class: "filter" });
  field.append(historyElement("span", label));
  const select = historyElement("select", null, { name, id: `filter-${name}` });
  select.append(historyElement("option", words.any, { value: "" }));
  for (const [value, text] of Object.entries(options)) select.append(historyElement("option", text, { value }));
  field.append(select);
  return field;
}

function inputOf(name, label, type, placeholder) {
  const field = historyElement("label", null, { class: "filter" });
  field.append(historyElement("span", label));
  field.append(historyElement("input", null, { name, id: `filter-${name}`, type, placeholder: placeholder || "", autocomplete: "off" }));
  return field;
}

function buildListFilters(words) {
  const form = historyElement("form", null, { id: "list-filters", "aria-label": words.records });
  form.append(
    selectOf("status", words.status, words.statuses, words),
    selectOf("mode", words.mode, words.modes, words),
    inputOf("version", words.version, "text", words.versionHint),
    inputOf("startedFrom", words.startedFrom, "date"),
    inputOf("startedTo", words.startedTo, "date"),
    inputOf("operator", words.operator, "text", words.operatorHint));
  const sort = selectOf("sort", words.sort, words.sorts, words);
  sort.querySelector("option[value='']").remove();
  form.append(sort);
  const buttons = historyElement("span", null, { class: "filter-buttons" });
  buttons.append(historyElement("button", words.apply, { type: "submit", class: "primary", id: "filter-apply" }),
    historyElement("button", words.clear, { type: "button", id: "filter-clear" }));
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = { cursor: null };
    for (const name of listFilters) changes[name] = form.elements[name].value.trim();
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
  for (const name of listFilters) form.elements[name].value = here.get(name) || (name === "sort" ? "NewestFirst" : "");
}

function buildListPager(words) {
  const pager = historyElement("div", null, { id: "list-pager", class: "pager" });
  const previous = historyElement("button", words.previous, { type: "button", id: "list-previous" });
  const next = historyElement("button", words.next, { type: "button", id: "list-next" });
  const number = historyElement("span", null, { id: "list-page-number", class: "page-number" });
  const links = historyElement("span", null, { class: "report-links" });
  links.append(historyElement("a", words.csv, { id: "list-csv", download: "" }), historyElement("a", words.jsonl, { id: "list-jsonl", download: "" }));
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
  const words = historyText();
  const here = new URLSearchParams(location.search);
  const next = document.getElementById("list-next");
  next.dataset.token = data.continuationToken || "";
  next.disabled = !data.continuationToken;
  document.getElementById("list-previous").disabled = !here.get("cursor");
  // The page's number is known when the address was reached through the pager; a shared link to a later page has none.
  const before = history.state && Array.isArray(history.state.previous) ? history.state.previous : [];
  const number = here.get("cursor") ? (before.length > 0 ? before.length + 1 : null) : 1;
  document.getElementById("list-page-number").textContent = number === null ? ""
    : words === historyWords.zh ? `${words.page} ${number} 页` : `${words.page} ${number}`;
  const empty = document.getElementById("list-empty");
  empty.hidden = data.rows.length > 0;
  // The reports carry the same filters and order, every matching record rather than one page, in the page's language.
  const query = listFilterQuery();
  const prefix = typeof api === "string" ? api : "/api/upgrades";
  const shown = typeof display === "string" ? `&${display}` : "";
  document.getElementById("list-csv").href = `${prefix}/report?${query}${query.toString() ? "&" : ""}format=csv${shown}`;
  document.getElementById("list-jsonl").href = `${prefix}/report?${query}${query.toString() ? "&" : ""}format=jsonl${shown}`;
}

(function buildHistory() {
  const words = historyText();
  const main = document.querySelector("main");
  const records = document.getElementById("records");
  const hint = records.nextElementSibling; // the "Times in …" line belongs to the list
  // The list's view: the filter bar, the table (moved in, not copied: app.js keeps rendering into it), its pager.
  const view = historyElement("section", null, { id: "records-view" });
  records.before(view);
  view.append(buildListFilters(words), historyElement("p", words.noMatches, { id: "list-empty", class: "hint", hidden: "" }),
    historyElement("div", null, { id: "records-scroll" }), buildListPager(words), hint);
  view.querySelector("#records-scroll").append(records);
  main.prepend(buildTabs(words));
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
