// Hurtrock shop: the chat widget. One WebSocket to /chat/socket; "hello" with the last message
// number this page has, so a reconnect (after a dropped network, a sleeping phone) gets exactly
// what it missed. Messages written while the socket is down wait with their own id and are sent
// again until the server acknowledges them (it appends an id once). Every text is set as text.
"use strict";
(function () {
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket) return;
  var $ = function (sel) { return root.querySelector(sel); };
  var panel = $(".chat-panel"), log = $(".chat-log"), status = $(".chat-status");
  var intro = $(".chat-intro"), send = $(".chat-send"), text = $("#chat-text");
  var typingLine = $(".chat-typing"), errorLine = $(".chat-error"), attach = $(".chat-attach");
  var openButton = $(".chat-open");
  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var product = document.querySelector("[data-chat-product]");
  var ws = null, last = 0, started = false, online = false, backoff = 500, opened = false;
  var pending = [], shown = {}, typingTimer = null, lastTyping = 0, unread = 0;
  var KNOWN = "hurtrock.chat";

  var id = function () {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  };
  var el = function (tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt != null) e.textContent = txt;
    return e;
  };
  var time = function (ms) {
    var d = new Date(ms);
    return ("0" + d.getHours()).slice(-2) + "." + ("0" + d.getMinutes()).slice(-2);
  };
  var showStatus = function () {
    status.textContent = online ? root.dataset.online : root.dataset.offline;
    intro.hidden = started;
    send.hidden = !started;
    openButton.dataset.unread = unread ? String(unread) : "";
  };
  var card = function (productId) {
    var box = el("div", "chat-card");
    var a = el("a", null, root.dataset.see);
    a.href = "/p/" + encodeURIComponent(productId) + "/-";
    box.appendChild(a);
    // The product as the shop shows it now: photo, name, price, availability.
    fetch("/chat/product/" + encodeURIComponent(productId), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        a.href = p.url;
        a.textContent = p.name;
        if (p.thumb) {
          var img = el("img");
          img.src = p.thumb; img.alt = ""; img.width = 64; img.height = 64; img.loading = "lazy";
          box.insertBefore(img, a);
        }
        var facts = el("p", "facts");
        facts.appendChild(el("strong", null, p.price));
        facts.appendChild(el("span", "stock " + p.stock, " · " + p.availability));
        box.insertBefore(facts, a.nextSibling);
        if (!p.sellable) box.querySelector("form").hidden = true;
      })
      .catch(function () {});
    var f = el("form");
    f.method = "post";
    f.action = "/cart/add";
    [["csrf", csrf], ["product", productId], ["quantity", "1"]].forEach(function (kv) {
      var i = el("input");
      i.type = "hidden"; i.name = kv[0]; i.value = kv[1];
      f.appendChild(i);
    });
    var b = el("button", null, root.dataset.add);
    b.type = "submit";
    f.appendChild(b);
    box.appendChild(f);
    return box;
  };
  var render = function (m) {
    if (shown[m.seq]) return;
    shown[m.seq] = true;
    var mine = m.sender === "customer";
    var li = el("li", "msg " + (mine ? "mine" : "theirs"));
    li.dataset.seq = m.seq;
    var who = el("span", "who", (mine ? root.dataset.you : m.author || root.dataset.store) + " · " + time(m.at));
    li.appendChild(who);
    if (m.attachment) {
      var pic = el("img", "picture");
      pic.src = "/photos/" + encodeURIComponent(m.attachment);
      pic.alt = "";
      pic.loading = "lazy";
      li.appendChild(pic);
    } else {
      li.appendChild(el("p", "body", m.body));
    }
    if (m.product_id) li.appendChild(card(m.product_id));
    // In order of their numbers, whatever order they arrived in.
    var after = null;
    for (var n = log.lastElementChild; n; n = n.previousElementSibling) {
      if (n.dataset.seq && Number(n.dataset.seq) < m.seq) { after = n; break; }
    }
    log.insertBefore(li, after ? after.nextSibling : log.firstChild);
    log.scrollTop = log.scrollHeight;
    if (!mine && panel.hidden) unread++;
    typingLine.hidden = true;
  };
  var flush = function () {
    if (!ws || ws.readyState !== 1 || !started) return;
    pending.forEach(function (p) { ws.send(JSON.stringify({ type: "send", id: p.id, body: p.body, product_id: p.product || null })); });
  };
  var connect = function () {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/chat/socket";
    ws = new WebSocket(url);
    ws.onopen = function () {
      backoff = 500;
      ws.send(JSON.stringify({ type: "hello", after: last }));
    };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (x) { return; }
      if (m.type === "welcome") {
        started = m.started; online = m.staff_online;
        if (started) localStorage.setItem(KNOWN, "1");
        showStatus();
        flush();
      } else if (m.type === "message") {
        last = Math.max(last, m.seq);
        render(m);
        showStatus();
      } else if (m.type === "ack") {
        pending = pending.filter(function (p) {
          if (p.id === m.id && p.el) p.el.remove();
          return p.id !== m.id;
        });
      } else if (m.type === "presence") {
        online = m.staff_online; showStatus();
      } else if (m.type === "typing") {
        typingLine.textContent = root.dataset.typing;
        typingLine.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typingLine.hidden = true; }, 4000);
      } else if (m.type === "refused") {
        errorLine.textContent = document.documentElement.lang === "en" ? m.en : m.id;
        errorLine.hidden = false;
      }
    };
    ws.onclose = function () {
      ws = null;
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 15000);
    };
  };
  var open = function () {
    panel.hidden = false;
    opened = true;
    unread = 0;
    openButton.setAttribute("aria-expanded", "true");
    if (!ws) connect();
    showStatus();
    (started ? text : $("#chat-name")).focus();
    sessionStorage.setItem(KNOWN + ".open", "1");
  };
  openButton.addEventListener("click", function () { panel.hidden ? open() : close(); });
  var close = function () {
    panel.hidden = true;
    openButton.setAttribute("aria-expanded", "false");
    sessionStorage.removeItem(KNOWN + ".open");
    openButton.focus();
  };
  $(".chat-close").addEventListener("click", close);
  root.addEventListener("keydown", function (e) { if (e.key === "Escape" && !panel.hidden) close(); });
  intro.addEventListener("submit", function (e) {
    e.preventDefault();
    errorLine.hidden = true;
    if (ws && ws.readyState === 1) {
      ws.send(JSON.stringify({ type: "start", name: $("#chat-name").value, contact: $("#chat-contact").value }));
    }
  });
  var queue = function (body, productId) {
    var p = { id: id(), body: body, product: productId };
    p.el = el("li", "msg mine pending");
    p.el.appendChild(el("span", "who", root.dataset.sending));
    p.el.appendChild(el("p", "body", body));
    log.appendChild(p.el);
    log.scrollTop = log.scrollHeight;
    pending.push(p);
    flush();
  };
  send.addEventListener("submit", function (e) {
    e.preventDefault();
    errorLine.hidden = true;
    var body = text.value.trim();
    if (!body) return;
    text.value = "";
    queue(body, null);
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send.requestSubmit(); }
  });
  text.addEventListener("input", function () {
    var now = Date.now();
    if (ws && ws.readyState === 1 && now - lastTyping > 2000) {
      lastTyping = now;
      ws.send(JSON.stringify({ type: "typing" }));
    }
  });
  // A picture goes up as the file itself; the server decodes, shrinks and strips it, and it comes
  // back over the socket like any message.
  var picture = $(".chat-picture input");
  picture.addEventListener("change", function () {
    var f = picture.files && picture.files[0];
    picture.value = "";
    if (!f || !started) return;
    errorLine.hidden = true;
    fetch("/chat/attach?id=" + encodeURIComponent(id()), {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-csrf-token": csrf, "content-type": f.type || "application/octet-stream" },
      body: f,
    }).then(function (r) {
      if (r.ok) return;
      return r.json().then(function (w) {
        errorLine.textContent = document.documentElement.lang === "en" ? w.en : w.id;
        errorLine.hidden = false;
      }, function () {
        errorLine.textContent = "✕";
        errorLine.hidden = false;
      });
    });
  });
  if (product) {
    attach.hidden = false;
    attach.textContent = root.dataset.attach;
    attach.addEventListener("click", function () {
      queue(root.dataset.attach + ": " + product.dataset.chatProductName, product.dataset.chatProduct);
    });
  }
  // A conversation this browser has: connect at once (answers show while browsing).
  if (localStorage.getItem(KNOWN) || root.dataset.signedIn) connect();
  if (sessionStorage.getItem(KNOWN + ".open")) open();
  showStatus();
})();
