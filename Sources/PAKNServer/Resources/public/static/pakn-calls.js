// The screen pop (issue 14): on an operator's back-office pages, listens to the live call channel
// (Server-Sent Events, /quan-tri/cuoc-goi/su-kien) and, when a call rings at the operator's extension,
// shows the caller's card — the number, open and earlier cases, "new request from this call" and
// "attach this call to case" — at the top of the page, without leaving what the operator was doing.
// Without scripts nothing changes: the list of calls links to the same card.
(function () {
  "use strict";
  // The page's language (issue 14): these few words are the script's own; everything else comes from the page.
  var english = document.documentElement.lang === "en";
  function say(vietnamese, inEnglish) { return english ? inEnglish : vietnamese; }
  var script = document.currentScript;
  var url = script && script.getAttribute("data-events");
  if (!url || typeof EventSource === "undefined") return;

  function show(card, event) {
    var old = document.getElementById("screen-pop");
    if (old) old.remove();
    var aside = document.createElement("aside");
    aside.id = "screen-pop";
    aside.setAttribute("role", "alertdialog");
    aside.setAttribute("aria-live", "assertive");
    aside.setAttribute("aria-label", say("Cuộc gọi đến từ ", "Incoming call from ") + event.from);
    aside.className = "screen-pop";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary close";
    close.textContent = say("Đóng", "Close");
    close.addEventListener("click", function () { aside.remove(); });
    aside.appendChild(card);
    aside.appendChild(close);
    var main = document.querySelector("main");
    main.parentNode.insertBefore(aside, main);
    var first = card.querySelector("a, button");
    if (first) first.focus();
  }

  var source = new EventSource(url);
  // Says the page is listening (the browser suite waits for it before the call rings).
  source.addEventListener("open", function () { document.documentElement.setAttribute("data-calls", "listening"); });
  source.addEventListener("call", function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (!event.card) return;
    fetch(event.card, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var card = page.getElementById("call-card");
        if (card) show(document.importNode(card, true), event);
      })
      .catch(function () {
        // The card could not be read: still say who is calling, with the intake link.
        var p = document.createElement("p");
        var link = document.createElement("a");
        link.href = event.intake;
        link.textContent = say("Cuộc gọi từ ", "Call from ") + event.from + say(": tạo phản ánh", ": create a report");
        p.appendChild(link);
        show(p, event);
      });
  });
})();
