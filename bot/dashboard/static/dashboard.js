/* Warga Tangguh dashboard: draws the charts from the page's JSON (no inline script, CSP). */
"use strict";
(function () {
  const form = document.getElementById("filters");
  const period = document.getElementById("period");
  const dates = document.getElementById("dates");
  const area = document.getElementById("area");
  if (form && period && dates && area) {
    period.addEventListener("change", function () {
      if (period.value === "custom") { dates.focus(); } else { form.submit(); }
    });
    dates.addEventListener("input", function () {
      if (dates.value.trim()) { period.value = "custom"; }
    });
    area.addEventListener("change", function () { form.submit(); });
  }

  const source = document.getElementById("dash-data");
  if (!source || typeof Chart === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  // PNGs pasted into briefings need a background: the canvas itself is transparent.
  const whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };
  const charts = {};
  data.charts.forEach(function (spec) {
    const canvas = document.getElementById("chart-" + spec.id);
    if (!canvas) { return; }
    const valueAxis = spec.horizontal ? "x" : "y";
    const scales = { x: { stacked: spec.stacked }, y: { stacked: spec.stacked } };
    scales[valueAxis].beginAtZero = true;
    if (spec.percent) {
      scales[valueAxis].max = 100;
      scales[valueAxis].ticks = { callback: function (v) { return v + "%"; } };
    }
    charts[spec.id] = new Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return {
            label: s.label, data: s.data, shown: s.shown, backgroundColor: s.color,
            borderColor: s.color, pointRadius: spec.labels.length > 60 ? 0 : 2
          };
        })
      },
      options: {
        locale: locale,
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          title: { display: true, text: spec.title, align: "start", font: { size: 15 } },
          subtitle: { display: true, text: data.subtitle, align: "start",
                      padding: { bottom: 8 } },
          legend: { display: spec.series.length > 1 },
          tooltip: {
            callbacks: {
              // The report's own text for the value: withheld groups are never drawn at all.
              label: function (ctx) {
                return ctx.dataset.label + ": " + ctx.dataset.shown[ctx.dataIndex];
              }
            }
          }
        }
      },
      plugins: [whiteBackground]
    });
  });
  document.querySelectorAll("button.png").forEach(function (button) {
    button.addEventListener("click", function () {
      const chart = charts[button.dataset.chart];
      if (!chart) { return; }
      const link = document.createElement("a");
      link.href = chart.toBase64Image("image/png", 1);
      link.download = button.dataset.file;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });
  document.body.dataset.charts = String(Object.keys(charts).length);
})();
