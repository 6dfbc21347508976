// Small helpers shared by the dashboard's views: escaping, safe markdown, dates, avatars and the API client.
"use strict";

export const $ = (id) => document.getElementById(id);
export const MENTION = /(^|[^A-Za-z0-9._%+-])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)/g;

export function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Raw HTML inside markdown is shown as text (agents write markdown, not HTML); DOMPurify then cleans what marked
// produced, and links open in a new tab without an opener.
let markedReady = false;
function setupMarked() {
  if (markedReady) return;
  window.marked.use({
    gfm: true,
    breaks: true,
    renderer: { html(token) { return escapeHtml(token.text ?? token.raw ?? ""); } },
  });
  window.DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A") { node.setAttribute("target", "_blank"); node.setAttribute("rel", "noopener noreferrer"); }
    if (node.tagName === "TABLE") node.classList.add("md");
  });
  markedReady = true;
}

// Renders markdown into a sanitised DOM fragment; @mentions are wrapped in spans (the viewer's own handle gets
// the "me" class) by walking text nodes, so no markup is ever built from strings here.
export function renderMarkdown(text, me) {
  setupMarked();
  const html = window.DOMPurify.sanitize(window.marked.parse(String(text ?? "")), {
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "img"],
    FORBID_ATTR: ["style"],
  });
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  // each paragraph takes its direction from its own first strong letter (Arabic or Hebrew read right to left), while
  // code keeps left to right
  for (const el of tpl.content.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, blockquote, th, td")) el.setAttribute("dir", "auto");
  highlightMentions(tpl.content, me);
  return tpl.content;
}

function highlightMentions(root, me) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && n.parentElement.closest("code, pre, a")) continue;
    if (MENTION.test(n.nodeValue)) nodes.push(n);
    MENTION.lastIndex = 0;
  }
  for (const n of nodes) {
    const frag = document.createDocumentFragment();
    let last = 0;
    const s = n.nodeValue;
    for (const m of s.matchAll(MENTION)) {
      const at = m.index + m[1].length;
      frag.append(s.slice(last, at));
      const span = document.createElement("span");
      span.className = "mention" + (me && m[2] === me ? " me" : "");
      span.textContent = "@" + m[2];
      frag.append(span);
      last = at + 1 + m[2].length;
    }
    frag.append(s.slice(last));
    n.replaceWith(frag);
  }
}

// "20260601-100000-000_agent-1.md" -> Date (UTC), or null.
export function stampDate(filename) {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d{3}))?/.exec(filename || "");
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6], +(m[7] || 0))) : null;
}

export function fmtTime(filename) {
  const d = stampDate(filename);
  return d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
}

export function fmtDay(d) {
  return d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function ago(d, now = new Date()) {
  if (!d) return "";
  const s = Math.max(0, (now - d) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return Math.floor(s / 60) + " min ago";
  if (s < 86400) return Math.floor(s / 3600) + " h ago";
  return Math.floor(s / 86400) + " d ago";
}

// A relative time ("3 min ago") of a stamped filename: the element keeps the filename in data-ago, and
// refreshAgo() (after every poll) rewrites the text, so a table drawn once keeps up with the clock.
export function agoAttrs(filename) {
  return filename ? { "data-ago": filename } : {};
}

export function refreshAgo(root = document) {
  for (const el of root.querySelectorAll("[data-ago]")) {
    const t = ago(stampDate(el.dataset.ago));
    if (el.textContent !== t) el.textContent = t;
  }
}

// A number for people: up to 4 decimals ("1,234.5678"), with 4 significant digits below 0.1 ("0.001234") and the
// exponent form below 0.0001 ("1.234e-5"), so a small score (a latency in seconds) never reads as 0.
export function num(v, digits) {
  if (v === null || v === undefined || v === "") return "";
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (digits !== undefined) return n.toFixed(digits);
  const abs = Math.abs(n);
  if (abs !== 0 && abs < 1e-4) return n.toExponential(3).replace(/\.?0+e/, "e");
  const decimals = abs !== 0 && abs < 0.1 ? 3 - Math.floor(Math.log10(abs)) : 4;
  return n.toLocaleString("en-US", { maximumFractionDigits: decimals });
}

// A count and its noun, plural unless the count is one: counted(1, "note") -> "1 note", counted(3, "file") -> "3 files".
export function counted(n, noun) {
  return num(n) + " " + noun + (Number(n) === 1 ? "" : "s");
}

// Initials on a colour derived from the name: "agent-b" -> "AB", "human-alice" -> "HA".
export function avatar(name) {
  const parts = String(name || "?").split(/[-_.\s]+/).filter(Boolean);
  const initials = ((parts[0] || "?")[0] + (parts.length > 1 ? parts[parts.length - 1][0] : (parts[0] || "")[1] || "")).toUpperCase();
  let h = 0;
  for (const c of String(name)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const el = document.createElement("span");
  el.className = "avatar";
  el.setAttribute("aria-hidden", "true");
  el.style.setProperty("--hue", String(Math.round((h % 4096) * 137.508) % 360)); // golden angle: near names differ
  el.textContent = initials;
  return el;
}

// Creates an element: h("a", { href: "#/x", class: "y" }, "text", child). Attributes go through setAttribute and
// children through append, so strings are always text.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

// The same-origin API with ETags: a 304 answer returns the cached body, and `changed` says whether it differed.
const etags = new Map();
export class ApiError extends Error {
  constructor(status, code, message, hint) {
    super(message + (hint ? " (" + hint + ")" : ""));
    this.status = status; this.code = code;
  }
}

// The page's answer to a 401 from the API: it checks the session at once and resolves to true when the person it
// showed as signed in no longer is (signed out elsewhere, expired, forgotten by a restart).
let sessionCheck = null;
export function onUnauthorized(check) { sessionCheck = check; }

async function refused(status, path, err) {
  if (status === 401 && !path.startsWith("/auth/") && sessionCheck && (await sessionCheck())) {
    return new ApiError(401, "SESSION_ENDED", "your session has ended; sign in again");
  }
  return new ApiError(status, err.code, err.message, err.hint);
}

// A request that got no answer at all (server stopped, network down) fails like an API error, with a code: the
// browser's own error ("Failed to fetch") says nothing of where it came from.
async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "UNAVAILABLE", "the server did not answer", e && e.message);
  }
}

export async function api(path, options = {}) {
  const method = options.method || "GET";
  const headers = Object.assign({ "X-Collab-Dashboard": "1" }, options.headers || {});
  const cached = method === "GET" ? etags.get(path) : null;
  if (cached) headers["If-None-Match"] = cached.etag;
  const res = await send(path, { method, headers, body: options.body, cache: "no-store", credentials: "same-origin" });
  if (res.status === 304 && cached) return cached.data;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!res.ok) {
    const err = (data && data.error) || { code: "HTTP_" + res.status, message: typeof data === "string" ? data : res.statusText };
    throw await refused(res.status, path, err);
  }
  const etag = res.headers.get("ETag");
  if (etag && method === "GET") etags.set(path, { etag, data });
  return data;
}

// A file's bytes (never parsed, never cached), with the dashboard header so the session cookie counts.
export async function apiBytes(path) {
  const res = await send(path, { headers: { "X-Collab-Dashboard": "1" }, cache: "no-store", credentials: "same-origin" });
  if (!res.ok) {
    const text = await res.text();
    let err = { code: "HTTP_" + res.status, message: res.statusText };
    try { err = JSON.parse(text).error || err; } catch (e) { /* not JSON */ }
    throw await refused(res.status, path, err);
  }
  return new Uint8Array(await res.arrayBuffer());
}

// The image type of a file's bytes by their signature (PNG, JPEG, GIF, WebP), or null. SVG is not an image here:
// it may carry scripts, so it shows as text.
export function imageType(b) {
  const starts = (...sig) => sig.every((v, i) => b[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  return null;
}

// The bytes as text when they are UTF-8 without NUL characters, else null (a binary file).
export function textOf(b) {
  if (b.includes(0)) return null;
  try { return new TextDecoder("utf-8", { fatal: true }).decode(b); } catch (e) { return null; }
}

export function dataUrl(bytes, type) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(new Blob([bytes], { type }));
  });
}

// "2026-06-01T10:05:01.000Z" -> "2026-06-01 10:05 UTC"; anything else as given.
export function fmtIso(s) {
  const d = s ? new Date(s) : null;
  return d && !isNaN(d) ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : String(s || "");
}

// Seconds -> "45 s", "2 min 5 s", "1 h 4 min"; negative (unknown) -> "".
export function fmtDuration(sec) {
  const n = Number(sec);
  if (!Number.isFinite(n) || n < 0) return "";
  if (n < 60) return n + " s";
  if (n < 3600) return Math.floor(n / 60) + " min" + (n % 60 ? " " + (n % 60) + " s" : "");
  return Math.floor(n / 3600) + " h" + (Math.floor(n / 60) % 60 ? " " + (Math.floor(n / 60) % 60) + " min" : "");
}

// Only http(s) URLs become links; anything else (javascript:, data:) stays text.
export const safeHttp = (u) => (/^https?:\/\//i.test(String(u || "")) ? String(u) : null);

export function postJson(path, payload) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
}

// A missing route (feature off on this server) reads as null instead of failing the whole page.
export async function optional(path) {
  try { return await api(path); } catch (e) {
    if (e.status === 404 && (e.code === "ROUTE_NOT_FOUND" || e.code === "JOBS_DISABLED")) return null;
    throw e;
  }
}
