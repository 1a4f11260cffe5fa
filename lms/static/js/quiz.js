/* Quiz autosave: every answer is sent the moment it is given; unsent answers wait in localStorage
   and are retried until the server has them, so a dropped connection or a closed tab loses nothing.
   The server's deadline rules: a 409 means the attempt is closed. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var msg = document.getElementById("quiz-messages").dataset;
  var csrf = form.querySelector("input[name=csrf_token]");
  var saveUrl = form.dataset.saveUrl;
  var storeKey = "kns-attempt-" + form.dataset.attempt;
  var pending = load();
  var sending = false;
  var retryDelay = 2000;
  var closed = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function persist() {
    try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* storage full or off */ }
  }
  function fieldset(id) { return form.querySelector('fieldset[data-question="' + id + '"]'); }
  function setState(id, text, cls) {
    var box = fieldset(id);
    if (!box) { return; }
    var state = box.querySelector(".save-state");
    state.textContent = text;
    state.className = "save-state " + (cls || "");
  }
  function summary() {
    var total = form.querySelectorAll("fieldset.question").length;
    var saved = form.querySelectorAll(".save-state.saved").length;
    document.getElementById("save-summary").textContent =
      msg.summary.replace("{n}", saved).replace("{total}", total);
  }
  function answerOf(box) {
    if (box.dataset.type === "short_text") {
      return { text: box.querySelector("input[type=text]").value };
    }
    var ids = [];
    box.querySelectorAll("input:checked").forEach(function (input) { ids.push(parseInt(input.value, 10)); });
    return { option_ids: ids };
  }
  function queue(box) {
    var id = box.dataset.question;
    pending[id] = answerOf(box);
    persist();
    setState(id, msg.saving, "saving");
    send();
  }
  function send() {
    if (sending || closed) { return; }
    var ids = Object.keys(pending);
    if (!ids.length) { return; }
    var id = ids[0];
    var body = pending[id];
    sending = true;
    fetch(saveUrl.replace(/\/0$/, "/" + id), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      sending = false;
      if (response.ok) {
        if (JSON.stringify(pending[id]) === JSON.stringify(body)) { delete pending[id]; }
        persist();
        setState(id, msg.saved, "saved");
        retryDelay = 2000;
        summary();
        send();
      } else if (response.status === 409) {
        closed = true;
        setState(id, msg.closed, "failed");
      } else if (response.status === 401) {
        signedOut(id);
      } else if (response.status >= 400 && response.status < 500) {
        response.json().catch(function () { return {}; }).then(function (data) {
          if (data && data.error && data.error.code === "csrf_invalid") { signedOut(id); return; }
          delete pending[id];
          persist();
          setState(id, msg.invalid, "failed");
          send();
        });
      } else {
        retry(id);
      }
    }).catch(function () {
      sending = false;
      retry(id);
    });
  }
  /* The session ended (idle, signed out elsewhere, password changed): keep every unsent answer in
     localStorage and stop; they are sent when the person signs in again and reopens this page. */
  function signedOut(id) {
    closed = true;
    Object.keys(pending).forEach(function (key) { setState(key, msg.signedout, "failed"); });
    setState(id, msg.signedout, "failed");
    var notice = document.getElementById("signed-out-notice");
    if (notice) { notice.hidden = false; notice.querySelector("a").focus(); }
  }
  function retry(id) {
    setState(id, msg.retry, "retrying");
    setTimeout(send, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  form.querySelectorAll("fieldset.question").forEach(function (box) {
    var timer = null;
    box.addEventListener("change", function () { queue(box); });
    box.addEventListener("input", function (event) {
      if (event.target.type !== "text") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { queue(box); }, 800);
    });
  });
  window.addEventListener("online", send);

  // Answers given before the tab was closed, not yet on the server: show them and send them.
  Object.keys(pending).forEach(function (id) {
    var box = fieldset(id);
    if (!box) { delete pending[id]; return; }
    var answer = pending[id];
    if (answer.text !== undefined) {
      box.querySelector("input[type=text]").value = answer.text;
    } else {
      box.querySelectorAll("input").forEach(function (input) {
        input.checked = (answer.option_ids || []).indexOf(parseInt(input.value, 10)) >= 0;
      });
    }
    setState(id, msg.saving, "saving");
  });
  persist();
  send();

  var submitButton = document.getElementById("submit-attempt");
  submitButton.addEventListener("click", function (event) {
    if (!window.confirm(msg.confirm)) { event.preventDefault(); }
  });
  form.addEventListener("submit", function () {
    // Unsent answers travel in the form itself; keep them on this device until the server has them.
    if (!Object.keys(pending).length) {
      try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
    }
  });

  var countdown = document.getElementById("countdown");
  if (countdown) {
    var deadline = new Date(countdown.dataset.deadline).getTime();
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = ("0" + (left % 60)).slice(-2);
      countdown.textContent = "— " + msg.left + " " + minutes + ":" + seconds;
      if (left <= 0) {
        countdown.textContent = msg.timeup;
        closed = true;
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = "submit"; hidden.value = "1";
        form.appendChild(hidden);
        form.submit();
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
