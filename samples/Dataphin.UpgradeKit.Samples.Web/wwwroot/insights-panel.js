"use strict";
// The insights panel: the figures of the insights endpoint over the chosen months (success rate, change-failure rate,
// time to recover, min / median / p90 / max of upgrade and maintenance durations), outcomes per month and the
// duration trend, drawn with Chart.js (lib/chart.js, a committed copy of the npm package's UMD build; see its
// README.md). Every number is the server's: both charts come from one insights answer per month (the records created
// in it), the outcomes from its statuses and the trend from its duration statistics, so every record of the months
// counts and nothing is capped. Loaded after app.js and history.js; uses `call`, `problemText`, `showMessage`, `el`,
// `pageText` and `vocabularyName`.

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

// Durations are shown as the SDK writes them (hhh:mm:ss): the insights' minimumText … maximumText. The trend's points
// are the same statistics in minutes, read from the exact form the JSON carries besides the text (NodaTime's
// round-trip pattern "-H:mm:ss.FFFFFFFFF", total hours first); the page computes no statistic of its own.
function durationMinutes(text) {
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text || "");
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]) + Number(match[4]) / 60;
  return match[1] ? -minutes : minutes;
}

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
  section.append(form, figures, charts);
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

// The trend's lines: the median and the 90th percentile of each duration, per month.
const insightsTrendLines = [
  { metric: "upgradeDuration", part: "median", label: "Upgrade median", colour: "#0969da", point: "circle" },
  { metric: "upgradeDuration", part: "percentile90", label: "Upgrade p90", colour: "#0969da", point: "triangle", dash: [6, 4] },
  { metric: "maintenanceDuration", part: "median", label: "Maintenance median", colour: "#bf8700", point: "rect" },
  { metric: "maintenanceDuration", part: "percentile90", label: "Maintenance p90", colour: "#bf8700", point: "rectRot", dash: [6, 4] },
];

// One point per month and line: the month's statistic from its insights answer, null (no point, the line broken
// there) when the month has no such duration, since a statistic with no data is absent, never zero.
function drawTrend(months, answers) {
  const datasets = insightsTrendLines.map((line) => ({
    label: pageText(line.label),
    metric: line.metric,
    part: line.part,
    // A month alone between months without data is a point with no line: the point's shape tells the lines apart.
    borderColor: line.colour, backgroundColor: line.colour, borderDash: line.dash || [], pointStyle: line.point, pointRadius: 5, spanGaps: false,
    data: answers.map((answer) => {
      const stats = answer.overall[line.metric];
      return stats ? durationMinutes(stats[line.part]) : null;
    }),
    // The month's statistics as the SDK answered them, for the tooltip's text (hhh:mm:ss) and count.
    statistics: answers.map((answer) => answer.overall[line.metric]),
  }));
  drawChart("insights-trend", {
    type: "line",
    data: { labels: months, datasets },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: pageText("month the records were created in") } },
        y: { beginAtZero: true, title: { display: true, text: pageText("minutes") } },
      },
      plugins: {
        legend: { labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const stats = item.dataset.statistics[item.dataIndex];
              return `${item.dataset.label}: ${stats[`${item.dataset.part}Text`]} (${pageText("{0} records", stats.count)})`;
            },
          },
        },
      },
    },
  });
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
  const [overall, ...answers] = await Promise.all([call("GET", `/insights?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), ...perMonth]);
  if (asked !== insightsReads) return; // a later request (other months) answers instead
  const failed = [overall, ...answers].find((result) => !result.ok);
  if (failed) { showMessage(problemText(failed)); return; }
  renderFigures(overall.data.overall);
  drawOutcomes(months, answers.map((answer) => answer.data));
  drawTrend(months, answers.map((answer) => answer.data));
  document.getElementById("insights-panel").dataset.loaded = `${from}/${to}`;
}

// history.js calls it whenever the address shows this view.
function showInsightsPanel() {
  loadInsights();
}

buildInsightsPanel();
