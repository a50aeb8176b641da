// Live changes of the case on its page (issue 15 item 6): when someone else moves or triages this case — on
// this server or another one behind the same proxy — the page says so and offers to reload, instead of letting
// the viewer act on a stale page. Without scripts nothing changes.
(function () {
  "use strict";
  // The page's language (issue 14): these few words are the script's own; everything else comes from the page.
  var english = document.documentElement.lang === "en";
  function say(vietnamese, inEnglish) { return english ? inEnglish : vietnamese; }
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
    note.textContent = say("Phản ánh vừa được cập nhật (", "This report has just been updated (") + event.change
      + say("; trạng thái: ", "; status: ") + event.statusLabel + "). ";
    var reload = document.createElement("a");
    reload.href = window.location.pathname;
    reload.textContent = say("Tải lại trang", "Reload the page");
    note.appendChild(reload);
  });
})();
