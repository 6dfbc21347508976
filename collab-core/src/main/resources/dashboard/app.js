// agent-collab dashboard: plain JS over the same-origin /v1 API; no external resources (works offline).
"use strict";

const $ = (id) => document.getElementById(id);
const MENTION = /(^|[^A-Za-z0-9._%+-])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)/g;
const REFRESH_MS = 2000;
const state = { description: null, channel: "", lastSignature: "" };

async function api(path, options) {
  const res = await fetch(path, options);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    const err = (data && data.error) || { code: "HTTP_" + res.status, message: text || res.statusText };
    const e = new Error(err.message + (err.hint ? " (" + err.hint + ")" : ""));
    e.code = err.code;
    e.status = res.status;
    throw e;
  }
  return data;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Escapes the body, then renders a safe subset of markdown (pipe tables, **bold**, `code`) and wraps @mentions;
// the viewer's own handle gets the stronger "me" highlight. Everything is escaped before any tag is added.
function renderBody(body) {
  const me = $("viewas").value.trim().toLowerCase();
  const inline = (text) => text
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(MENTION, (all, pre, handle) =>
      pre + '<span class="mention' + (handle === me ? " me" : "") + '">@' + handle + "</span>");
  const out = [];
  let table = [];
  const flush = () => {
    if (!table.length) return;
    const rows = table.filter((l) => !/^\|[\s:|-]+\|$/.test(l));
    const cells = (l) => l.slice(1, -1).split("|").map((c) => inline(c.trim()));
    out.push('<table class="md">' + rows.map((l, i) => "<tr>" + cells(l).map((c) =>
      (i === 0 ? "<th>" + c + "</th>" : "<td>" + c + "</td>")).join("") + "</tr>").join("") + "</table>");
    table = [];
  };
  for (const line of escapeHtml(body.trim()).split("\n")) {
    if (/^\|.*\|$/.test(line.trim())) { table.push(line.trim()); continue; }
    flush();
    out.push(inline(line) + "\n");
  }
  flush();
  return out.join("").replace(/\n$/, "");
}

// "20260601-100000-000_agent-1.md" -> Date (UTC), or null.
function stampDate(filename) {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})/.exec(filename || "");
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7])) : null;
}

function fmtTime(filename) {
  const d = stampDate(filename);
  return d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
}

function setStatus(text) { $("status").textContent = text; }

async function loadDescription() {
  try {
    state.description = await api("/v1");
    $("title").textContent = state.description.collab;
    $("subtitle").textContent = state.description.org + " · score: " + state.description.score_field +
      " (" + (state.description.score_order === "asc" ? "lower" : "higher") + " is better)";
  } catch (e) { setStatus("cannot reach the API: " + e.message); }
}

async function loadLeaderboard(results) {
  const body = $("leaderboard").querySelector("tbody");
  let board;
  try {
    board = await api("/v1/leaderboard");
  } catch (e) {
    if (e.status === 404 && e.code === "ROUTE_NOT_FOUND") { $("leaderboard-section").hidden = true; return; }
    throw e;
  }
  const rows = board.rows || [];
  const guard = board.guard_field || "";
  $("guard-head").textContent = guard || "guard";
  $("guard-head").hidden = !guard;
  const fm = (r) => ((results.get(r.filename) || {}).frontmatter || {});
  body.innerHTML = rows.map((r) => {
    const quality = fm(r).quality || (fm(r).lossy === true ? "lossy" : "");
    return "<tr><td>" + r.rank + "</td><td>" + escapeHtml(r.agent) +
      "</td><td class=\"num\">" + escapeHtml(r.score) + "</td>" +
      (guard ? "<td class=\"num\">" + escapeHtml(r.guard === undefined || r.guard === null ? "" : r.guard) + "</td>" : "") +
      "<td class=\"quality " + escapeHtml(quality) + "\">" + escapeHtml(quality) + "</td>" +
      "<td class=\"method\" title=\"" + escapeHtml(r.description || "") + "\">" + escapeHtml(r.method || "") +
      "</td><td>" + escapeHtml(r.verification || "") + "</td><td>" + escapeHtml(fmtTime(r.filename) || r.timestamp || "") +
      "</td></tr>";
  }).join("");
  $("leaderboard-empty").hidden = rows.length > 0;
}

// The newest 200 results with their frontmatter (one request), shared by the leaderboard (quality flag) and the chart.
async function loadResults() {
  try {
    const items = (await api("/v1/results?expand=true&limit=200&order=desc")).items || [];
    return new Map(items.map((r) => [r.filename, r]));
  } catch (e) {
    if (e.status === 404 && e.code === "ROUTE_NOT_FOUND") { return null; }
    throw e;
  }
}

async function loadChart(results) {
  if (results === null) { $("chart-section").hidden = true; return; }
  const items = [...results.values()].sort((a, b) => (a.filename < b.filename ? -1 : 1));
  const field = (state.description && state.description.score_field) || "score";
  const asc = state.description && state.description.score_order === "asc";
  const pts = items
    .filter((r) => (r.frontmatter || {}).status === "agent-run" && typeof r.frontmatter[field] === "number")
    .map((r) => ({ t: stampDate(r.filename), y: r.frontmatter[field], agent: r.frontmatter.agent || "" }))
    .filter((p) => p.t);
  drawChart(pts, asc);
}

// Hand-drawn SVG: one dot per result, and a step line of the best score so far.
function drawChart(pts, asc) {
  const svg = $("chart");
  $("chart-empty").hidden = pts.length > 0;
  if (!pts.length) { svg.innerHTML = ""; return; }
  const W = 640, H = 260, L = 48, R = 12, T = 12, B = 28;
  const t0 = pts[0].t.getTime(), t1 = Math.max(pts[pts.length - 1].t.getTime(), t0 + 1);
  let y0 = Math.min(...pts.map((p) => p.y)), y1 = Math.max(...pts.map((p) => p.y));
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const x = (t) => L + (W - L - R) * (t - t0) / (t1 - t0);
  const y = (v) => H - B - (H - T - B) * (v - y0) / (y1 - y0);
  let best = null, path = "", parts = [];
  for (const p of pts) {
    const improved = best === null || (asc ? p.y < best : p.y > best);
    if (improved) {
      path += (path ? " H" + x(p.t.getTime()).toFixed(1) + " V" : "M" + x(p.t.getTime()).toFixed(1) + " ") + y(p.y).toFixed(1);
      best = p.y;
    }
    parts.push('<circle class="pt' + (improved ? " best-pt" : "") + '" r="3.5" cx="' + x(p.t.getTime()).toFixed(1) +
      '" cy="' + y(p.y).toFixed(1) + '"><title>' + escapeHtml(p.agent + ": " + p.y) + "</title></circle>");
  }
  path += " H" + (W - R);
  const axes = '<line class="axis" x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '"/>' +
    '<line class="axis" x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '"/>' +
    '<text x="4" y="' + (T + 10) + '">' + escapeHtml(+y1.toPrecision(4)) + "</text>" +
    '<text x="4" y="' + (H - B) + '">' + escapeHtml(+y0.toPrecision(4)) + "</text>" +
    '<text x="' + L + '" y="' + (H - 8) + '">' + escapeHtml(pts[0].t.toISOString().slice(0, 19).replace("T", " ")) + "</text>" +
    '<text x="' + (W - R) + '" y="' + (H - 8) + '" text-anchor="end">' + escapeHtml(new Date(t1).toISOString().slice(0, 19).replace("T", " ")) + "</text>";
  const legend = '<text x="' + (L + 8) + '" y="' + (T + 10) + '">— best so far · dots: every agent-run result</text>';
  svg.innerHTML = axes + legend + '<path class="best" d="' + path + '"/>' + parts.join("");
}

async function loadTraces() {
  let stats, traces;
  try {
    [stats, traces] = await Promise.all([api("/v1/stats"), api("/v1/traces?expand=true&limit=10")]);
  } catch (e) {
    if (e.status === 404 && e.code === "ROUTE_NOT_FOUND") { $("traces-section").hidden = true; return; }
    throw e;
  }
  const num = (v) => (v === null || v === undefined ? "" : Number(v).toLocaleString("en-US"));
  if (stats.sessions_counted || stats.sessions_missing_tokens) {
    $("stats").textContent = num(stats.tokens.total) + " tokens over " + stats.sessions_counted + " sessions from " +
      stats.agents_reporting + " agents" + (stats.cost_usd !== null && stats.cost_usd !== undefined ? " · $" + stats.cost_usd : "");
  }
  $("traces").querySelector("tbody").innerHTML = (traces.items || []).map((t) => "<tr><td>" + escapeHtml(t.agent) +
    "</td><td>" + escapeHtml(t.harness || "") + "</td><td>" + escapeHtml(t.model || "") + '</td><td class="num">' +
    num(t.total_tokens) + '</td><td class="num">' + num(t.tool_calls) + "</td><td>" + escapeHtml(t.share || "") +
    "</td><td>" + escapeHtml(t.summary_excerpt || "") + "</td></tr>").join("");
}

async function loadChannels() {
  try {
    const list = await api("/v1/channels");
    const sel = $("channel"), current = sel.value;
    const names = (Array.isArray(list) ? list : []).map((c) => c.channel);
    sel.innerHTML = '<option value="">all messages</option>' +
      names.map((n) => '<option value="' + escapeHtml(n) + '">#' + escapeHtml(n) + "</option>").join("");
    sel.value = names.includes(current) ? current : "";
  } catch (e) { /* servers without channels: keep "all messages" */ }
}

// Orders messages oldest first; with threads on, replies follow their root (by parent/thread key).
function arrange(messages, threaded) {
  const sorted = messages.slice().sort((a, b) => (a.filename < b.filename ? -1 : 1));
  if (!threaded) return sorted.map((m) => ({ m, reply: false }));
  const byName = new Map(sorted.map((m) => [m.filename, m]));
  const rootOf = (m) => {
    const fm = m.frontmatter || {};
    if (fm.thread && byName.has(fm.thread)) return fm.thread;
    let r = m, p = fm.parent, seen = 0;
    while (p && byName.has(p) && seen++ < 50) { r = byName.get(p); p = (r.frontmatter || {}).parent; }
    return r.filename;
  };
  const groups = new Map();
  for (const m of sorted) {
    const root = rootOf(m);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(m);
  }
  const out = [];
  for (const [root, ms] of groups) for (const m of ms) out.push({ m, reply: m.filename !== root });
  return out;
}

async function loadMessages() {
  const channel = $("channel").value;
  const path = channel ? "/v1/channels/" + encodeURIComponent(channel) + "?expand=true&limit=100"
    : "/v1/messages?expand=true&limit=100";
  const items = (await api(path)).items || [];
  const rows = arrange(items, $("threaded").checked);
  const signature = channel + "|" + $("threaded").checked + "|" + $("viewas").value + "|" + rows.map((r) => r.m.filename).join(",");
  if (signature === state.lastSignature) return;
  state.lastSignature = signature;
  const list = $("messages");
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.innerHTML = rows.map(({ m, reply }) => {
    const fm = m.frontmatter || {};
    const cls = [reply ? "reply" : "", fm.broadcast ? "broadcast" : ""].join(" ").trim();
    return '<li data-filename="' + escapeHtml(m.filename) + '"' + (cls ? ' class="' + cls + '"' : "") + ">" +
      '<div class="meta"><span class="author">' + escapeHtml(fm.agent || "") + "</span> " + escapeHtml(fmtTime(m.filename)) +
      (fm.channel ? '<span class="tag">#' + escapeHtml(fm.channel) + "</span>" : "") +
      (fm.type && fm.type !== "agent" ? '<span class="tag">' + escapeHtml(fm.type) + "</span>" : "") +
      '<button type="button" data-reply="' + escapeHtml(m.filename) + '">reply</button></div>' +
      '<div class="body">' + renderBody(m.body || "") + "</div></li>";
  }).join("");
  if (atBottom) list.scrollTop = list.scrollHeight;
}

async function post(event) {
  event.preventDefault();
  $("compose-error").textContent = "";
  const payload = { agent_id: $("author").value.trim(), body: $("body").value };
  if ($("compose-channel").value.trim()) payload.channel = $("compose-channel").value.trim();
  if ($("parent").value.trim()) payload.parent = $("parent").value.trim();
  const headers = { "Content-Type": "application/json" };
  if ($("token").value.trim()) headers.Authorization = "Bearer " + $("token").value.trim();
  try {
    await api("/v1/messages", { method: "POST", headers, body: JSON.stringify(payload) });
    $("body").value = "";
    $("parent").value = "";
    await refresh();
  } catch (e) { $("compose-error").textContent = e.code + ": " + e.message; }
}

async function refresh() {
  try {
    const results = await loadResults();
    await Promise.all([loadLeaderboard(results || new Map()), loadChart(results), loadChannels(), loadTraces()]);
    await loadMessages();
    setStatus("updated " + new Date().toLocaleTimeString());
  } catch (e) { setStatus("error: " + e.message); }
}

$("messages").addEventListener("click", (e) => {
  const f = e.target.getAttribute && e.target.getAttribute("data-reply");
  if (f) { $("parent").value = f; $("body").focus(); }
});
$("channel").addEventListener("change", () => { state.lastSignature = ""; loadMessages(); });
$("threaded").addEventListener("change", () => { state.lastSignature = ""; loadMessages(); });
$("viewas").addEventListener("change", () => { localStorage.setItem("viewas", $("viewas").value); state.lastSignature = ""; loadMessages(); });
$("compose").addEventListener("submit", post);
$("viewas").value = localStorage.getItem("viewas") || "";

loadDescription().then(refresh);
setInterval(refresh, REFRESH_MS);
