// The web inbox: polls /inbox for new deliveries and shows them as phone
// notifications. Data only ever reaches the page through textContent and
// attribute setters (never innerHTML), so message text cannot inject markup.
"use strict";

(function () {
  const POLL_MS = 1000;
  const FIRST_PAGE = 200;
  const list = document.getElementById("inbox");
  const empty = document.getElementById("empty");
  const statusEl = document.getElementById("status");
  const countEl = document.getElementById("count");
  const notice = document.getElementById("notice");
  let lastId = 0;
  let shown = 0;
  let inboxId = null; // the database's id (X-Inbox-Id): a new one means a new database

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function relativeTime(iso) {
    const then = Date.parse(iso);
    if (Number.isNaN(then)) return "";
    const seconds = Math.max(0, Math.round((Date.now() - then) / 1000));
    if (seconds < 5) return "now";
    if (seconds < 60) return seconds + " s ago";
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + " min ago";
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + " h ago";
    return new Date(then).toLocaleDateString();
  }

  function card(item) {
    const direction = item.direction === "rtl" ? "rtl" : "ltr";
    const li = el("li", "card card-new");
    li.dataset.requestId = item.requestId || "";
    li.dataset.templateCode = item.templateCode || "";
    li.setAttribute("dir", direction);
    if (item.language) li.setAttribute("lang", item.language);

    const head = el("div", "card-head");
    const label = item.templateName || item.templateCode || "?";
    const icon = el("span", "app-icon", label.charAt(0).toUpperCase());
    icon.setAttribute("aria-hidden", "true");
    const app = el("span", "app-name", label);
    app.title = item.templateCode + " · app " + (item.appId || "");
    app.setAttribute("dir", "auto");
    const channel = el("span", "chip chip-" + String(item.channel || "").toLowerCase(),
      item.channel || "");
    // The chrome is English whatever the message's language: give each piece its own
    // direction, or an RTL card shows "13 s ago" as "s ago 13".
    channel.setAttribute("dir", "ltr");
    const time = el("time", "when", relativeTime(item.receivedAt));
    time.setAttribute("dir", "ltr");
    time.dateTime = item.receivedAt || "";
    time.title = item.receivedAt || "";
    head.append(icon, app, channel, time);

    const content = el("div", "card-content");
    if (item.title) content.append(el("p", "card-title", item.title));
    content.append(el("p", "card-body", item.body));

    const foot = el("div", "card-foot");
    const lang = el("span", "badge", item.language + (direction === "rtl" ? " · RTL" : ""));
    lang.setAttribute("dir", "ltr");
    foot.append(lang);
    if (item.redirectUrl) {
      const target = el("span", "redirect mono", "→ " + item.redirectUrl);
      target.setAttribute("dir", "ltr");
      target.title = item.redirectUrl;
      foot.append(target);
    }
    const rid = el("span", "request-id mono", item.requestId);
    rid.setAttribute("dir", "ltr");
    rid.title = "requestId · appId " + (item.appId || "");
    foot.append(rid);

    li.append(head, content, foot);
    return li;
  }

  function setStatus(kind, text) {
    statusEl.className = "status status-" + kind;
    statusEl.textContent = text;
  }

  function refreshTimes() {
    for (const t of list.querySelectorAll("time.when")) {
      t.textContent = relativeTime(t.dateTime);
    }
    const now = new Date();
    document.getElementById("clock").textContent =
      now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function show(items) {
    // items come newest first; insert oldest first so the newest ends on top.
    let added = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item.id <= lastId) continue;
      list.prepend(card(item));
      lastId = item.id;
      added += 1;
    }
    shown += added;
    empty.hidden = shown > 0;
    list.hidden = shown === 0;
    if (added) loadFacts(); // the count covers history beyond the first page too
  }

  function startOver() {
    // Another database answers now (the sandbox restarted with a new --db): what is
    // on screen belongs to the old one, and "after=lastId" would hide the new ones.
    list.replaceChildren();
    lastId = 0;
    shown = 0;
    notice.textContent =
      "The sandbox restarted with a new inbox database; showing its messages.";
    notice.hidden = false;
    loadFacts();
  }

  async function poll() {
    const query = lastId ? "?after=" + lastId : "?limit=" + FIRST_PAGE;
    let delay = POLL_MS;
    try {
      const response = await fetch("/inbox" + query, { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const id = response.headers.get("X-Inbox-Id");
      if (inboxId !== null && id !== inboxId) {
        inboxId = id;
        startOver();
        delay = 0; // poll again at once, from the start of the new inbox
        return;
      }
      inboxId = id;
      show(await response.json());
      setStatus("live", "live");
    } catch (err) {
      setStatus("offline", "offline");
    } finally {
      setTimeout(poll, delay);
    }
  }

  async function loadFacts() {
    try {
      const response = await fetch("/healthz", { cache: "no-store" });
      const facts = await response.json();
      document.getElementById("send-path").textContent = "POST " + facts.sendPath;
      document.getElementById("device-locale").textContent = facts.deviceLocale || "not set (first sent)";
      countEl.textContent = String(facts.deliveries);
    } catch (err) {
      /* the poller reports the connection state */
    }
  }

  empty.hidden = false;
  list.hidden = true;
  refreshTimes();
  setInterval(refreshTimes, 10000);
  loadFacts();
  poll();
})();
