"use strict";
// The View log's timeline as bars on one time axis (R-VIS-1), drawn from the panel's raw fields only: offsets and
// lengths in milliseconds, gaps, and for a running upgrade the estimate band (R-ETA-1). No display text is parsed.
// Every value is inserted with textContent or a style number, never as HTML.

const chartWords = {
  en: { gap: "idle", estimate: "expected end", band: "10–90 % band", running: "running", never: "never finished",
    noBaseline: "no baseline yet", stalled: "stalled", axis: "minutes from start", minutes: "min" },
  zh: { gap: "空闲", estimate: "预计结束", band: "10–90% 区间", running: "进行中", never: "未完成（已终止）",
    noBaseline: "暂无历史基线", stalled: "已停滞", axis: "距开始（分钟）", minutes: "分钟" },
};

function chartText(log) {
  return (log.culture || "en").startsWith("zh") ? chartWords.zh : chartWords.en;
}

function chartDiv(className, text) {
  const div = document.createElement("div");
  div.className = className;
  if (text !== undefined) div.textContent = text;
  return div;
}

function renderTimelineChart(container, log) {
  container.replaceChildren();
  const start = log.upgrade.startedAt ? Date.parse(log.upgrade.startedAt) : null;
  if (!log.timeline || start === null) {
    container.hidden = true;
    return;
  }

  const words = chartText(log);
  const estimate = log.estimate && log.estimate.hasBaseline ? log.estimate : null;
  const now = log.estimate ? Date.parse(log.estimate.estimatedAt) - start : null;
  const end = log.upgrade.endedAt ? Date.parse(log.upgrade.endedAt) - start : null;
  // The axis spans everything there is to draw: the upgrade, every bar, and the estimate band.
  let span = Math.max(end || 0, now || 0, estimate ? Date.parse(estimate.latestEndAt) - start : 0);
  for (const node of log.timeline) {
    span = Math.max(span, (node.offsetMilliseconds || 0) + (node.durationMilliseconds || 0));
  }
  span = Math.max(span, 60000);
  const pct = (ms) => `${Math.max(0, Math.min(100, (ms / span) * 100)).toFixed(3)}%`;

  const place = (bar, offset, length) => {
    bar.style.left = pct(offset);
    bar.style.width = pct(Math.max(length, span / 400));
    return bar;
  };

  // A bar that has not finished runs to now while it may still finish, or to the upgrade's end when it never will.
  const openLength = (item) =>
    item.durationState === "running" ? Math.max(0, (now ?? end ?? item.offsetMilliseconds) - item.offsetMilliseconds)
      : item.durationState === "unknown" ? Math.max(0, (end ?? item.offsetMilliseconds) - item.offsetMilliseconds) : 0;

  const rows = chartDiv("chart-rows");
  for (const node of log.timeline) {
    const row = chartDiv("chart-row");
    row.dataset.node = node.node;
    row.append(chartDiv("chart-label", node.name));
    const lane = chartDiv("chart-lane");
    if (node.offsetMilliseconds !== null) {
      const known = node.durationState === "known";
      const bar = place(chartDiv(`chart-bar chart-${node.durationState}`), node.offsetMilliseconds,
        known ? node.durationMilliseconds : openLength(node));
      bar.title = known ? node.text : `${node.text} (${node.durationState === "running" ? words.running : words.never})`;
      lane.append(bar);
      for (const task of node.tasks || []) {
        if (task.offsetMilliseconds === null) continue;
        const sub = place(chartDiv(`chart-task chart-${task.durationState} chart-task-${task.status.code}`), task.offsetMilliseconds,
          task.durationState === "known" ? task.durationMilliseconds : openLength(task));
        sub.title = `${task.name}: ${task.status.name}`;
        lane.append(sub);
      }
    }
    row.append(lane);
    rows.append(row);
  }

  const gapRow = chartDiv("chart-row chart-gap-row");
  gapRow.append(chartDiv("chart-label", words.gap));
  const gapLane = chartDiv("chart-lane");
  for (const gap of log.timelineGaps || []) {
    const bar = place(chartDiv("chart-gap"), gap.offsetMilliseconds, gap.durationMilliseconds);
    bar.title = `${words.gap} ${gap.duration}`;
    gapLane.append(bar);
  }
  gapRow.append(gapLane);
  rows.append(gapRow);

  // The estimate band and the expected end over every lane, for a running upgrade.
  const overlay = chartDiv("chart-overlay");
  if (estimate) {
    const low = Date.parse(estimate.earliestEndAt) - start;
    const high = Date.parse(estimate.latestEndAt) - start;
    const band = place(chartDiv("chart-band"), low, high - low);
    band.title = words.band;
    const expected = chartDiv("chart-expected");
    expected.style.left = pct(Date.parse(estimate.expectedEndAt) - start);
    expected.title = words.estimate;
    overlay.append(band, expected);
  }
  if (now !== null) {
    const line = chartDiv("chart-now");
    line.style.left = pct(now);
    overlay.append(line);
  }
  rows.append(overlay);

  const legend = chartDiv("chart-legend");
  legend.append(chartDiv("chart-axis", `0 – ${Math.round(span / 60000)} ${words.axis}`));
  if (log.estimate) {
    legend.append(chartDiv("chart-estimate-text", estimate
      ? `${words.estimate}: ${Math.round(estimate.remainingMilliseconds / 60000)} ${words.minutes} (${Math.round(estimate.remainingLowMilliseconds / 60000)}–${Math.round(estimate.remainingHighMilliseconds / 60000)})`
      : words.noBaseline));
    if (log.estimate.stalled) legend.append(chartDiv("chart-stalled", words.stalled));
  }
  container.append(rows, legend);
  container.hidden = false;
}
