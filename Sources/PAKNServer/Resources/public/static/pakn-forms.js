// Unsaved changes (issue 14): leaving a page whose marked form (data-warn-unsaved) was changed and not sent asks
// first, as the browser's own "leave this page?" dialog. Sending the form, or putting it back as it was, clears it.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
  if (!forms.length) return;
  function snapshot(form) {
    return Array.prototype.map.call(form.elements, function (e) {
      return e.name + "=" + (e.type === "checkbox" || e.type === "radio" ? e.checked : e.value);
    }).join("&");
  }
  var initial = forms.map(snapshot);
  var sending = false;
  forms.forEach(function (form) { form.addEventListener("submit", function () { sending = true; }); });
  window.addEventListener("beforeunload", function (event) {
    if (sending) return;
    var changed = forms.some(function (form, index) { return snapshot(form) !== initial[index]; });
    if (!changed) return;
    document.documentElement.setAttribute("data-unsaved", "1");
    event.preventDefault();
    event.returnValue = "";
  });
})();
