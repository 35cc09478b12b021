// Caseworker console: a thin client of the JSON API (docs/design.md, "Caseworker API").
// Live updates come from /api/events (server-sent events). All text is set with textContent:
// what users and caseworkers write is untrusted.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const S = config.strings;
  const $ = (id) => document.getElementById(id);
  const RISK_RANK = { none: 0, concern: 1, urgent: 2 };
  const state = { csrf: null, user: null, cases: new Map(), selected: null, events: null };

  const format = (template, ...values) =>
    values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);

  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = S[element.dataset.text];
  }
  $("sign-out").textContent = S.sign_out;
  $("reply").placeholder = S.reply_placeholder;
  $("note").placeholder = S.note_placeholder;
  $("reply").maxLength = config.maxChars;
  $("note").maxLength = config.maxChars;
  for (const outcome of config.outcomes) {
    const option = document.createElement("option");
    option.value = outcome;
    option.textContent = S[`outcome_${outcome}`];
    $("outcome").appendChild(option);
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method === "POST" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && path !== "/api/login") signedOut(S.session_ended);
    return { status: response.status, ok: response.ok, data };
  }

  // --- signing in and out ---------------------------------------------------------------
  function signedOut(message) {
    if (state.events) state.events.close();
    state.events = null;
    state.csrf = null;
    state.cases.clear();
    state.selected = null;
    $("desk").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("status").textContent = "";
    $("login").hidden = false;
    $("login-error").textContent = message || "";
  }

  async function signedIn(session) {
    state.csrf = session.csrf_token;
    state.user = session.user;
    $("login").hidden = true;
    $("desk").hidden = false;
    $("sign-out").hidden = false;
    $("who").textContent = format(S.signed_in_as, session.user.username, session.user.role);
    await loadLists();
    listen();
  }

  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, data } = await api("POST", "/api/login", {
      username: $("username").value,
      password: $("password").value,
    });
    $("password").value = "";
    if (ok) await signedIn(data);
    else $("login-error").textContent = data.message || "";
  });

  $("sign-out").addEventListener("click", async () => {
    await api("POST", "/api/logout");
    signedOut("");
  });

  // --- the lists ------------------------------------------------------------------------
  async function loadLists() {
    const [open, closed] = await Promise.all([
      api("GET", "/api/cases"),
      api("GET", "/api/cases?state=closed"),
    ]);
    for (const result of [open, closed]) {
      if (result.ok) for (const item of result.data.cases) state.cases.set(item.id, item);
    }
    renderLists();
  }

  function waitedFor(item) {
    const seconds =
      item.state === "waiting"
        ? Math.max(0, (Date.now() - Date.parse(item.opened_at)) / 1000)
        : item.waiting_s;
    return seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min`;
  }

  function caseLabel(item) {
    const parts = [item.language, item.country || "", item.channel, S[`risk_${item.risk_level}`]];
    if (item.indicators.length) parts.push(item.indicators.join(", "));
    return parts.filter(Boolean).join(" · ");
  }

  function renderLists() {
    const byState = { waiting: [], active: [], closed: [] };
    for (const item of state.cases.values()) byState[item.state].push(item);
    byState.waiting.sort(
      (a, b) => RISK_RANK[b.risk_level] - RISK_RANK[a.risk_level] || a.opened_at.localeCompare(b.opened_at),
    );
    byState.active.sort((a, b) => a.opened_at.localeCompare(b.opened_at));
    byState.closed.sort((a, b) => b.opened_at.localeCompare(a.opened_at));
    for (const [listId, items] of [["queue", byState.waiting], ["active", byState.active], ["closed", byState.closed.slice(0, 20)]]) {
      const list = $(listId);
      list.replaceChildren();
      if (!items.length) {
        const empty = document.createElement("li");
        empty.className = "cases__empty";
        empty.textContent = S.empty;
        list.appendChild(empty);
      }
      for (const item of items) list.appendChild(caseItem(item));
    }
  }

  function caseItem(item) {
    const li = document.createElement("li");
    li.className = "case-item";
    li.dataset.caseId = item.id;
    li.dataset.risk = item.risk_level;
    if (item.id === state.selected) li.classList.add("case-item--selected");
    const label = document.createElement("button");
    label.type = "button";
    label.textContent = caseLabel(item);
    label.addEventListener("click", () => select(item.id));
    const detail = document.createElement("span");
    detail.className = "case-item__detail";
    detail.textContent = item.assignee
      ? format(S.held_by, item.assignee)
      : format(S.waiting_for, waitedFor(item));
    li.append(label, detail);
    return li;
  }

  // --- one case -------------------------------------------------------------------------
  async function select(id) {
    state.selected = id;
    $("case-error").textContent = "";
    const { ok, data } = await api("GET", `/api/cases/${encodeURIComponent(id)}`);
    if (!ok) {
      $("case-error").textContent = data.message || "";
      return;
    }
    state.cases.set(id, summaryOf(data));
    renderLists();
    renderCase(data);
  }

  function summaryOf(detail) {
    const { transcript, notes, ...summary } = detail;
    return summary;
  }

  function renderCase(detail) {
    $("case-empty").hidden = true;
    $("case-body").hidden = false;
    $("case-body").dataset.caseId = detail.id;
    $("case-body").dataset.state = detail.state;
    renderMeta(detail);
    $("transcript").replaceChildren(...detail.transcript.map(entryItem));
    $("notes").replaceChildren(...detail.notes.map(noteItem));
    $("transcript").lastElementChild?.scrollIntoView({ block: "end" });
  }

  function renderMeta(summary) {
    const mine = summary.assignee === state.user.username;
    $("case-meta").textContent = `${caseLabel(summary)} — ${summary.state}` +
      (summary.assignee ? ` — ${format(S.held_by, summary.assignee)}` : "");
    $("claim").hidden = summary.state !== "waiting";
    $("reply-form").hidden = summary.state === "closed" || (summary.assignee && !mine);
    $("close-form").hidden = summary.state === "closed";
    $("case-body").dataset.state = summary.state;
  }

  function systemText(text) {
    const [kind, value] = text.split(/:(.*)/s);
    const template = S[`system_${kind}`];
    return template ? format(template, value || "") : text;
  }

  function entryItem(entry) {
    const li = document.createElement("li");
    li.className = `entry entry--${entry.from}`;
    li.dataset.entryId = entry.id;
    const who = document.createElement("span");
    who.className = "entry__from";
    who.textContent = entry.author ? `${S[`from_${entry.from}`]} ${entry.author}` : S[`from_${entry.from}`];
    const text = document.createElement("span");
    text.className = "entry__text";
    text.textContent = entry.from === "system" ? systemText(entry.text) : entry.text;
    li.append(who, text);
    if (entry.delivered === false) {
      const pending = document.createElement("span");
      pending.className = "entry__pending";
      pending.textContent = S.not_delivered;
      li.appendChild(pending);
    }
    return li;
  }

  function noteItem(note) {
    const li = document.createElement("li");
    li.className = "note";
    li.textContent = `${note.author}: ${note.text}`;
    return li;
  }

  function addEntry(entry) {
    const existing = $("transcript").querySelector(`[data-entry-id="${entry.id}"]`);
    const item = entryItem(entry);
    if (existing) existing.replaceWith(item);
    else $("transcript").appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  async function post(path, body) {
    $("case-error").textContent = "";
    const result = await api("POST", path, body);
    if (!result.ok) $("case-error").textContent = result.data.message || "";
    return result;
  }

  const casePath = (suffix) => `/api/cases/${encodeURIComponent(state.selected)}/${suffix}`;

  $("claim").addEventListener("click", async () => {
    const { ok } = await post(casePath("claim"));
    if (ok) await select(state.selected);
  });

  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value.trim();
    if (!text) return;
    const { ok, data } = await post(casePath("messages"), { text });
    if (ok) {
      $("reply").value = "";
      addEntry(data);
    }
  });

  $("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("note").value.trim();
    if (!text) return;
    const { ok, data } = await post(casePath("notes"), { text });
    if (ok) {
      $("note").value = "";
      $("notes").appendChild(noteItem(data));
    }
  });

  $("close-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok } = await post(casePath("close"), { outcome: $("outcome").value });
    if (ok) await select(state.selected);
  });

  // --- live updates ---------------------------------------------------------------------
  function listen() {
    const source = new EventSource("/api/events");
    state.events = source;
    source.onopen = () => {
      $("status").textContent = S.live;
      document.body.dataset.live = "true";
    };
    source.onerror = () => {
      $("status").textContent = S.offline;
      document.body.dataset.live = "false";
    };
    const onCase = (event) => {
      const { case: item } = JSON.parse(event.data);
      state.cases.set(item.id, item);
      renderLists();
      if (item.id === state.selected) renderMeta(item);
    };
    source.addEventListener("case_opened", onCase);
    source.addEventListener("case_updated", onCase);
    source.addEventListener("message", (event) => {
      const { case_id: caseId, entry } = JSON.parse(event.data);
      if (caseId !== state.selected) return;
      if (entry.text !== undefined) addEntry(entry);
      else select(caseId); // text goes only to the holder; others re-read (an audited view)
    });
    source.addEventListener("session_ended", () => signedOut(S.session_ended));
  }

  setInterval(() => state.csrf && renderLists(), 5000);

  api("GET", "/api/me").then(({ ok, data }) => (ok ? signedIn(data) : signedOut("")));
})();
