"use strict";
// The page's own texts in the page's language (?culture=zh-CN): headings, column names, labels, dialogs, hints and
// messages. What the server sends (statuses, modes, actions, reasons, times, node names) comes in that language
// already. A text is looked up by its English wording, as gettext does, so index.html stays plain HTML and a text
// missing here stays English (the Chromium test lists any English heading left in Chinese).
// Loaded first: app.js, timeline-chart.js, governance.js and the history views call pageText().

const pageLanguage = (new URLSearchParams(location.search).get("culture") || "en").toLowerCase().startsWith("zh") ? "zh" : "en";

const pageWords = {
  zh: {
    "Upgrade Records · Dataphin.UpgradeKit sample": "升级记录 · Dataphin.UpgradeKit 示例",
    "Version Upgrade": "版本升级",
    "/ Upgrade Records": "/ 升级记录",
    "Signed in as": "登录身份",
    "Operator": "操作员",
    "Choose an operator…": "选择操作员…",
    "Alice (operator)": "Alice（操作员）",
    "Olga (O&M engineer)": "Olga（运维工程师）",
    "Upgrade records": "升级记录",
    "Target Version": "目标版本",
    "Initial Version": "初始版本",
    "Upgrade Mode": "升级模式",
    "Upgrade Start Time": "升级开始时间",
    "Upgrade Duration": "升级时长",
    "Maintenance Mode Start Time": "维护模式开始时间",
    "Maintenance Mode Duration": "维护模式时长",
    "Status": "状态",
    "Actions": "操作",
    "Times in": "时间按",
    ". Durations as hhh:mm:ss; \"-\" where a time does not apply. The API behind this page:":
      "显示。时长格式为 hhh:mm:ss；不适用的时间显示“-”。本页背后的 API：",
    "reference": "参考文档",
    "OpenAPI document": "OpenAPI 文档",
    ".": "。",
    "View log": "查看日志",
    "View Log": "查看日志",
    "Close": "关闭",
    "Detailed timeline": "详细时间线",
    "Timeline chart": "时间线图",
    "Data update tasks": "数据更新任务",
    "Task": "任务",
    "Start": "开始",
    "End": "结束",
    "Details": "详情",
    "details": "详情",
    "Stop Upgrade": "停止升级",
    "Stopping exits maintenance upgrade mode and resumes job scheduling. Task instances the upgrade force-stopped can be rerun by the system.":
      "停止后将退出维护升级模式并恢复作业调度。升级时被强制停止的任务实例可由系统重跑。",
    "Rerun force-stopped instances": "重跑被强制停止的实例",
    "Reason": "原因",
    "(required)": "（必填）",
    "Cancel": "取消",
    "Stop": "停止",
    "Force-stop Upgrade": "强制停止升级",
    "Declare the result of the upgrade you finished or rolled back by hand.": "请声明您手动完成或回滚的升级的结果。",
    "Result": "结果",
    "Succeeded: I upgraded to the new version by hand": "成功：我已手动升级到新版本",
    "Failed: I rolled back to the original version": "失败：我已回滚到原版本",
    "I declare that the result above is true and I take responsibility for it.": "我声明以上结果属实，并为此负责。",
    "Force-stop": "强制停止",
    "Configuration downloaded": "配置已下载",
    "The file": "文件",
    "is encrypted. Its one-time password is shown": "已加密。其一次性密码只显示",
    "once": "一次",
    "; copy it now:": "，请现在复制：",
    "Open it with": "打开方式：",
    "or": "或",
    "Done": "完成",
    // Texts app.js and governance.js write ({0}, {1}: what they fill in).
    "Choose who you are (Signed in as) to see and act on the upgrade records.": "请先选择您的身份（登录身份），才能查看和操作升级记录。",
    "The request failed ({0}).": "请求失败（{0}）。",
    "Configuration file": "配置文件",
    "Download": "下载",
    "DataService Studio upgrade mode": "DataService Studio 升级模式",
    "Upgrade mode": "升级模式",
    "Upgrade time": "升级时间",
    "Maintenance mode": "维护模式",
    "{0} – {1} (total {2})": "{0} – {1}（共 {2}）",
    "Zero-downtime upgrades have no detailed timeline.": "零停机升级没有详细时间线。",
    "Continue upgrade {0}: {1}{2}.": "继续升级 {0}：{1}{2}。",
    " at step \"{0}\"": "，步骤“{0}”",
    "Upgrade {0}: {1}.": "升级 {0}：{1}。",
    "Reason: ": "原因：",
    "Declaration version {0}": "声明版本 {0}",
    // The history views (history.js, audit-view.js, insights-panel.js): tabs, filter bars, pagers, report links, the
    // audit table and the insights panel. Statuses, modes, operations and outcome categories come from
    // vocabulary.generated.js instead (eng/strings.py).
    "Audit trail": "审计记录",
    "Insights": "统计分析",
    "Version": "版本",
    "Started from": "开始时间从",
    "Finished from": "结束时间从",
    "Target version from": "目标版本从",
    "Initial version from": "初始版本从",
    "Outcome": "结果类别",
    "to": "至",
    "Order": "排序",
    "Any": "全部",
    "Apply": "查询",
    "Clear": "重置",
    "Previous": "上一页",
    "Next": "下一页",
    "Page {0}": "第 {0} 页",
    "Download CSV": "下载 CSV",
    "Download JSON Lines": "下载 JSON Lines",
    "e.g. V5.1.0": "例如 V5.1.0",
    "e.g. alice": "例如 alice",
    "No upgrade records match these filters.": "没有符合筛选条件的升级记录。",
    "Newest first": "最新优先",
    "Longest upgrade first": "升级耗时最长优先",
    "Shortest upgrade first": "升级耗时最短优先",
    "Longest maintenance first": "维护耗时最长优先",
    "Shortest maintenance first": "维护耗时最短优先",
    "Actor": "操作人",
    "Operation": "操作",
    "From": "时间从",
    "Time": "时间",
    "Record": "记录",
    "Refused because": "拒绝原因",
    "Applied": "已执行",
    "Refused": "已拒绝",
    "No audit entries match these filters.": "没有符合筛选条件的审计记录。",
    "From month": "起始月份",
    "to month": "结束月份",
    "Figures": "指标",
    "Records": "记录数",
    "Finished": "已结束",
    "Success rate": "成功率",
    "Change-failure rate": "变更失败率",
    "Count": "数量",
    "Min": "最短",
    "Median": "中位数",
    "Max": "最长",
    "Upgrade duration": "升级耗时",
    "Maintenance duration": "维护耗时",
    "Time to recover": "恢复时间",
    "Duration trend": "耗时趋势",
    "Outcomes per month": "每月结果",
    "minutes": "分钟",
    "Upgrade median": "升级耗时中位数",
    "Upgrade p90": "升级耗时 p90",
    "Maintenance median": "维护耗时中位数",
    "Maintenance p90": "维护耗时 p90",
    "month the records were created in": "记录创建月份",
    "{0} records": "{0} 条记录",
    // gov3 (R-GOV-2): the second engineer in the switcher and the banner of a force-stop awaiting approval.
    "Oscar (O&M engineer)": "Oscar（运维工程师）",
    "Force-stop awaiting approval": "强制停止待批准",
    " requested by {0} at {1}; on approval: {2}; expires {3}.": "：由 {0} 于 {1} 申请；批准后为：{2}；{3} 过期。",
  },
};

// The text in the page's language, with {0}, {1}, … filled in; the English text when there is no translation.
function pageText(english, ...values) {
  const words = pageWords[pageLanguage];
  const text = (words && Object.hasOwn(words, english)) ? words[english] : english;
  return text.replace(/\{(\d+)\}/g, (whole, i) => (i < values.length ? String(values[i]) : whole));
}

// Translates the static page once: every text node and the title, aria-label and placeholder attributes, looked up
// with runs of white space as one space. Elements the scripts fill later call pageText() themselves.
function translatePage(root) {
  if (pageLanguage === "en") return;
  const normal = (text) => text.replace(/\s+/g, " ").trim();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const key = normal(node.nodeValue);
    if (key && Object.hasOwn(pageWords[pageLanguage], key)) {
      const lead = /^\s/.test(node.nodeValue) ? " " : "";
      const tail = /\s$/.test(node.nodeValue) ? " " : "";
      node.nodeValue = lead + pageText(key) + tail;
    }
  }
  for (const element of root.querySelectorAll("[title], [aria-label], [placeholder]")) {
    for (const name of ["title", "aria-label", "placeholder"]) {
      const value = element.getAttribute(name);
      if (value && Object.hasOwn(pageWords[pageLanguage], normal(value))) element.setAttribute(name, pageText(normal(value)));
    }
  }
}

if (pageLanguage === "zh") {
  document.documentElement.lang = "zh-CN";
  document.title = pageText(document.title);
  translatePage(document.body);
}
