/* Roster import: a 20 000-row file takes a few seconds, so say that it is being processed and stop a second
   submit. The message comes from the page (data-message) so it stays translatable. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-busy-form]");
  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector("[data-busy-status]");
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    function setBusy(busy) {
      Array.prototype.forEach.call(buttons, function (button) {
        button.disabled = busy;
        if (busy) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
      });
      if (status) { status.textContent = busy ? status.dataset.message : ""; }
    }
    form.addEventListener("submit", function () { setBusy(true); });
    // Coming back with the Back button restores the page from cache: make the form usable again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) { setBusy(false); } });
  });
}());
