// Web chat: one socket.io connection to the Rasa server, one session id kept in localStorage
// so a reload (or a caseworker's reply later) reaches the same conversation.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const input = document.getElementById("input");
  const send = document.getElementById("send");
  input.placeholder = config.strings["web.input_placeholder"];
  send.textContent = config.strings["web.send"];

  const storageKey = "phuean.session";
  let sessionId = localStorage.getItem(storageKey);
  const url = `${location.protocol}//${location.hostname}:${config.rasaPort}`;
  const socket = io(url, { path: "/socket.io", transports: ["websocket"] });

  function add(from, text) {
    const item = document.createElement("li");
    item.className = `chat__message chat__message--${from}`;
    item.textContent = text; // never innerHTML: messages are untrusted
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function addButtons(buttons) {
    const row = document.createElement("li");
    row.className = "chat__buttons";
    for (const button of buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.title;
      element.addEventListener("click", () => {
        row.remove();
        say(button.title, button.payload);
      });
      row.appendChild(element);
    }
    log.appendChild(row);
    row.scrollIntoView({ block: "end" });
  }

  function say(shown, message) {
    if (!sessionId) return;
    add("user", shown);
    socket.emit("user_uttered", { message: message, session_id: sessionId });
  }

  socket.on("connect", () => socket.emit("session_request", { session_id: sessionId }));
  socket.on("session_confirm", (id) => {
    sessionId = typeof id === "string" ? id : id.session_id;
    localStorage.setItem(storageKey, sessionId);
    document.body.dataset.ready = "true";
  });
  socket.on("bot_uttered", (message) => {
    if (message.text) add("bot", message.text);
    const buttons = message.quick_replies || message.buttons || [];
    if (buttons.length) addButtons(buttons);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text, text);
  });
})();
