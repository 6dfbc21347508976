// The chat: channels with unread counts, "mentions of me", threads, day dividers, avatars, a text filter,
// "see more" for long messages, reply-in-thread and quote, @-autocomplete, and the pinned goal broadcast.
"use strict";

import { $, h, api, avatar, renderMarkdown, fmtTime, fmtDay, stampDate, postJson } from "./util.js";

const LONG_CHARS = 700, LONG_LINES = 14;
const chat = { signature: "", firstRender: true, stick: true, replyTo: null, channelBeforeReply: "", older: null, expanded: new Set(), state: null, refresh: null };

const seenKey = (channel) => "collab.seen." + (channel || "*");
const seen = (channel) => localStorage.getItem(seenKey(channel)) || "";
const markSeen = (channel, filename) => { if (filename && filename > seen(channel)) localStorage.setItem(seenKey(channel), filename); };

export function setupChat(refresh) {
  chat.refresh = refresh;
  const rerender = () => { chat.signature = ""; chat.firstRender = true; if (chat.state) renderChat(chat.state); };
  $("channel").addEventListener("change", () => { chat.signature = ""; chat.firstRender = true; refresh(); });
  $("threaded").addEventListener("change", rerender);
  $("chat-filter").addEventListener("input", () => { chat.signature = ""; if (chat.state) renderChat(chat.state); });
  $("messages").addEventListener("click", onMessageClick);
  // Only the reader's own scrolling (wheel, touch, keys, scrollbar) decides whether the list follows new
  // messages; scrolls caused by layout (resizes, fonts, scroll anchoring) or by this code do not.
  let userAt = 0;
  for (const ev of ["wheel", "touchstart", "keydown", "mousedown"]) {
    $("messages").addEventListener(ev, () => { userAt = performance.now(); }, { passive: true });
  }
  $("messages").addEventListener("scroll", () => {
    const l = $("messages");
    if (l.clientHeight && performance.now() - userAt < 1500) chat.stick = l.scrollTop + l.clientHeight >= l.scrollHeight - 8;
  });
  $("channel-list").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-channel]");
    if (!b) return;
    $("channel").value = b.dataset.channel;
    $("channel").dispatchEvent(new Event("change"));
  });
  $("compose").addEventListener("submit", post);
  setupAutocomplete();
}

function onMessageClick(e) {
  const b = e.target.closest("button[data-action]");
  if (!b) return;
  if (b.dataset.action === "older") { loadOlder(b); return; }
  const li = b.closest("li[data-filename]");
  const m = chat.state.messages.find((x) => x.filename === li.dataset.filename) || chat.state.all.find((x) => x.filename === li.dataset.filename);
  if (b.dataset.action === "reply" && m) {
    startReply(m);
    $("body").focus();
  } else if (b.dataset.action === "quote" && m) {
    const author = (m.frontmatter || {}).agent || "";
    const quoted = (m.body || "").trim().split("\n").slice(0, 6).map((l) => "> " + l).join("\n");
    $("body").value = "> **@" + author + "** wrote:\n" + quoted + "\n\n" + $("body").value;
    $("body").focus();
  } else if (b.dataset.action === "more") {
    chat.expanded.has(li.dataset.filename) ? chat.expanded.delete(li.dataset.filename) : chat.expanded.add(li.dataset.filename);
    const open = chat.expanded.has(li.dataset.filename);
    li.querySelector(".body").classList.toggle("collapsed", !open);
    b.textContent = open ? "See less" : "See more";
    b.setAttribute("aria-expanded", String(open));
  }
}

// A reply goes into its parent's thread and channel: while replying, the "to channel" box shows that channel and
// cannot be edited; cancelling or posting the reply gives the box back what it held before.
function startReply(m) {
  const fm = m.frontmatter || {};
  const box = $("compose-channel");
  if (chat.replyTo === null) chat.channelBeforeReply = box.value;
  chat.replyTo = m.filename;
  box.value = fm.channel || "";
  box.disabled = true;
  box.title = "a reply stays in its thread's channel";
  const p = $("compose-context");
  p.replaceChildren("Replying to ", h("strong", {}, fm.agent || "?"), " · " + fmtTime(m.filename) + " · ",
    fm.channel ? "in #" + fm.channel : "in no channel", ": ", h("q", { class: "excerpt" }, (m.body || "").trim().slice(0, 80)), " ",
    h("button", { type: "button", class: "link", id: "reply-cancel", onclick: endReply }, "cancel"));
  p.hidden = false;
}

function endReply() {
  if (chat.replyTo === null) return;
  chat.replyTo = null;
  const box = $("compose-channel");
  box.value = chat.channelBeforeReply;
  box.disabled = false;
  box.removeAttribute("title");
  $("compose-context").hidden = true;
}

// "Load older messages": pages back from the oldest message shown with the API's `before` cursor. Once older
// pages are loaded, every newer page is kept too, so nothing drops out of the list while the reader scrolls back.
function shownMessages(state) {
  const o = chat.older;
  if (!o || o.path !== state.messagesPath) { chat.older = null; return state.messages; }
  for (const m of state.messages) o.items.set(m.filename, m);
  return [...o.items.values()];
}

function olderCursor(state) {
  const o = chat.older && chat.older.path === state.messagesPath ? chat.older : null;
  return o ? o.next : state.messagesNext;
}

async function loadOlder(button) {
  const state = chat.state, path = state.messagesPath;
  const shown = shownMessages(state);
  if (!path || !shown.length) return;
  const oldest = shown.reduce((a, m) => (m.filename < a ? m.filename : a), shown[0].filename);
  button.disabled = true;
  button.textContent = "loading …";
  try {
    const page = await api(path + "&before=" + encodeURIComponent(oldest));
    if (!chat.older || chat.older.path !== path) chat.older = { path, items: new Map(shown.map((m) => [m.filename, m])), next: null };
    for (const m of page.items || []) chat.older.items.set(m.filename, m);
    chat.older.next = page.next || null;
    const list = $("messages"), fromBottom = list.scrollHeight - list.scrollTop;
    chat.signature = "";
    chat.stick = false;
    renderChat(state);
    list.scrollTop = list.scrollHeight - fromBottom; // the message read before stays where it was
  } catch (e) {
    button.disabled = false;
    button.textContent = "Load older messages (" + e.code + ": " + e.message + ")";
  }
}

// Oldest first; with threads on, replies follow their root (by thread/parent key).
function arrange(messages, threaded) {
  const sorted = messages.slice().sort((a, b) => (a.filename < b.filename ? -1 : 1));
  if (!threaded) return sorted.map((m) => ({ m, reply: false }));
  const byName = new Map(sorted.map((m) => [m.filename, m]));
  const rootOf = (m) => {
    const fm = m.frontmatter || {};
    if (fm.thread && byName.has(fm.thread)) return fm.thread;
    let r = m, p = fm.parent, n = 0;
    while (p && byName.has(p) && n++ < 50) { r = byName.get(p); p = (r.frontmatter || {}).parent; }
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

function renderChannels(state) {
  const current = $("channel").value;
  const names = state.channels.map((c) => c.channel);
  const sel = $("channel");
  const opts = [["", "all messages"], ...(state.session.signed_in ? [["@me", "mentions of me"]] : []), ...names.map((n) => [n, "#" + n])];
  if ([...sel.options].map((o) => o.value).join() !== opts.map((o) => o[0]).join()) {
    sel.replaceChildren(...opts.map(([v, t]) => h("option", { value: v }, t)));
    sel.value = opts.some((o) => o[0] === current) ? current : "";
  }
  const unread = (channel) => state.all.filter((m) => (m.frontmatter || {}).channel === channel && m.filename > seen(channel)).length;
  const unreadAll = state.all.filter((m) => m.filename > seen("")).length;
  const button = (value, label, count) => h("button", {
    type: "button", "data-channel": value, class: "channel" + (value === sel.value ? " active" : ""),
    "aria-current": value === sel.value ? "true" : null,
    "aria-label": label + (count ? ", " + count + " unread" : ""),
  }, h("span", { class: "name" }, label), count ? h("span", { class: "unread" }, count > 99 ? "99+" : String(count)) : null);
  $("channel-list").replaceChildren(
    button("", "All messages", sel.value === "" ? 0 : unreadAll),
    ...(state.session.signed_in ? [button("@me", "Mentions of me", 0)] : []),
    ...names.map((n) => button(n, "#" + n, sel.value === n ? 0 : unread(n))));
}

function pinnedGoal(state) {
  const candidates = [...state.all, ...state.early].filter((m) => (m.frontmatter || {}).broadcast === true);
  candidates.sort((a, b) => (a.filename < b.filename ? 1 : -1));
  return candidates[0] || null;
}

function messageItem(m, reply, meHandle) {
  const fm = m.frontmatter || {};
  const author = fm.agent || "";
  const cls = ["msg", reply ? "reply" : "", fm.broadcast ? "broadcast" : "", fm.type === "verification" ? "verification" : "",
    meHandle && (m.body || "").includes("@" + meHandle) ? "mentions-me" : ""].filter(Boolean).join(" ");
  const body = h("div", { class: "body" }, renderMarkdown(m.body || "", meHandle));
  const long = (m.body || "").length > LONG_CHARS || (m.body || "").split("\n").length > LONG_LINES;
  const open = chat.expanded.has(m.filename);
  if (long && !open) body.classList.add("collapsed");
  return h("li", { class: cls, "data-filename": m.filename },
    avatar(author),
    h("div", { class: "content" },
      h("div", { class: "meta" },
        h("a", { class: "author", href: author.startsWith("human-") ? null : "#/agents/" + encodeURIComponent(author) }, author),
        h("time", { datetime: (stampDate(m.filename) || new Date(0)).toISOString() }, fmtTime(m.filename).slice(11)),
        fm.channel ? h("span", { class: "tag" }, "#" + fm.channel) : null,
        fm.type && fm.type !== "agent" ? h("span", { class: "tag" }, fm.type) : null,
        fm.broadcast ? h("span", { class: "tag goal" }, "broadcast") : null,
        h("span", { class: "actions" },
          h("button", { type: "button", "data-action": "reply", "aria-label": "reply in thread to " + author }, "Reply"),
          h("button", { type: "button", "data-action": "quote", "aria-label": "quote " + author }, "Quote"))),
      body,
      long ? h("button", { type: "button", class: "link more", "data-action": "more", "aria-expanded": String(open) }, open ? "See less" : "See more") : null));
}

// Called when the overview becomes visible again: a list that was at the bottom stays there.
export function chatShown() {
  const list = $("messages");
  if ((chat.stick || chat.firstRender) && list.clientHeight) list.scrollTop = list.scrollHeight;
}

export function renderChat(state) {
  chat.state = state;
  renderChannels(state);
  const channel = $("channel").value;
  const meHandle = state.session.signed_in ? state.session.handle : "";
  const filter = $("chat-filter").value.trim().toLowerCase();
  const goal = pinnedGoal(state);
  const older = olderCursor(state);
  const rows = arrange(shownMessages(state), $("threaded").checked)
    .filter(({ m }) => !filter || (m.body || "").toLowerCase().includes(filter) || ((m.frontmatter || {}).agent || "").toLowerCase().includes(filter));
  const signature = [channel, $("threaded").checked, filter, meHandle, goal && goal.filename, older, rows.map((r) => r.m.filename).join(",")].join("|");
  if (signature === chat.signature) {
    chatShown(); // late layout changes (fonts, "See more") must not leave a following reader above the newest
    return;
  }
  chat.signature = signature;

  const pinned = $("pinned");
  pinned.hidden = !goal;
  if (goal) {
    pinned.replaceChildren(h("div", { class: "pin-label" }, "📌 Goal · " + ((goal.frontmatter || {}).agent || "") + " · " + fmtTime(goal.filename)),
      h("div", { class: "body" }, renderMarkdown(goal.body || "", meHandle)));
  }
  const list = $("messages");
  const items = older ? [h("li", { class: "older" }, h("button", { type: "button", class: "link", id: "load-older", "data-action": "older" }, "Load older messages"))] : [];
  let day = "";
  for (const { m, reply } of rows) {
    const d = stampDate(m.filename);
    const key = d ? d.toISOString().slice(0, 10) : "";
    if (key && key !== day) {
      day = key;
      items.push(h("li", { class: "day-divider", role: "separator" }, h("span", {}, fmtDay(d))));
    }
    items.push(messageItem(m, reply, meHandle));
  }
  if (!rows.length) items.push(h("li", { class: "empty muted" }, filter ? "No message matches the filter." : "No messages yet."));
  list.replaceChildren(...items);
  if (chat.firstRender || chat.stick) list.scrollTop = list.scrollHeight;
  if (list.clientHeight) chat.firstRender = false;
  if (rows.length && channel !== "@me") markSeen(channel, rows[rows.length - 1].m.filename);
}

async function post(event) {
  event.preventDefault();
  $("compose-error").textContent = "";
  const s = chat.state.session;
  if (!s.signed_in) { $("compose-error").textContent = "sign in to post"; return; }
  const payload = { agent_id: s.handle, body: $("body").value, type: "user" };
  const ch = $("compose-channel").value.trim().replace(/^#/, "");
  if (chat.replyTo) payload.parent = chat.replyTo; // the server puts the reply in its parent's channel
  else if (ch) payload.channel = ch;
  if ($("broadcast").checked && s.is_organizer) payload.broadcast = true;
  try {
    const receipt = await postJson("/v1/messages", payload);
    $("body").value = "";
    endReply();
    $("broadcast").checked = false;
    chat.firstRender = true;
    await chat.refresh();
    // posted, but a mistyped @id reached nobody: say so while the author still remembers whom they meant
    const missed = (receipt && receipt.mentions_not_delivered) || [];
    if (missed.length) $("compose-error").textContent = "posted; not delivered: " + missed.map((m) => "@" + m.handle + " (" + m.reason + ")").join(", ");
  } catch (e) { $("compose-error").textContent = e.code + ": " + e.message; }
}

// @-autocomplete over the agent directory and the handles seen in the chat.
function setupAutocomplete() {
  const ta = $("body"), list = $("mention-list");
  let matches = [], active = 0;
  const close = () => { list.hidden = true; matches = []; ta.removeAttribute("aria-activedescendant"); };
  const prefixAt = () => {
    const upto = ta.value.slice(0, ta.selectionStart);
    const m = /(^|[^A-Za-z0-9._%+-])@([a-z0-9-]{0,40})$/.exec(upto);
    return m ? m[2] : null;
  };
  const candidates = () => {
    const st = chat.state;
    const names = new Set(st.agents.map((a) => a.agent_id));
    for (const m of st.all) { const a = (m.frontmatter || {}).agent; if (a) names.add(a); }
    return [...names].sort();
  };
  const show = () => {
    const p = prefixAt();
    if (p === null || !chat.state) { close(); return; }
    matches = candidates().filter((n) => n.startsWith(p.toLowerCase())).slice(0, 8);
    if (!matches.length) { close(); return; }
    active = Math.min(active, matches.length - 1);
    list.replaceChildren(...matches.map((n, i) => h("li", {
      id: "mention-opt-" + i, role: "option", "aria-selected": String(i === active), class: i === active ? "active" : "", "data-name": n,
    }, avatar(n), n)));
    ta.setAttribute("aria-activedescendant", "mention-opt-" + active);
    list.hidden = false;
  };
  const pick = (name) => {
    const pos = ta.selectionStart, upto = ta.value.slice(0, pos);
    const start = upto.lastIndexOf("@");
    ta.value = ta.value.slice(0, start) + "@" + name + " " + ta.value.slice(pos);
    const caret = start + name.length + 2;
    ta.setSelectionRange(caret, caret);
    close();
    ta.focus();
  };
  ta.addEventListener("input", () => { active = 0; show(); });
  ta.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = (active + 1) % matches.length; show(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = (active - 1 + matches.length) % matches.length; show(); e.preventDefault(); }
    else if (e.key === "Enter" || e.key === "Tab") { pick(matches[active]); e.preventDefault(); }
    else if (e.key === "Escape") { close(); e.preventDefault(); }
  });
  list.addEventListener("mousedown", (e) => { const li = e.target.closest("li[data-name]"); if (li) { e.preventDefault(); pick(li.dataset.name); } });
  ta.addEventListener("blur", () => setTimeout(close, 150));
}
