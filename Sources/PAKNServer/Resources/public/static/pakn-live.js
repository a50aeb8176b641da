// Live changes of the case on its page (issue 15 item 6): when someone else moves or triages this case — on
// this server or another one behind the same proxy — the page says so and offers to reload, instead of letting
// the viewer act on a stale page. Without scripts nothing changes.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-events");
  if (!url || typeof EventSource === "undefined") return;
  var source = new EventSource(url);
  source.addEventListener("open", function () { document.documentElement.setAttribute("data-live", "listening"); });
  source.addEventListener("case", function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    var note = document.getElementById("live-change");
    if (!note) {
      note = document.createElement("p");
      note.id = "live-change";
      note.className = "notice";
      note.setAttribute("role", "status");
      var main = document.querySelector("main");
      main.insertBefore(note, main.firstChild);
    }
    note.textContent = "Phản ánh vừa được cập nhật (" + event.change + "; trạng thái: " + event.statusLabel + "). ";
    var reload = document.createElement("a");
    reload.href = window.location.pathname;
    reload.textContent = "Tải lại trang";
    note.appendChild(reload);
  });
})();
