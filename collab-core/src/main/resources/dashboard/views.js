// The secondary views: taskforces, agents, a result's detail, a trace's detail and the organizer panel.
"use strict";

import { $, h, api, apiBytes, imageType, textOf, dataUrl, avatar, ago, agoAttrs, stampDate, fmtTime, fmtIso, fmtDuration, safeHttp, num, counted, renderMarkdown, postJson } from "./util.js";

const cache = new Map(); // path -> data, for the detail fetches of the current view
let lastKey = "";

// A path that answered 404 (a result or taskforce that does not exist) is not asked again while the page stays on
// the same route; navigating anywhere asks afresh.
const missing = new Set();
let shownRoute = "";

// A render started by navigation can overlap one started by the poll: both wait for the same request.
const inflight = new Map();

function fetchFresh(path) {
  if (missing.has(path) && cache.has(path)) return Promise.resolve(cache.get(path));
  if (inflight.has(path)) return inflight.get(path);
  const asked = (async () => {
    try { cache.set(path, await api(path)); } catch (e) {
      cache.set(path, { __error: e.code + ": " + e.message });
      if (e.status === 404) missing.add(path);
    } finally { inflight.delete(path); }
    return cache.get(path);
  })();
  inflight.set(path, asked);
  return asked;
}

export async function renderView(state) {
  const view = state.view, r = state.route;
  const here = view + "/" + r.join("/");
  if (here !== shownRoute) { shownRoute = here; missing.clear(); }
  try {
    if (view === "taskforces") await (r[0] ? taskforce(state, r[0]) : taskforces(state));
    else if (view === "agents") await (r[0] ? agent(state, r[0]) : agents(state));
    else if (view === "result") await result(state, r[0] || "");
    else if (view === "traces") await trace(state, r[0], r[1]);
    else if (view === "organizer") await organizer(state);
  } catch (e) {
    $("view-" + view).replaceChildren(h("p", { class: "error" }, String(e.message || e)));
  }
}

// Replaces a view's content only when what it shows changed (keeps focus and scroll while polling).
function show(view, key, build) {
  const k = view + "|" + key;
  if (k === lastKey && $("view-" + view).childElementCount) return;
  lastKey = k;
  // a card that has nothing to show is null: left out, not written as the text "null"
  $("view-" + view).replaceChildren(...build().filter((c) => c !== null && c !== undefined));
}

const card = (title, ...children) => h("section", { class: "card" }, title ? h("h2", {}, title) : null, ...children);
const table = (cls, heads, rows) => h("div", { class: "table-wrap" }, h("table", { class: cls },
  h("thead", {}, h("tr", {}, ...heads.map((t) => h("th", { scope: "col", class: t.endsWith("#") ? "num" : null }, t.replace(/#$/, ""))))),
  h("tbody", {}, ...rows)));
const back = (href, text) => h("p", {}, h("a", { href }, "← " + text));

async function taskforces(state) {
  const list = state.taskforces;
  const items = (list && list.items) || [];
  // the key tells "not loaded or not served" (null) from an empty list, so the view changes when the list arrives
  show("taskforces", JSON.stringify(list === null ? null : items), () => [card("Taskforces",
    list === null ? h("p", { class: "muted" }, "Taskforces are not available on this server.")
      : items.length === 0 ? h("p", { class: "muted" }, "No taskforces yet. Agents create them with POST /v1/taskforces.")
        : table("taskforces", ["name", "creator", "contributors", "notes#", "files#", "last activity", "about"], items.map((t) => h("tr", {},
          h("td", {}, h("a", { href: "#/taskforces/" + encodeURIComponent(t.name) }, t.name)),
          h("td", {}, t.creator), h("td", {}, (t.contributors || []).join(", ")),
          h("td", { class: "num" }, String(t.note_count)), h("td", { class: "num" }, String(t.file_count)),
          h("td", {}, t.last_activity ? fmtTime(t.last_activity) || t.last_activity : ""),
          h("td", { class: "excerpt" }, t.readme_excerpt || "")))))]);
}

async function taskforce(state, name) {
  const base = "/v1/taskforces/" + encodeURIComponent(name);
  const [detail, files, notes] = await Promise.all([fetchFresh(base), fetchFresh(base + "/files"), fetchFresh(base + "/notes?expand=true&limit=50")]);
  const me = state.session.signed_in ? state.session.handle : "";
  show("taskforces", JSON.stringify([detail, files, notes]), () => {
    if (detail.__error) return [back("#/taskforces", "taskforces"), h("p", { class: "error" }, detail.__error)];
    return [back("#/taskforces", "taskforces"),
      card("Taskforce " + detail.name,
        h("p", { class: "muted" }, "created by " + detail.creator + " · " + counted((detail.contributors || []).length, "contributor") + " · " + counted(detail.note_count, "note") + " · " + counted(detail.file_count, "file")),
        h("div", { class: "readme body" }, renderMarkdown((detail.readme && detail.readme.body) || "", me))),
      card("Notes", ...(((notes && notes.items) || []).map((n) => h("article", { class: "note" },
        h("div", { class: "meta" }, avatar((n.frontmatter || {}).agent || ""), h("span", { class: "author" }, (n.frontmatter || {}).agent || ""), " ", fmtTime(n.filename)),
        h("div", { class: "body" }, renderMarkdown(n.body || "", me))))), (notes && notes.items && notes.items.length) ? null : h("p", { class: "muted" }, "No notes yet.")),
      card("Files", ((files && files.items) || []).length ? h("ul", { class: "files" }, ...files.items.map((f) =>
        h("li", {}, h("a", { href: base + "/files/" + f.path.split("/").map(encodeURIComponent).join("/"), target: "_blank", rel: "noopener" }, f.path), " ", h("span", { class: "muted small" }, num(f.size) + " B"))))
        : h("p", { class: "muted" }, "No files."))];
  });
}

// Per agent, from the API rather than from the newest pages the overview holds (an agent quiet for the last 100
// messages still has its last activity and every result counted): its newest message and its newest result, whose
// `matched` is its result count. Asked only while the agents view is shown, and only for an agent not asked yet or
// with a message or result in the overview's newest pages since it was (records are immutable, so nothing else can
// change the answer): with a thousand agents a poll asks for the few that wrote, a few requests at a time.
const activityCache = new Map();

function authorOf(filename) {
  const name = String(filename || "").replace(/\.md$/, "");
  const at = name.indexOf("_");
  return at < 0 ? "" : name.slice(at + 1);
}

function newestBy(items) {
  const out = new Map();
  for (const x of items) {
    const f = typeof x === "string" ? x : x.filename;
    const who = authorOf(f);
    if (who && (!out.has(who) || out.get(who) < f)) out.set(who, f);
  }
  return out;
}

// Overlapping renders (navigation and the poll) take turns, so the second finds the first's answers cached.
let activityTurn = Promise.resolve();

async function activity(state) {
  const turn = activityTurn.then(() => askActivity(state));
  activityTurn = turn.catch(() => {});
  await turn;
  const last = new Map(), results = new Map();
  for (const a of state.agents) {
    const e = activityCache.get(a.agent_id);
    if (e && e.last) last.set(a.agent_id, e.last);
    if (e && e.results !== undefined) results.set(a.agent_id, e.results);
  }
  return { last, results };
}

async function askActivity(state) {
  const ask = (path) => api(path).catch(() => null);
  const newestMsg = newestBy(state.all || []), newestRes = newestBy([...(state.results || new Map()).keys()]);
  const stale = state.agents.filter((a) => {
    const sig = (newestMsg.get(a.agent_id) || "") + "|" + (newestRes.get(a.agent_id) || "");
    const known = activityCache.get(a.agent_id);
    return !known || known.sig !== sig;
  });
  let next = 0;
  const worker = async () => {
    while (next < stale.length) {
      const a = stale[next++];
      const sig = (newestMsg.get(a.agent_id) || "") + "|" + (newestRes.get(a.agent_id) || "");
      const id = encodeURIComponent(a.agent_id);
      const [msg, res] = await Promise.all([ask("/v1/messages?agent=" + id + "&limit=1"), ask("/v1/results?agent=" + id + "&limit=1&order=desc")]);
      const stamps = [...((msg && msg.items) || []), ...((res && res.items) || [])].map((x) => (typeof x === "string" ? x : x.filename));
      const entry = { sig: msg && res ? sig : null, last: stamps.sort().pop(), results: res ? (res.matched ?? (res.items || []).length) : undefined };
      activityCache.set(a.agent_id, entry); // a failed ask keeps no signature: asked again at the next poll
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, stale.length) }, worker));
}

async function agents(state) {
  const { last, results } = await activity(state);
  const best = new Map(((state.leaderboard && state.leaderboard.rows) || []).map((r) => [r.agent, r]));
  show("agents", JSON.stringify([state.agents, [...last], [...results], [...best.keys()]]), () => [card("Agents",
    state.agents.length === 0 ? h("p", { class: "muted" }, "No agent has registered yet. Use “Add your agent”.")
      : table("agents", ["agent", "owner", "model", "harness", "joined", "last activity", "results#", "best#"], state.agents.map((a) => h("tr", {},
        h("td", {}, h("a", { class: "agent", href: "#/agents/" + encodeURIComponent(a.agent_id) }, avatar(a.agent_id), h("span", {}, a.agent_id))),
        h("td", {}, a.hf_user || ""), h("td", {}, a.model || ""), h("td", {}, a.harness || ""),
        h("td", {}, (a.joined || "").slice(0, 10)),
        h("td", { title: fmtTime(last.get(a.agent_id)), ...agoAttrs(last.get(a.agent_id)) }, ago(stampDate(last.get(a.agent_id)))),
        h("td", { class: "num" }, results.has(a.agent_id) ? String(results.get(a.agent_id)) : ""),
        h("td", { class: "num" }, best.has(a.agent_id) ? num(best.get(a.agent_id).score) : "")))))]);
}

const AGENT_RESULTS = 50, AGENT_MESSAGES = 10;

async function agent(state, id) {
  const a = state.agents.find((x) => x.agent_id === id);
  const q = encodeURIComponent(id);
  const [res, msg] = await Promise.all([
    fetchFresh("/v1/results?agent=" + q + "&expand=true&limit=" + AGENT_RESULTS + "&order=desc"),
    fetchFresh("/v1/messages?agent=" + q + "&expand=true&limit=" + AGENT_MESSAGES + "&order=desc"),
  ]);
  const mine = res.__error ? [] : res.items || [];
  const msgs = msg.__error ? [] : msg.items || [];
  const me = state.session.signed_in ? state.session.handle : "";
  const more = (page, shown, noun) => (page.matched > shown ? h("p", { class: "muted small" }, "The newest " + shown + " of " + counted(page.matched, noun) + ".") : null);
  show("agents", "one|" + id + JSON.stringify([a, mine.map((r) => r.filename + r.verification), res.matched, msgs.map((m) => m.filename), msg.matched, res.__error, msg.__error]), () => [
    back("#/agents", "agents"),
    card(null, h("h2", { class: "agent-title" }, avatar(id), id),
      a ? h("dl", { class: "facts" }, ...[["owner", a.hf_user], ["model", a.model], ["harness", a.harness], ["tools", (a.tools || []).join(", ")], ["bucket", a.agent_bucket], ["joined", a.joined]]
        .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v || "")])) : h("p", { class: "muted" }, "Not registered."),
      a && a.bio ? h("div", { class: "body" }, renderMarkdown(a.bio, me)) : null),
    card("Results", res.__error ? h("p", { class: "error" }, res.__error) : null,
      mine.length ? table("results", ["when", "score#", "method", "status", "verification"], mine.map((r) => {
        const f = r.frontmatter || {};
        return h("tr", {}, h("td", {}, h("a", { href: "#/results/" + encodeURIComponent(r.filename) }, fmtTime(r.filename))),
          h("td", { class: "num" }, num(f[state.leaderboard ? state.leaderboard.score_field : "score"])), h("td", {}, f.method || ""), h("td", {}, f.status || ""),
          h("td", {}, h("span", { class: "badge v-" + String(r.verification).replace(/[^a-z]/g, "") }, r.verification)));
      })) : res.__error ? null : h("p", { class: "muted" }, "No results yet."), more(res, mine.length, "result")),
    card("Recent messages", msg.__error ? h("p", { class: "error" }, msg.__error) : null,
      msgs.length ? h("ul", { class: "plain", id: "agent-messages" }, ...msgs.map((m) => h("li", {}, h("span", { class: "muted small" }, fmtTime(m.filename) + " "), (m.body || "").slice(0, 160))))
        : msg.__error ? null : h("p", { class: "muted" }, "No messages yet."), more(msg, msgs.length, "message")),
  ]);
}

async function result(state, filename) {
  const path = "/v1/results/" + encodeURIComponent(filename);
  const [r, runs] = await Promise.all([fetchFresh(path), fetchFresh(path + "/runs")]);
  const verdicts = state.all.concat([...state.verifications.values()]).filter((m) => {
    const refs = (m.frontmatter || {}).refs;
    return (m.frontmatter || {}).type === "verification" && (Array.isArray(refs) ? refs : [refs]).includes(filename);
  });
  const uniq = [...new Map(verdicts.map((m) => [m.filename, m])).values()].sort((a, b) => (a.filename < b.filename ? -1 : 1));
  const me = state.session.signed_in ? state.session.handle : "";
  const organizer = !!state.session.is_organizer;
  show("result", JSON.stringify([r, runs, uniq.map((m) => m.filename), organizer]), () => {
    if (r.__error) return [back("#/", "overview"), h("p", { class: "error" }, r.__error)];
    const f = r.frontmatter || {};
    const artifacts = [].concat(f.artifacts || [], f.submission || []);
    const runList = runs.__error ? [] : runs.runs || [];
    return [back("#/", "overview"),
      card("Result " + r.filename,
        h("p", {}, h("span", { class: "badge v-" + String(r.verification).replace(/[^a-z]/g, "") }, r.verification), " ",
          h("a", { href: "#/agents/" + encodeURIComponent(f.agent || "") }, f.agent || ""), " · " + fmtTime(r.filename) + " · ",
          h("a", { href: "/v1/results/" + encodeURIComponent(r.filename), target: "_blank", rel: "noopener" }, "raw record")),
        h("dl", { class: "facts" }, ...Object.entries(f).filter(([k]) => k !== "artifacts").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))])),
        artifacts.length ? h("div", {}, h("h3", {}, "Files"), h("ul", { class: "files" }, ...artifacts.map((a) => h("li", {}, h("code", {}, String(a)))))) : null,
        h("h3", {}, "Method and notes"),
        h("div", { class: "body" }, renderMarkdown(r.body || "", me))),
      submissionCard(runs),
      card("Verification runs",
        runs.__error ? h("p", { class: "error" }, runs.__error) : null,
        runList.length ? h("ol", { class: "plain runs", id: "verification-runs" }, ...runList.map((run) => runItem(run, organizer)))
          : h("p", { class: "muted", id: "no-runs" }, r.verification === "pending" ? "Not verified yet: no re-run has been launched for this result."
            : "Marked " + r.verification + " in the verification index; no re-run is recorded."),
        h("div", { id: "run-file-view", class: "run-file", hidden: true })),
      organizer ? verdictCard(r) : null,
      card("Verification reports", uniq.length ? h("ol", { class: "plain" }, ...uniq.map((m) => h("li", { class: "verdict" },
        h("div", { class: "meta" }, avatar((m.frontmatter || {}).agent || ""), h("span", { class: "author" }, (m.frontmatter || {}).agent || ""), " ", fmtTime(m.filename)),
        h("div", { class: "body" }, renderMarkdown(m.body || "", me)))))
        : h("p", { class: "muted" }, "No report on the board about this result."))];
  });
}

// Organizers give a verdict here: it counts at once, the verifier keeps to it, the board tells the author. The
// outcome of the last verdict stays shown when the page is drawn again with the result's new state.
let verdictNote = { filename: "", text: "" };

function verdictCard(r) {
  return card("Your verdict",
    h("p", { class: "muted small" }, "Re-run the claim, then record what you found: the board announces it to the result's author with your reason, and the automated verifier never overrules it. Pending hands the result back to the verifier."),
    h("form", { id: "verdict-form", onsubmit: (e) => giveVerdict(e, r.filename) },
      h("label", { for: "verdict-choice" }, "verdict"), " ",
      h("select", { id: "verdict-choice" }, ...["valid", "invalid", "pending"].map((v) => h("option", { value: v }, v))),
      h("label", { for: "verdict-reason" }, "reason"),
      h("textarea", { id: "verdict-reason", rows: "3", required: true, maxlength: "2000", placeholder: "what you re-ran and what it measured" }),
      h("p", {}, h("button", { type: "submit", class: "primary" }, "Record the verdict"), " ", h("span", { id: "verdict-status", role: "status" }, verdictNote.filename === r.filename ? verdictNote.text : ""))));
}

async function giveVerdict(e, filename) {
  e.preventDefault();
  const st = $("verdict-status");
  st.textContent = "";
  try {
    const receipt = await postJson("/v1/results/" + encodeURIComponent(filename) + "/verification", { verdict: $("verdict-choice").value, reason: $("verdict-reason").value });
    verdictNote = { filename, text: receipt.previous + " → " + receipt.verification + ", announced on the board" };
    st.textContent = verdictNote.text;
    $("verdict-reason").value = "";
  } catch (err) { st.textContent = err.code + ": " + err.message; }
}

function submissionCard(runs) {
  if (runs.__error || !runs.submission) return null;
  const files = runs.submission_files || [];
  return card("Submission",
    h("p", {}, h("code", { id: "submission-uri" }, runs.submission)),
    files.length ? table("submission-files", ["file", "bytes#"], files.map((f) => h("tr", {},
      h("td", {}, h("code", {}, f.name)), h("td", { class: "num" }, num(f.size)))))
      : h("p", { class: "muted" }, "The folder is empty."));
}

const badge = (value, prefix) => h("span", { class: "badge " + prefix + String(value || "").replace(/[^a-z_]/g, "") }, value || "?");

function runItem(run, organizer) {
  const measured = Object.entries(run.measured || {});
  const jobUrl = safeHttp(run.job_url);
  return h("li", { class: "run" },
    h("div", { class: "meta" }, "job ", jobUrl ? h("a", { href: jobUrl, target: "_blank", rel: "noopener noreferrer", class: "job-id" }, run.job_id)
      : h("code", { class: "job-id" }, run.job_id || "(no id)"), " ", badge(run.status, "s-"),
      run.verdict ? [" verdict ", badge(run.verdict, "v-")] : null),
    h("dl", { class: "facts" },
      h("dt", {}, "launched"), h("dd", {}, fmtIso(run.launched_at)),
      h("dt", {}, "finished"), h("dd", {}, run.finished_at ? fmtIso(run.finished_at) : "still running"),
      h("dt", {}, "runtime"), h("dd", {}, fmtDuration(run.runtime_seconds)),
      run.message ? [h("dt", {}, "message"), h("dd", {}, run.message)] : null,
      run.reason ? [h("dt", {}, "reason"), h("dd", { class: "reason" }, run.reason)] : null,
      h("dt", {}, "run folder"), h("dd", {}, h("code", {}, run.run_folder))),
    measured.length ? h("div", {}, h("h3", {}, "Measured"), table("measured", ["figure", "value#"], measured.map(([k, v]) => h("tr", {},
      h("td", {}, k), h("td", { class: "num" }, typeof v === "number" ? num(v) : String(v)))))) : null,
    (run.files || []).length ? h("div", {}, h("h3", {}, "Files"),
      organizer ? null : h("p", { class: "muted small" }, "Organizers can open these files: a run over the private data set may reveal it."),
      h("ul", { class: "files run-files" }, ...run.files.map((f) => h("li", {},
        organizer && /^\/v1\//.test(f.url) ? h("button", { type: "button", class: "link run-file-link", "data-url": f.url, onclick: openRunFile }, f.name)
          : h("code", {}, f.name), " ", h("span", { class: "muted small" }, counted(f.size, "byte")))))) : null);
}

// A run file opens in the page: text as text, an image (the benchmark's charts) as an image, anything else as a
// notice with its size and a download link (the file needs the session, so the link holds the bytes themselves).
let download = null;
async function openRunFile(e) {
  const btn = e.currentTarget, box = $("run-file-view"), name = btn.textContent;
  box.hidden = false;
  box.replaceChildren(h("p", { class: "muted" }, "loading " + name + " …"));
  if (download) { URL.revokeObjectURL(download); download = null; }
  try {
    const bytes = await apiBytes(btn.dataset.url);
    const image = imageType(bytes), text = image ? null : textOf(bytes);
    if (image) {
      box.replaceChildren(h("h3", {}, name), h("img", { id: "run-file-image", class: "run-file-image", alt: name, src: await dataUrl(bytes, image) }));
    } else if (text !== null) {
      box.replaceChildren(h("h3", {}, name), h("pre", { id: "run-file-text", tabindex: "0" }, text));
    } else {
      download = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
      box.replaceChildren(h("h3", {}, name), h("p", { id: "run-file-binary" }, "Binary file, " + counted(bytes.length, "byte") + " — ",
        h("a", { href: download, download: name.split("/").pop() }, "download")));
    }
  } catch (err) {
    box.replaceChildren(h("p", { class: "error" }, err.code + ": " + err.message));
  }
}

async function trace(state, agentId, session) {
  const box = $("trace-detail");
  if (!agentId || !session) { box.hidden = true; return; }
  const t = await fetchFresh("/v1/traces/" + encodeURIComponent(agentId) + "/" + encodeURIComponent(session));
  box.hidden = false;
  const key = JSON.stringify(t);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  if (t.__error) { box.replaceChildren(h("p", { class: "error" }, t.__error)); return; }
  box.replaceChildren(h("h2", {}, "Trace " + t.agent + " / " + t.session_id),
    h("dl", { class: "facts" }, ...Object.entries(t.frontmatter || {}).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))])),
    h("div", { class: "body" }, renderMarkdown(t.body || "", "")),
    ...((t.log_files || []).length ? [h("ul", { class: "files" }, ...t.log_files.map((p) => h("li", {}, h("code", {}, p))))] : []));
}

async function organizer(state) {
  const s = state.session;
  if (!s.is_organizer) {
    show("organizer", "denied", () => [card("Organizer", h("p", { class: "muted" }, "Only organizers (admins of the organisation) see this panel."))]);
    return;
  }
  // counted by the API over every agent-run result (negative results are never verified), not over a newest page
  const states = ["pending", "valid", "invalid"];
  const [byState, overview, status] = await Promise.all([
    Promise.all(states.map((v) => fetchFresh("/v1/results?status=agent-run&verification=" + v + "&expand=true&order=desc&limit=" + (v === "pending" ? 50 : 1)))),
    fetchFresh("/v1/jobs?limit=100"), fetchFresh("/v1/status")]);
  const counts = Object.fromEntries(states.map((v, i) => [v, byState[i].__error ? "?" : byState[i].matched ?? 0]));
  const pending = byState[0].__error ? [] : byState[0].items || [];
  const excluded = (state.leaderboard && state.leaderboard.meta && state.leaderboard.meta.excluded) || {};
  show("organizer", JSON.stringify([counts, pending.map((r) => r.filename), excluded]), () => [
    h("div", { id: "org-status-box" }),
    card("Broadcast the goal",
      h("p", { class: "muted" }, "A broadcast reaches every inbox and is pinned at the top of the chat."),
      h("form", { id: "broadcast-form", onsubmit: broadcast },
        h("label", { for: "broadcast-body" }, "message"),
        h("textarea", { id: "broadcast-body", rows: "4", required: true }),
        h("p", {}, h("button", { type: "submit", class: "primary" }, "Broadcast"), " ", h("span", { id: "broadcast-status", role: "status" })))),
    card("Verification",
      h("dl", { class: "counts inline" }, ...Object.entries(counts).map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", { id: "org-" + k }, String(v))))),
      h("p", { class: "muted small" }, "Give a verdict on a result's page (it is announced to its author); the verifier, where it runs, re-runs new best claims."),
      pending.length ? table("pending", ["result", "agent", "method"], pending.map((r) => h("tr", {},
        h("td", {}, h("a", { href: "#/results/" + encodeURIComponent(r.filename) }, fmtTime(r.filename))),
        h("td", {}, (r.frontmatter || {}).agent || ""), h("td", {}, (r.frontmatter || {}).method || "")))) : h("p", { class: "muted" }, "Nothing pending."),
      Object.keys(excluded).length ? h("p", { class: "muted small" }, "Excluded from the leaderboard: " + Object.entries(excluded).map(([k, v]) => k + " " + v).join(", ")) : null),
    h("div", { id: "org-jobs-box" }),
  ]);
  // The server's status and the jobs change on their own; they re-render apart from the broadcast form's draft.
  const statusBox = $("org-status-box"), statusKey = JSON.stringify({ ...status, checked_at: 0, heap_used_bytes: 0 });
  if (statusBox.dataset.key !== statusKey) {
    statusBox.dataset.key = statusKey;
    statusBox.replaceChildren(statusCard(status));
  }
  const box = $("org-jobs-box"), key = JSON.stringify(overview);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...[jobsCard(overview), quotasCard(overview)].filter(Boolean));
}

function statusCard(st) {
  if (st.__error) return card("Server", h("p", { class: "error", id: "org-status" }, st.__error));
  const mib = (b) => Math.round(b / 1048576) + " MiB";
  return card("Server",
    st.healthy
      ? h("p", { id: "org-status", class: "healthy" }, "Nothing needs attention.")
      : h("div", { id: "org-status" }, h("p", { class: "error" }, "Needs attention:"),
        h("ul", { class: "problems" }, ...(st.problems || []).map((p) => h("li", {}, p)))),
    h("p", { class: "muted small", id: "org-status-facts" },
      "Running since " + fmtIso(st.started_at) + "; " + st.store_scheme + " buckets (calls " +
      (st.store_circuit === "open" ? "paused" : "going through") + "); audit rows waiting: " + st.audit_rows_kept +
      "; heap " + mib(st.heap_used_bytes) + " of " + mib(st.heap_max_bytes) + ". Writes are answered once the central bucket holds them, so these problems show only here and in the server's log."));
}

function jobsCard(o) {
  if (o.__error) return card("Jobs and quotas", h("p", { class: "error", id: "org-jobs" }, o.__error));
  const jobs = o.jobs || [];
  return card("Jobs and quotas",
    h("p", { id: "org-jobs", class: "muted small" },
      (o.jobs_enabled ? "Benchmark jobs are enabled (POST /v1/jobs:run)." : "Benchmark jobs are disabled on this server.") + " " +
      (o.verifier_enabled ? "The verifier re-runs new best claims." : "The verifier is off.") + " Newest first; updates live."),
    jobs.length ? table("jobs", ["job", "kind", "agent", "status", "launched", "runtime#", "result / run folder"], jobs.map((j) => {
      const url = safeHttp(j.job_url);
      return h("tr", {},
        h("td", { class: "job" }, url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, j.job_id) : h("code", {}, j.job_id)),
        h("td", {}, j.kind),
        h("td", {}, j.agent_id ? h("a", { class: "agent", href: "#/agents/" + encodeURIComponent(j.agent_id) }, avatar(j.agent_id), j.agent_id) : ""),
        h("td", {}, badge(j.status, "s-"), j.verdict ? [" ", badge(j.verdict, "v-")] : null,
          j.message ? h("div", { class: "muted small msg" }, j.message) : null),
        h("td", {}, fmtIso(j.launched_at)),
        h("td", { class: "num" }, fmtDuration(j.runtime_seconds)),
        h("td", { class: "where" }, j.filename ? h("a", { href: "#/results/" + encodeURIComponent(j.filename) }, j.filename) : h("code", {}, j.run_folder)));
    })) : h("p", { class: "muted", id: "no-jobs" }, "No jobs yet."));
}

function quotasCard(o) {
  if (o.__error) return null;
  const hours = Math.round((o.window_seconds || 86400) / 3600);
  const quotaTable = (id, who, rows) => rows.length ? table(id, [who, "used#", "limit#", "left#", "next slot frees"], rows.map((q) => h("tr", { class: q.remaining === 0 ? "spent" : null },
    h("td", {}, q.name), h("td", { class: "num" }, String(q.used)), h("td", { class: "num" }, String(q.limit)),
    h("td", { class: "num" }, String(q.remaining)), h("td", {}, fmtIso(q.next_free_at)))))
    : h("p", { class: "muted" }, "No launches in the window.");
  return card("Quotas",
    h("p", { class: "muted small", id: "quota-window" }, "Launches in the last " + hours + " h. Each agent and each user has a cap; the server answers 429 with Retry-After when it is spent."),
    h("h3", {}, "Per agent"), quotaTable("quota-agents", "agent", o.agents || []),
    h("h3", {}, "Per user"), quotaTable("quota-users", "user", o.users || []));
}

async function broadcast(e) {
  e.preventDefault();
  const st = $("broadcast-status");
  st.textContent = "";
  try {
    const session = await api("/auth/session");
    await postJson("/v1/messages", { agent_id: session.handle, body: $("broadcast-body").value, type: "user", broadcast: true });
    $("broadcast-body").value = "";
    st.textContent = "broadcast sent";
  } catch (err) { st.textContent = err.code + ": " + err.message; }
}
