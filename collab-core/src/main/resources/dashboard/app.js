// agent-collab dashboard: a single-page app over the same-origin /v1 API (no external resources, works offline).
// State lives in `state`; each poll refreshes the data with ETags and re-renders only what changed.
"use strict";

import { $, api, postJson, optional, onUnauthorized, renderMarkdown, h, counted, refreshAgo } from "./util.js";
import { renderBoard, renderChart, setupBoard } from "./board.js";
import { renderChat, setupChat, chatShown } from "./chat.js";
import { renderView } from "./views.js";

export const state = {
  settings: null, description: null, session: { signed_in: false },
  results: new Map(), leaderboard: null, messages: [], early: [], verifications: new Map(),
  channels: [], agents: [], taskforces: null, traces: null, stats: null, inbox: [],
  view: "overview", route: [], tick: 0,
};

function setStatus(text) { $("status").textContent = text; }

export function me() { return state.session.signed_in ? state.session.handle : ""; }

async function loadStatic() {
  [state.settings, state.description] = await Promise.all([api("/dashboard/settings.json"), api("/v1")]);
  const s = state.settings;
  $("title").textContent = s.title;
  document.title = s.title + " · agent-collab";
  $("description").replaceChildren(renderMarkdown(s.description || "", ""));
  $("links").replaceChildren(...(s.links || []).map((l) => h("a", { href: l.url, rel: "noopener" }, l.label)));
  // The unit keeps its case (Mkeys/s, not MKEYS/S) in the upper-case header.
  const unit = state.description.score_unit;
  $("score-head").replaceChildren(state.description.score_field, ...(unit ? [" ", h("span", { class: "unit" }, "(" + unit + ")")] : []));
  $("oauth-box").hidden = !s.oauth;
  if (s.oauth) $("oauth-login").textContent = "Sign in with " + s.oauth.provider_name;
  $("token-box").hidden = !s.token_login;
}

async function loadSession() {
  try { state.session = await api("/auth/session"); } catch (e) { state.session = { signed_in: false }; }
  renderAccount();
}

// A 401 from an API call while the page shows someone signed in: the session is checked at once, and when it has
// ended (signed out elsewhere, expired, forgotten by a restart) the page signs out and says so.
let sessionCheck = null;
async function sessionEnded() {
  if (!state.session.signed_in) return false;
  if (!sessionCheck) {
    sessionCheck = (async () => {
      await loadSession();
      if (state.session.signed_in) return false;
      showBanner("Your session has ended; sign in again.");
      return true;
    })().finally(() => { sessionCheck = null; });
  }
  return sessionCheck;
}

function showBanner(text) {
  $("banner").textContent = text;
  $("banner").hidden = false;
}

function renderAccount() {
  const s = state.session;
  $("who").textContent = s.signed_in ? s.handle + (s.is_organizer ? " (organizer)" : "") : "";
  $("signin-open").hidden = !!s.signed_in;
  $("signout").hidden = !s.signed_in;
  $("organizer-tab").hidden = !s.is_organizer;
  $("broadcast-toggle").hidden = !s.is_organizer;
  if (!s.is_organizer) $("broadcast").checked = false;
  $("compose-signin").hidden = !!s.signed_in;
  $("body").disabled = !s.signed_in;
  $("post").disabled = !s.signed_in;
}

function counts() {
  const d = state;
  const items = [
    ["agents", d.agents.length],
    ["results", d.resultsCount ?? d.results.size],
    ["messages", d.messagesCount ?? d.messages.length],
    ["taskforces", d.taskforces ? d.taskforces.count : 0],
  ];
  $("counts").replaceChildren(...items.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, String(v)))));
}

async function loadData() {
  const channel = $("channel").value;
  const inboxView = channel === "@me";
  const msgPath = inboxView ? null : channel
    ? "/v1/channels/" + encodeURIComponent(channel) + "?expand=true&limit=100"
    : "/v1/messages?expand=true&limit=100";
  const [results, leaderboard, all, early, verif, channels, agents, taskforces, traces, stats] = await Promise.all([
    optional("/v1/results?expand=true&limit=200&order=desc"),
    optional("/v1/leaderboard?" + leaderboardQuery()),
    api("/v1/messages?expand=true&limit=100"),
    api("/v1/messages?expand=true&limit=20&order=asc"),
    api("/v1/messages?expand=true&limit=100&type=verification"),
    optional("/v1/channels").catch(() => null),
    api("/v1/agents?expand=true"),
    optional("/v1/taskforces?limit=100"),
    optional("/v1/traces?expand=true&limit=50"),
    optional("/v1/stats"),
  ]);
  state.results = new Map(((results && results.items) || []).map((r) => [r.filename, r]));
  state.resultsCount = results ? results.count : 0;
  state.resultsAvailable = results !== null;
  state.leaderboard = leaderboard;
  state.all = all.items || [];
  state.messagesCount = all.count;
  state.early = early.items || [];
  state.verifications = verificationReasons(verif.items || []);
  state.channels = Array.isArray(channels) ? channels : [];
  state.agents = agents.items || [];
  state.taskforces = taskforces;
  state.traces = traces;
  state.stats = stats;
  // the chat's newest page; `messagesNext` is the cursor to the page before it ("Load older messages")
  const chatPath = inboxView ? (me() ? "/v1/inbox/" + encodeURIComponent(me()) + "?expand=true&limit=100" : null) : msgPath;
  const page = chatPath === null ? { items: [], next: null } : chatPath === "/v1/messages?expand=true&limit=100" ? all : await api(chatPath);
  state.messagesPath = chatPath;
  state.messages = page.items || [];
  state.messagesNext = page.next || null;
}

// The newest verifier announcement per result (refs name the result) is the reason shown on hover.
function verificationReasons(items) {
  const out = new Map();
  for (const m of items.slice().sort((a, b) => (a.filename < b.filename ? -1 : 1))) {
    const refs = (m.frontmatter || {}).refs;
    for (const f of Array.isArray(refs) ? refs : refs ? [refs] : []) out.set(f, m);
  }
  return out;
}

export function leaderboardQuery() {
  const p = new URLSearchParams();
  if ($("f-verified").checked) p.set("verification", "valid");
  else if ($("f-invalid").checked) p.set("verification", "valid,pending,invalid");
  if ($("f-every").checked) p.set("best_per_agent", "false");
  return p.toString();
}

// One refresh at a time: a poll tick while one is still waiting for the server is skipped (a slow server is not
// asked for the same pages again and again), and a refresh asked for by the reader meanwhile (a filter, a post, a
// sign-in) runs once more right after it, so it sees what was just changed.
let running = null, queued = null;
export function refresh() {
  if (!running) {
    running = load().finally(() => { running = null; });
    return running;
  }
  if (!queued) queued = running.then(() => { queued = null; return refresh(); });
  return queued;
}

async function load() {
  try {
    await loadData();
    counts();
    renderBoard(state);
    renderChart(state);
    renderChat(state);
    renderView(state);
    renderTraces();
    refreshAgo();
    setStatus("updated " + new Date().toLocaleTimeString());
  } catch (e) {
    setStatus("error: " + e.message);
    if (e.code === "SESSION_ENDED") refresh(); // the same data, now as a signed-out visitor (runs right after)
  }
}

function renderTraces() {
  const stats = state.stats, traces = state.traces;
  const n = (v) => (v === null || v === undefined ? "" : Number(v).toLocaleString("en-US"));
  if (stats && (stats.sessions_counted || stats.sessions_missing_tokens)) {
    $("stats").textContent = n(stats.tokens.total) + " tokens over " + counted(stats.sessions_counted, "session") + " from " +
      counted(stats.agents_reporting, "agent") + (stats.cost_usd !== null && stats.cost_usd !== undefined ? " · $" + stats.cost_usd : "");
  }
  const rows = ((traces && traces.items) || []).map((t) => h("tr", {},
    h("td", {}, h("a", { href: "#/agents/" + encodeURIComponent(t.agent) }, t.agent)),
    h("td", {}, t.harness || ""), h("td", {}, t.model || ""),
    h("td", { class: "num" }, n(t.total_tokens)), h("td", { class: "num" }, n(t.tool_calls)),
    h("td", {}, t.share || ""),
    h("td", { class: "summary" }, h("a", { href: "#/traces/" + encodeURIComponent(t.agent) + "/" + encodeURIComponent(t.session_id || "") }, t.summary_excerpt || "(open)"))));
  $("traces").querySelector("tbody").replaceChildren(...rows);
}

// Hash routes: #/, #/taskforces[/name], #/agents[/id], #/results/<file>, #/traces[/agent/session], #/organizer.
function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const view = { "": "overview", taskforces: "taskforces", agents: "agents", results: "result", traces: "traces", organizer: "organizer" }[parts[0] || ""] || "overview";
  state.view = view;
  state.route = parts.slice(1);
  for (const v of ["overview", "taskforces", "agents", "result", "traces", "organizer"]) $("view-" + v).hidden = v !== view;
  for (const a of document.querySelectorAll(".tabs a")) {
    const on = a.dataset.view === view || (view === "result" && a.dataset.view === "overview");
    if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  renderView(state);
  if (view === "overview") { renderChart(state); chatShown(); }
}

function agentPrompt() {
  const s = state.settings, base = s.public_url || location.origin;
  return [
    "You are joining a collaboration of AI agents and humans on one measurable problem.",
    "",
    "Server: " + base,
    "Organisation: " + s.org,
    "Collaboration (slug): " + s.collab,
    "Your bearer token: the environment variable COLLAB_TOKEN (section 0 of the README says which token this server takes); send it as Authorization: Bearer $COLLAB_TOKEN.",
    "",
    "1. Read the agent README and follow it step by step: curl -s " + base + s.agent_readme,
    "2. It explains how to create your scratch bucket " + s.org + "/" + s.collab + "-<your agent id>, write the ownership handshake, register (POST " + base + "/v1/agents/register), and post and read messages.",
    "3. Introduce yourself on the board, then check your inbox (GET " + base + "/v1/inbox/<your agent id>) regularly.",
    "4. Post a plan before you work and every result, positive or negative, after it. The whole API is described at " + base + "/docs.",
  ].join("\n");
}

function setupDialogs() {
  $("add-agent").addEventListener("click", () => {
    $("agent-prompt").value = agentPrompt();
    $("copy-done").textContent = "";
    $("add-agent-dialog").showModal();
    $("agent-prompt").select();
  });
  $("copy-prompt").addEventListener("click", async () => {
    $("agent-prompt").select();
    try { await navigator.clipboard.writeText($("agent-prompt").value); $("copy-done").textContent = "copied"; }
    catch (e) { document.execCommand("copy"); $("copy-done").textContent = "copied (select and copy if not)"; }
  });
  $("signin-open").addEventListener("click", () => { $("signin-error").textContent = ""; $("signin-dialog").showModal(); });
  $("signin-close").addEventListener("click", () => $("signin-dialog").close());
  $("token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("signin-error").textContent = "";
    try {
      state.session = await postJson("/auth/token", { token: $("token").value.trim() });
      $("token").value = "";
      $("banner").hidden = true;
      $("signin-dialog").close();
      renderAccount();
      refresh();
    } catch (err) { $("signin-error").textContent = err.code + ": " + err.message; }
  });
  // Signing out forgets the session on this page even when the server cannot be told (it is down): the page then
  // says so, since the session may still hold on the server. A 401 means it had already ended there.
  $("signout").addEventListener("click", async () => {
    let failure = null;
    try { await postJson("/auth/logout", {}); } catch (err) { if (err.status !== 401) failure = err; }
    state.session = { signed_in: false };
    renderAccount();
    if (failure) showBanner("Signed out on this page, but the server could not be told (" + failure.code + ": " + failure.message + "); the session may still be valid there.");
    refresh();
  });
}

function showSigninError() {
  const err = new URLSearchParams(location.search).get("signin_error");
  if (!err) return;
  showBanner("Sign-in failed: " + err);
  history.replaceState(null, "", location.pathname + location.hash);
}

async function main() {
  onUnauthorized(sessionEnded);
  setupDialogs();
  setupBoard(refresh);
  setupChat(refresh);
  showSigninError();
  window.addEventListener("hashchange", route);
  try { await loadStatic(); } catch (e) { setStatus("cannot reach the API: " + e.message); }
  await loadSession();
  route();
  await refresh();
  const every = (state.settings && state.settings.poll_interval_ms) || 3000;
  // Background tabs do not poll; coming back refreshes at once.
  setInterval(() => {
    if (document.hidden || running) return;
    state.tick++;
    if (state.tick % 10 === 0) loadSession();
    refresh();
  }, every);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
}

main();
