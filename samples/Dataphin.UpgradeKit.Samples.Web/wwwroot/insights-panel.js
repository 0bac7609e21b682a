"use strict";
// The insights panel: the figures of the insights endpoint over the chosen months (success rate, change-failure rate,
// time to recover, min / median / p90 / max of upgrade and maintenance durations), outcomes per month and the
// duration trend, drawn with Chart.js (lib/chart.js, a committed copy of the npm package's UMD build; see its
// README.md). Every number is the server's: outcomes per month are one insights answer per month (the records
// created in it), and the trend's points are the durations of the list's rows created in the chosen months. Loaded
// after app.js and history.js; uses `call`, `problemText`, `showMessage`, `el`, `pageText` and `vocabularyName`.

// The durations table's columns (the page's own texts, through pageText()); the outcome categories' names are the
// SDK's (vocabulary.generated.js).
const insightsStatColumns = ["", "Count", "Min", "Median", "p90", "Max"];
const insightsMetrics = { upgradeDuration: "Upgrade duration", maintenanceDuration: "Maintenance duration", timeToRecover: "Time to recover" };

// The SDK's outcome categories of each status, and their colours on the charts.
const insightsCategoryOf = {
  configuring: "Running", upgrading: "Running", verifying: "Running", succeeded: "Succeeded", failed: "Failed",
  stopped: "Stopped", forceStoppedSucceeded: "ForceStopped", forceStoppedFailed: "ForceStopped", canceled: "Canceled",
};
const insightsColours = {
  Running: "#0969da", Succeeded: "#1a7f37", Failed: "#cf222e", Stopped: "#bf8700", ForceStopped: "#8250df", Canceled: "#8c959f",
};
const insightsMaxMonths = 24;
const insightsTrendPages = 10; // of 500 rows: the trend draws at most 5,000 records

// "2026-03" as the instant its first day starts in the browser's time zone, `add` months later.
function monthStart(month, add) {
  const [y, m] = month.split("-").map(Number);
  return new Date(y, m - 1 + (add || 0), 1);
}

const monthText = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;

// The months the address asks for: the last six by default, at most insightsMaxMonths, the earlier one first.
function insightsMonths() {
  const here = new URLSearchParams(location.search);
  const valid = (value) => /^\d{4}-\d{2}$/.test(value || "");
  const to = valid(here.get("insightsTo")) ? here.get("insightsTo") : monthText(new Date());
  let from = valid(here.get("insightsFrom")) ? here.get("insightsFrom") : monthText(monthStart(to, -5));
  if (from > to) from = to;
  const months = [];
  for (let date = monthStart(from); monthText(date) <= to && months.length < insightsMaxMonths; date = monthStart(monthText(date), 1)) {
    months.push(monthText(date));
  }
  return months;
}

// Durations are shown as the SDK writes them (hhh:mm:ss): the insights' minimumText … maximumText and the list rows'
// upgradeDuration / maintenanceDuration; the page does no duration arithmetic of its own.

const percent = (rate) => (rate === null || rate === undefined ? "-" : `${(rate * 100).toFixed(1)} %`);

function buildInsightsPanel() {
  const section = el("section");
  section.id = "insights-panel";
  section.hidden = true;
  section.setAttribute("aria-label", pageText("Insights"));
  const form = historyElement("form", null, { id: "insights-filters", "aria-label": pageText("Insights") });
  form.append(inputOf("insightsFrom", pageText("From month"), "month"), inputOf("insightsTo", pageText("to month"), "month"));
  const buttons = historyElement("span", null, { class: "filter-buttons" });
  buttons.append(historyElement("button", pageText("Apply"), { type: "submit", class: "primary", id: "insights-apply" }));
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ insightsFrom: form.elements.insightsFrom.value, insightsTo: form.elements.insightsTo.value }, history.state);
    loadInsights();
  });

  const figures = el("div");
  figures.id = "insights-figures";
  const charts = el("div", null, "insights-charts");
  for (const [id, title] of [["insights-outcomes", pageText("Outcomes per month")], ["insights-trend", pageText("Duration trend")]]) {
    const figure = el("figure", null, "insights-chart");
    const box = el("div", null, "chart-box");
    const canvas = el("canvas");
    canvas.id = id;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", title);
    box.append(canvas);
    figure.append(el("figcaption", title), box);
    charts.append(figure);
  }
  const capped = el("p", null, "hint");
  capped.id = "insights-capped";
  capped.hidden = true;
  section.append(form, figures, charts, capped);
  document.getElementById("records-view").after(section);
}

function renderFigures(overall) {
  const box = document.getElementById("insights-figures");
  const facts = el("dl");
  facts.id = "insights-facts";
  const fact = (name, key, value) => {
    const dt = el("dt", name);
    const dd = el("dd", value);
    dd.dataset.figure = key;
    facts.append(dt, dd);
  };
  fact(pageText("Records"), "count", String(overall.count));
  fact(pageText("Finished"), "finished", String(overall.finished));
  fact(pageText("Success rate"), "successRate", percent(overall.successRate));
  fact(pageText("Change-failure rate"), "changeFailureRate", percent(overall.changeFailureRate));

  const table = el("table");
  table.id = "insights-durations";
  const head = el("tr");
  head.append(...insightsStatColumns.map((name) => el("th", name && pageText(name))));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const [key, name] of Object.entries(insightsMetrics)) {
    const stats = overall[key];
    const tr = el("tr");
    tr.dataset.metric = key;
    tr.append(el("th", pageText(name)), el("td", stats ? String(stats.count) : "0"));
    for (const part of ["minimum", "median", "percentile90", "maximum"]) {
      tr.append(el("td", stats ? stats[`${part}Text`] : "-", "duration"));
    }
    body.append(tr);
  }
  table.append(thead, body);
  box.replaceChildren(el("h3", pageText("Figures")), facts, table);
}

// One chart per canvas: a redraw replaces the chart the canvas had.
function drawChart(id, config) {
  const canvas = document.getElementById(id);
  const old = Chart.getChart(canvas);
  if (old) old.destroy();
  return new Chart(canvas, config);
}

function drawOutcomes(months, answers) {
  const datasets = Object.keys(insightsColours).map((category) => ({
    label: vocabularyName("categories", category),
    category,
    backgroundColor: insightsColours[category],
    data: answers.map((answer) => answer.overall.statuses
      .filter((total) => insightsCategoryOf[total.status] === category)
      .reduce((sum, total) => sum + total.count, 0)),
  }));
  drawChart("insights-outcomes", {
    type: "bar",
    data: { labels: months, datasets },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: pageText("Upgrade records") } } },
    },
  });
}

function drawTrend(rows) {
  const points = (startKey, secondsKey, stateKey, textKey) => rows
    .filter((row) => row[startKey] && row[stateKey] === "known" && row[secondsKey] !== null && row[secondsKey] !== undefined)
    .map((row) => ({ x: Date.parse(row[startKey]), y: Math.round((row[secondsKey] / 60) * 10) / 10, id: row.id, text: row[textKey] }))
    .sort((a, b) => a.x - b.x);
  drawChart("insights-trend", {
    type: "line",
    data: {
      datasets: [
        { label: pageText(insightsMetrics.upgradeDuration), data: points("upgradeStartedAt", "upgradeDurationSeconds", "upgradeDurationState", "upgradeDuration"),
          borderColor: "#0969da", backgroundColor: "#0969da", pointRadius: 4 },
        { label: pageText(insightsMetrics.maintenanceDuration), data: points("maintenanceStartedAt", "maintenanceDurationSeconds", "maintenanceDurationState", "maintenanceDuration"),
          borderColor: "#bf8700", backgroundColor: "#bf8700", pointRadius: 4, borderDash: [6, 4] },
      ],
    },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: "linear", title: { display: true, text: pageText("upgrade start") }, ticks: { callback: (value) => auditTime(value).slice(0, 10), maxTicksLimit: 8 } },
        y: { beginAtZero: true, title: { display: true, text: pageText("minutes") } },
      },
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw.text}` } } },
    },
  });
}

// The list's rows created in the months, page after page (the trend needs every record, not the first page).
async function trendRows(from, to) {
  const rows = [];
  let token = null;
  for (let page = 0; page < insightsTrendPages; page++) {
    const query = new URLSearchParams({ createdFrom: from, createdTo: to, pageSize: "500" });
    if (token) query.set("continuationToken", token);
    const result = await call("GET", `?${query}`);
    if (!result.ok) return { rows, failed: result };
    rows.push(...result.data.rows);
    token = result.data.continuationToken;
    if (!token) return { rows, capped: false };
  }
  return { rows, capped: true };
}

let insightsReads = 0;

async function loadInsights() {
  const asked = ++insightsReads;
  const months = insightsMonths();
  document.getElementById("insights-panel").dataset.loaded = "";
  const form = document.getElementById("insights-filters");
  form.elements.insightsFrom.value = months[0];
  form.elements.insightsTo.value = months[months.length - 1];
  const from = monthStart(months[0]).toISOString();
  const to = monthStart(months[months.length - 1], 1).toISOString();
  const perMonth = months.map((month) => call("GET", `/insights?from=${encodeURIComponent(monthStart(month).toISOString())}&to=${encodeURIComponent(monthStart(month, 1).toISOString())}`));
  const [overall, trend, ...answers] = await Promise.all([
    call("GET", `/insights?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), trendRows(from, to), ...perMonth]);
  if (asked !== insightsReads) return; // a later request (other months) answers instead
  const failed = [overall, trend.failed, ...answers].find((result) => result && !result.ok);
  if (failed) { showMessage(problemText(failed)); return; }
  renderFigures(overall.data.overall);
  drawOutcomes(months, answers.map((answer) => answer.data));
  drawTrend(trend.rows);
  const capped = document.getElementById("insights-capped");
  capped.hidden = !trend.capped;
  capped.textContent = pageText("The trend shows the first {0} records of these months.", trend.rows.length);
  document.getElementById("insights-panel").dataset.loaded = `${from}/${to}`;
}

// history.js calls it whenever the address shows this view.
function showInsightsPanel() {
  loadInsights();
}

buildInsightsPanel();
