// The function page's charts (uPlot): calls and errors, p50/p99 latency and replicas over the last hour, one point a
// minute, read from the console's /ns/{ns}/functions/{name}/metrics and refreshed every 15 s.
(function () {
  "use strict";
  const REFRESH_MS = 15000;
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const axis = dark ? "#c2c7d0" : "#373c44";
  const grid = dark ? "rgba(255,255,255,.08)" : "rgba(0,0,0,.07)";
  const colors = { calls: "#3a78c2", errors: "#d93526", p50: "#1e8a3e", p99: "#b06a00", replicas: "#7a4fb8" };

  function axes(unit) {
    return [
      { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid } },
      { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid }, size: 50, label: unit, labelSize: 18 },
    ];
  }

  // lines with a dot per minute: a minute alone between empty ones still shows
  function series(label, color, extra) {
    return Object.assign({ label: label, stroke: color, width: 2, spanGaps: false,
      points: { show: true, size: 5, fill: color } }, extra || {});
  }

  function bars(label, color) {
    return series(label, color, { fill: color + "44", points: { show: false },
      paths: uPlot.paths.bars({ size: [0.7, 40] }) });
  }

  const charts = [
    { id: "chart-calls", title: "Calls per minute", unit: "calls",
      columns: (d) => [d.time, d.calls, d.errors],
      series: () => [bars("calls", colors.calls), bars("errors", colors.errors)] },
    { id: "chart-latency", title: "Latency (ms)", unit: "ms",
      columns: (d) => [d.time, d.p50, d.p99],
      series: () => [series("p50", colors.p50), series("p99", colors.p99)] },
    { id: "chart-replicas", title: "Replicas ready", unit: "replicas",
      columns: (d) => [d.time, d.replicas],
      series: () => [series("replicas", colors.replicas, { paths: uPlot.paths.stepped({ align: 1 }) })] },
  ];

  function width(el) {
    return Math.max(240, Math.floor(el.getBoundingClientRect().width));
  }

  function summary(d) {
    const p99 = d.p99.filter((v) => v != null);
    const worst = p99.length ? Math.max.apply(null, p99) : null;
    const cold = d.coldStarts.reduce((a, b) => a + b, 0);
    return d.total.calls + " calls · " + d.total.errors + " errors · " + cold + " cold starts in the last hour" +
      (worst == null ? "" : " · worst minute's p99 " + (worst < 10 ? worst.toFixed(1) : Math.round(worst)) + " ms");
  }

  function start(section) {
    if (!window.uPlot || section.dataset.charts) return;
    section.dataset.charts = "on";
    const url = section.dataset.metricsUrl;
    const plots = {};
    let timer = null;

    function draw(data) {
      const text = section.querySelector(".metrics-summary");
      if (text) text.textContent = summary(data);
      charts.forEach((chart) => {
        const host = section.querySelector("#" + chart.id);
        if (!host) return;
        const columns = chart.columns(data);
        if (plots[chart.id]) {
          plots[chart.id].setData(columns);
          return;
        }
        plots[chart.id] = new uPlot({
          width: width(host), height: 180, series: [{}].concat(chart.series()), axes: axes(chart.unit),
          // half a minute either side, so the first and the current minute's bars are whole
          scales: { x: { time: true, range: (u, min, max) => [min - 30, max + 30] },
            y: { range: (u, min, max) => [0, Math.max(chart.unit === "ms" ? 1 : 2, (max || 0) * 1.1)] } },
          cursor: { drag: { x: false, y: false } },
        }, columns, host);
      });
    }

    function refresh() {
      if (!document.body.contains(section)) {
        clearInterval(timer);
        return;
      }
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
        .then(draw)
        .catch(() => {
          const text = section.querySelector(".metrics-summary");
          if (text) text.textContent = "Metrics are not available right now; trying again shortly.";
        });
    }

    refresh();
    timer = setInterval(refresh, REFRESH_MS);
    window.addEventListener("resize", () => Object.keys(plots).forEach((id) => {
      const host = section.querySelector("#" + id);
      if (host) plots[id].setSize({ width: width(host), height: 180 });
    }));
  }

  function startAll() {
    document.querySelectorAll("section[data-metrics-url]").forEach(start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
