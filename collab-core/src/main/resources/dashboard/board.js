// The leaderboard table (ranked rows, baselines, negatives, filters) and the score chart (Chart.js + zoom).
"use strict";

import { $, h, avatar, ago, agoAttrs, stampDate, num } from "./util.js";

let chart = null;
let lastChartKey = "";
let lastBoardKey = "";

export function setupBoard(refresh) {
  for (const id of ["f-verified", "f-every", "f-invalid"]) $(id).addEventListener("change", () => { lastBoardKey = ""; refresh(); });
  for (const id of ["f-hide-negative", "f-agent"]) $(id).addEventListener("change", () => { lastBoardKey = ""; refresh(); });
  $("chart-reset").addEventListener("click", () => chart && chart.resetZoom());
}

const fm = (state, filename) => ((state.results.get(filename) || {}).frontmatter || {});

function quality(f) {
  if (typeof f.quality === "string") return f.quality;
  if (f.lossy === true) return "lossy";
  if (f.lossy === false || f.greedy_identical === true) return "lossless";
  return "";
}

// The verification badge; the newest verifier announcement about the result is its reason (on hover and focus).
function verificationCell(state, row) {
  const v = row.verification || "pending";
  const msg = state.verifications.get(row.filename);
  const reason = msg ? (msg.body || "").replace(/\s+/g, " ").trim().slice(0, 300) : (v === "pending" ? "not verified yet" : "");
  return h("span", { class: "badge v-" + v.replace(/[^a-z]/g, ""), title: reason, tabindex: reason ? "0" : null, "aria-label": v + (reason ? ": " + reason : "") }, v);
}

function agentCell(name, href) {
  return h("a", { class: "agent", href }, avatar(name), h("span", {}, name));
}

export function renderBoard(state) {
  const section = $("leaderboard-section");
  if (!state.leaderboard) { section.hidden = true; return; }
  section.hidden = false;
  const board = state.leaderboard;
  const guard = board.guard_field || "";
  const agentFilter = $("f-agent").value;
  const hideNegative = $("f-hide-negative").checked;
  const key = JSON.stringify([board.rows, guard, agentFilter, hideNegative, [...state.verifications.keys()].length,
    state.settings && state.settings.baselines, state.results.size, [...state.results.values()].map((r) => r.verification).join()]);
  updateAgentFilter(state);
  if (key === lastBoardKey) return;
  lastBoardKey = key;
  $("guard-head").textContent = guard || "guard";
  $("guard-head").hidden = !guard;
  const rows = [];
  const ranked = (board.rows || []).filter((r) => !agentFilter || r.agent === agentFilter);
  for (const r of ranked) {
    const f = fm(state, r.filename);
    const q = quality(f);
    rows.push({ score: r.score, tr: h("tr", { class: "v-row-" + (r.verification || "pending"), "data-filename": r.filename },
      h("td", { class: "rank" }, String(r.rank)),
      h("td", {}, agentCell(r.agent, "#/agents/" + encodeURIComponent(r.agent))),
      h("td", { class: "num score" }, h("a", { href: "#/results/" + encodeURIComponent(r.filename), title: "open the result" }, num(r.score))),
      guard ? h("td", { class: "num" }, r.guard === undefined || r.guard === null ? "" : num(r.guard)) : null,
      h("td", { class: "col-quality" }, q ? h("span", { class: "badge q-" + q.replace(/[^a-z]/g, "") }, q) : ""),
      h("td", {}, verificationCell(state, r)),
      h("td", { class: "method col-method", title: r.description || "" }, r.method || ""),
      h("td", { class: "col-when", title: r.timestamp || "", ...agoAttrs(r.filename) }, ago(stampDate(r.filename)))) });
  }
  if (!agentFilter) {
    for (const b of (state.settings && state.settings.baselines) || []) {
      rows.push({ score: b.score, baseline: true, tr: h("tr", { class: "baseline" },
        h("td", { class: "rank" }, "—"),
        h("td", {}, b.url ? h("a", { href: b.url, rel: "noopener" }, b.label) : b.label),
        h("td", { class: "num score" }, num(b.score)),
        guard ? h("td", { class: "num" }, b.guard === undefined ? "" : num(b.guard)) : null,
        h("td", { class: "col-quality" }, ""), h("td", {}, h("span", { class: "badge v-baseline" }, "baseline")),
        h("td", { class: "method col-method" }, b.method || ""), h("td", { class: "col-when" }, "")) });
    }
  }
  if (!hideNegative) {
    for (const r of state.results.values()) {
      const f = r.frontmatter || {};
      const author = f.agent || "";
      if (f.status !== "negative" || (agentFilter && author !== agentFilter)) continue;
      rows.push({ score: null, tr: h("tr", { class: "negative", "data-filename": r.filename },
        h("td", { class: "rank" }, "✕"),
        h("td", {}, agentCell(author, "#/agents/" + encodeURIComponent(author))),
        h("td", { class: "num score" }, h("a", { href: "#/results/" + encodeURIComponent(r.filename) }, num(f[board.score_field]))),
        guard ? h("td", { class: "num" }, num(f[guard])) : null,
        h("td", { class: "col-quality" }, quality(f)), h("td", {}, h("span", { class: "badge v-negative" }, "negative")),
        h("td", { class: "method col-method", title: f.description || "" }, f.method || ""),
        h("td", { class: "col-when", ...agoAttrs(r.filename) }, ago(stampDate(r.filename)))) });
    }
  }
  const placed = placeRows(rows, board.order !== "asc");
  $("leaderboard").querySelector("tbody").replaceChildren(...placed.map((p) => p.tr));
  // The quality column only where some row reports one (a collaboration whose results never say lossless or lossy,
  // e.g. one about sorting, has no use for an empty column).
  $("leaderboard").classList.toggle("no-quality", !placed.some((p) => p.tr.querySelector("td.col-quality").textContent));
  $("leaderboard-empty").hidden = ranked.length > 0;
}

// The table's order: ranked rows as the server ranked them, each baseline where its score would rank among the
// ranked rows and the other baselines (a baseline ties after the rows with its score), negatives (score null) last.
// Rows are { score, baseline }; desc says that higher is better.
export function placeRows(rows, desc) {
  const better = (a, b) => (desc ? a > b : a < b);
  const placed = rows.filter((r) => !r.baseline && r.score !== null);
  const baselines = rows.filter((r) => r.baseline).sort((a, b) => (better(a.score, b.score) ? -1 : better(b.score, a.score) ? 1 : 0));
  for (const row of baselines) {
    const i = placed.findIndex((p) => better(row.score, p.score));
    placed.splice(i < 0 ? placed.length : i, 0, row);
  }
  return [...placed, ...rows.filter((r) => !r.baseline && r.score === null)];
}

function updateAgentFilter(state) {
  const sel = $("f-agent"), current = sel.value;
  const names = [...new Set(state.agents.map((a) => a.agent_id))].sort();
  const have = [...sel.options].map((o) => o.value).slice(1).join();
  if (have === names.join()) return;
  sel.replaceChildren(h("option", { value: "" }, "all"), ...names.map((n) => h("option", { value: n }, n)));
  sel.value = names.includes(current) ? current : "";
}

// Points of the chart: every result with a numeric score; the best-so-far line follows valid/pending agent-run
// results only (invalid ones are drawn faintly and never improve the line; negatives are shown, never counted).
export function chartData(state) {
  const field = (state.description && state.description.score_field) || "score";
  const asc = state.description && state.description.score_order === "asc";
  const items = [...state.results.values()].sort((a, b) => (a.filename < b.filename ? -1 : 1));
  const pts = { valid: [], pending: [], invalid: [], negative: [], best: [] };
  let best = null;
  for (const r of items) {
    const f = r.frontmatter || {};
    const t = stampDate(r.filename);
    if (!t || typeof f[field] !== "number") continue;
    const p = { x: t.getTime(), y: f[field], agent: f.agent || "", method: f.method || "", verification: r.verification, filename: r.filename };
    if (f.status === "negative") { pts.negative.push(p); continue; }
    if (f.status !== "agent-run") continue;
    const v = r.verification === "valid" ? "valid" : r.verification === "invalid" ? "invalid" : "pending";
    pts[v].push(p);
    if (v !== "invalid" && (best === null || (asc ? p.y < best : p.y > best))) {
      best = p.y;
      pts.best.push({ x: p.x, y: p.y, agent: p.agent, method: p.method, verification: v, filename: p.filename });
    }
  }
  return pts;
}

export function renderChart(state) {
  const section = $("chart-section");
  if (!state.resultsAvailable) { section.hidden = true; return; }
  section.hidden = false;
  if (state.view !== "overview" || !window.Chart) return;
  const pts = chartData(state);
  const all = [...pts.valid, ...pts.pending, ...pts.invalid, ...pts.negative];
  const canvas = $("chart");
  canvas.dataset.points = String(all.length);
  canvas.dataset.best = String(pts.best.length);
  $("chart-empty").hidden = all.length > 0;
  const key = JSON.stringify([pts, state.settings && state.settings.baselines]);
  if (key === lastChartKey && chart) return;
  lastChartKey = key;
  const xs = all.map((p) => p.x);
  const xMin = xs.length ? Math.min(...xs) : Date.now() - 3600e3, xMax = xs.length ? Math.max(...xs) : Date.now();
  const bestLine = pts.best.length ? [...pts.best, { ...pts.best[pts.best.length - 1], x: Math.max(xMax, pts.best[pts.best.length - 1].x) }] : [];
  const baselines = ((state.settings && state.settings.baselines) || []).map((b, i) => ({
    label: b.label, type: "line", data: [{ x: xMin, y: b.score, agent: b.label, method: b.method }, { x: xMax, y: b.score, agent: b.label, method: b.method }],
    borderColor: ["#8a6d3b", "#6b7b8c", "#7a5c99"][i % 3], borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false,
  }));
  const datasets = [
    { label: "best so far (valid + pending)", type: "line", data: bestLine, stepped: "before", borderColor: "#1f6feb", borderWidth: 2, pointRadius: 0, fill: false, order: 0 },
    { label: "verified", data: pts.valid, pointStyle: "rectRot", pointRadius: 7, pointHoverRadius: 9, backgroundColor: "#1a7f37", borderColor: "#0f5323" },
    { label: "pending", data: pts.pending, pointStyle: "circle", pointRadius: 5, pointHoverRadius: 7, backgroundColor: "#1f6feb", borderColor: "#1a4fa0" },
    { label: "invalid", data: pts.invalid, pointStyle: "circle", pointRadius: 4, backgroundColor: "rgba(207,34,46,0.18)", borderColor: "rgba(207,34,46,0.35)" },
    { label: "negative", data: pts.negative, pointStyle: "crossRot", pointRadius: 6, borderWidth: 2, borderColor: "#8c959f", backgroundColor: "#8c959f" },
    ...baselines,
  ];
  const fmtX = (v) => new Date(v).toISOString().slice(5, 16).replace("T", " ");
  const pad = Math.max((xMax - xMin) * 0.04, 30 * 60e3);
  if (chart) {
    chart.data.datasets = datasets;
    chart.options.scales.x.min = xMin - pad;
    chart.options.scales.x.max = xMax + pad;
    chart.update("none");
    return;
  }
  chart = new window.Chart(canvas, {
    type: "scatter",
    data: { datasets },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true,
      font: { size: 12 },
      scales: {
        x: { type: "linear", min: xMin - pad, max: xMax + pad, ticks: { callback: fmtX, maxTicksLimit: window.innerWidth < 600 ? 4 : 7, autoSkipPadding: 14, font: { size: 11 } }, title: { display: true, text: "time (UTC)", font: { size: 11 } } },
        y: { ticks: { font: { size: 11 } }, title: { display: true, text: ((state.description && state.description.score_field) || "score") + (state.description && state.description.score_unit ? " (" + state.description.score_unit + ")" : ""), font: { size: 11 } } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, font: { size: 11 } } },
        tooltip: {
          callbacks: {
            title: (items) => items.length ? new Date(items[0].raw.x).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "",
            label: (ctx) => {
              const p = ctx.raw || {};
              return (p.agent ? p.agent + " · " : "") + num(p.y) + (p.method ? " · " + p.method : "") + (p.verification ? " · " + p.verification : "");
            },
          },
        },
        zoom: {
          zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: "xy" },
          pan: { enabled: true, mode: "xy" },
        },
      },
      onClick: (evt, elements) => {
        const el = elements[0];
        if (!el) return;
        const p = chart.data.datasets[el.datasetIndex].data[el.index];
        if (p && p.filename) location.hash = "#/results/" + encodeURIComponent(p.filename);
      },
    },
  });
  window.collabChart = chart;
}
