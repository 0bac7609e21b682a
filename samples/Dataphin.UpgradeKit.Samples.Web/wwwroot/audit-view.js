"use strict";
// The audit trail across records: who did what to which record and when, applied or refused, and the reason they gave.
// Its filters and page live in the page's address like the list's (history.js). Loaded after app.js; uses its `api`,
// `call`, `problemText` and `el`. A reason is an operator's free text: it is set with textContent, shown, never parsed.

Object.assign(historyWords.en, {
  auditActor: "Actor", auditOperation: "Operation", auditResult: "Result", auditFrom: "From", auditTo: "to",
  auditColumns: ["Time", "Actor", "Operation", "Result", "Status", "Record", "Reason", "Refused because"],
  auditEmpty: "No audit entries match these filters.", accepted: "Applied", refused: "Refused",
  operations: {
    Create: "Create upgrade", SaveConfiguration: "Save configuration", Start: "Start upgrade", ReportProgress: "Report progress",
    CompleteSteps: "Complete upgrade steps", Fail: "Mark upgrade failed", ExitMaintenanceMode: "Exit maintenance upgrade mode",
    ResumeUpgrade: "Resume upgrade", ResumeVerification: "Resume verification", Cancel: "Cancel upgrade", Stop: "Stop upgrade",
    ForceStop: "Force-stop upgrade", Complete: "Complete upgrade", ViewLog: "View log", DownloadConfiguration: "Download configuration file",
    Pin: "Pin record", Unpin: "Unpin record", RequestForceStop: "Request force-stop", ApproveForceStop: "Approve force-stop",
    RejectForceStop: "Reject force-stop", WithdrawForceStop: "Withdraw force-stop request", ExpireForceStopRequest: "Expire force-stop request",
  },
});
Object.assign(historyWords.zh, {
  auditActor: "操作人", auditOperation: "操作", auditResult: "结果", auditFrom: "时间从", auditTo: "至",
  auditColumns: ["时间", "操作人", "操作", "结果", "状态", "记录", "原因", "拒绝原因"],
  auditEmpty: "没有符合筛选条件的审计记录。", accepted: "已执行", refused: "已拒绝",
  operations: {
    Create: "创建升级", SaveConfiguration: "保存配置", Start: "开始升级", ReportProgress: "上报进度", CompleteSteps: "完成升级步骤",
    Fail: "标记升级失败", ExitMaintenanceMode: "退出维护升级模式", ResumeUpgrade: "继续升级", ResumeVerification: "继续验证",
    Cancel: "取消升级", Stop: "停止升级", ForceStop: "强制停止升级", Complete: "完成升级", ViewLog: "查看日志",
    DownloadConfiguration: "下载配置文件", Pin: "固定记录", Unpin: "取消固定记录", RequestForceStop: "申请强制停止",
    ApproveForceStop: "批准强制停止", RejectForceStop: "拒绝强制停止", WithdrawForceStop: "撤回强制停止申请",
    ExpireForceStopRequest: "强制停止申请过期",
  },
});

const auditFilters = { actor: "actor", operation: "operation", result: "outcome", auditFrom: "from", auditTo: "to", auditRecord: "recordId" };

// The JSON's camelCase names (forceStoppedSucceeded) as the dictionaries' keys (ForceStoppedSucceeded).
const auditKey = (name) => (name ? name[0].toUpperCase() + name.slice(1) : name);

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
  const words = historyText();
  const section = el("section");
  section.id = "audit-view";
  section.hidden = true;
  section.setAttribute("aria-label", words.audit);
  const form = historyElement("form", null, { id: "audit-filters", "aria-label": words.audit });
  const operation = selectOf("operation", words.auditOperation, words.operations, words);
  const result = selectOf("result", words.auditResult, { Accepted: words.accepted, Refused: words.refused }, words);
  form.append(inputOf("actor", words.auditActor, "text", words.operatorHint), operation, result,
    inputOf("auditFrom", words.auditFrom, "date"), inputOf("auditTo", words.auditTo, "date"));
  const buttons = historyElement("span", null, { class: "filter-buttons" });
  buttons.append(historyElement("button", words.apply, { type: "submit", class: "primary", id: "audit-apply" }),
    historyElement("button", words.clear, { type: "button", id: "audit-clear" }));
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
  table.setAttribute("aria-label", words.audit);
  const head = el("tr");
  head.append(...words.auditColumns.map((name) => el("th", name)));
  const thead = el("thead");
  thead.append(head);
  table.append(thead, el("tbody"));

  const pager = historyElement("div", null, { id: "audit-pager", class: "pager" });
  const previous = historyElement("button", words.previous, { type: "button", id: "audit-previous" });
  const next = historyElement("button", words.next, { type: "button", id: "audit-next" });
  const links = historyElement("span", null, { class: "report-links" });
  links.append(historyElement("a", words.csv, { id: "audit-csv", download: "" }), historyElement("a", words.jsonl, { id: "audit-jsonl", download: "" }));
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

  const empty = el("p", words.auditEmpty, "hint");
  empty.id = "audit-empty";
  empty.hidden = true;
  const scroll = el("div");
  scroll.id = "audit-scroll";
  scroll.append(table);
  section.append(form, empty, scroll, pager);
  document.getElementById("records-view").after(section);
}

function renderAuditEntry(entry, words) {
  const tr = el("tr");
  tr.dataset.operation = entry.operation;
  tr.dataset.outcome = entry.outcome;
  const status = entry.statusBefore === entry.statusAfter || !entry.statusAfter
    ? words.statuses[auditKey(entry.statusBefore)] || entry.statusBefore || "-"
    : `${words.statuses[auditKey(entry.statusBefore)] || "-"} → ${words.statuses[auditKey(entry.statusAfter)] || entry.statusAfter}`;
  const record = el("td", `…${String(entry.recordId).slice(-8)}`, "record-id"); // the id's random end, not its time-ordered start
  record.title = entry.recordId;
  const refused = entry.outcome === "refused" ? (entry.reason || "") : "";
  tr.append(el("td", auditTime(entry.at)), el("td", entry.actor), el("td", words.operations[auditKey(entry.operation)] || entry.operation),
    el("td", entry.outcome === "refused" ? words.refused : words.accepted, `audit-result ${entry.outcome}`), el("td", status),
    record, el("td", entry.operatorReason || "", "audit-reason"), el("td", refused));
  return tr;
}

let auditRequests = 0;

async function loadAudit() {
  const words = historyText();
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
  body.replaceChildren(...result.data.items.map((entry) => renderAuditEntry(entry, words)));
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
