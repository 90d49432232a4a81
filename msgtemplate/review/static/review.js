// msgtemplate review: the filter box, and the live server's reload. No outside requests.
"use strict";

(function () {
  const filter = document.getElementById("filter");
  const onlyFindings = document.getElementById("only-findings");
  const onlyChanged = document.getElementById("only-changed");
  const count = document.getElementById("filter-count");
  const rows = Array.from(document.querySelectorAll("#templates tbody tr"));
  const sections = new Map(
    Array.from(document.querySelectorAll("section.template")).map((s) => [s.id, s])
  );

  function apply() {
    const words = (filter ? filter.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    const needFindings = onlyFindings && onlyFindings.checked;
    const needChanges = onlyChanged && onlyChanged.checked;
    let shown = 0;
    for (const row of rows) {
      const text = row.dataset.search || "";
      const ok =
        words.every((w) => text.includes(w)) &&
        (!needFindings || row.dataset.hasFindings === "true") &&
        (!needChanges || row.dataset.hasChanges === "true");
      row.hidden = !ok;
      const section = sections.get(row.dataset.row);
      if (section) section.hidden = !ok;
      if (ok) shown += 1;
    }
    if (count) {
      count.textContent = `${shown.toLocaleString("en")} of ${rows.length.toLocaleString("en")} templates`;
    }
    try {
      sessionStorage.setItem("msgtemplate-review-filter", filter ? filter.value : "");
    } catch (e) {
      // file:// pages may have no storage; the filter still works.
    }
  }

  if (filter) {
    try {
      const kept = sessionStorage.getItem("msgtemplate-review-filter");
      if (kept) filter.value = kept;
    } catch (e) {
      // no storage
    }
    filter.addEventListener("input", apply);
    if (filter.value) apply();
  }
  for (const box of [onlyFindings, onlyChanged]) {
    if (box) box.addEventListener("change", apply);
  }
  for (const button of document.querySelectorAll("button.rule")) {
    button.addEventListener("click", () => {
      if (!filter) return;
      filter.value = button.dataset.rule.toLowerCase();
      apply();
      filter.focus();
    });
  }
  // "/" jumps to the filter box, as on many sites; Escape clears it.
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement;
    if (event.key === "/" && !typing && filter) {
      event.preventDefault();
      filter.focus();
    } else if (event.key === "Escape" && event.target === filter) {
      filter.value = "";
      apply();
    }
  });

  // Live server: reload when a new build is announced, keeping the scroll position.
  const live = document.body.dataset.live;
  if (live && location.protocol.startsWith("http") && "EventSource" in window) {
    const key = "msgtemplate-review-scroll";
    try {
      const y = sessionStorage.getItem(key);
      if (y !== null) {
        sessionStorage.removeItem(key);
        window.scrollTo(0, Number(y));
      }
    } catch (e) {
      // no storage
    }
    const status = document.getElementById("live");
    const events = new EventSource(live);
    events.addEventListener("build", (event) => {
      if (event.data && event.data !== document.body.dataset.build) {
        try {
          sessionStorage.setItem(key, String(window.scrollY));
        } catch (e) {
          // no storage
        }
        location.reload();
      }
    });
    events.addEventListener("open", () => {
      if (status) status.textContent = "Live: rebuilds on save";
    });
    events.addEventListener("error", () => {
      if (status) status.textContent = "Live: reconnecting\u2026";
    });
  }
})();
