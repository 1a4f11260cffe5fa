/* Quiz attempt page.
   Autosave: every answer is sent the moment it is given; unsent answers wait in localStorage and are retried
   until the server has them, so a dropped connection or a closed tab loses nothing. The server's deadline rules:
   a 409 means the attempt is closed.
   Paging: questions-per-page from the quiz, a navigator (answered / unanswered / flagged), flags kept on this
   device, and a check of what is unanswered or flagged before submitting.
   Timer: the server's clock, warnings at 5 and 1 minutes, and a submit of its own at 0:00. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var msg = document.getElementById("quiz-messages").dataset;
  var csrf = form.querySelector("input[name=csrf_token]");
  var saveUrl = form.dataset.saveUrl;
  var storeKey = "kns-attempt-" + form.dataset.attempt;
  var flagKey = storeKey + "-flags";
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
      showOffline(false);
      if (response.ok) {
        if (JSON.stringify(pending[id]) === JSON.stringify(body)) { delete pending[id]; }
        persist();
        setState(id, msg.saved, "saved");
        retryDelay = 2000;
        summary();
        paging.refresh();
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
      showOffline(true);
      retry(id, msg.offline);
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
  function retry(id, text) {
    setState(id, text || msg.retry, "retrying");
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
  var banner = document.getElementById("connection-banner");
  function showOffline(offline) { if (banner) { banner.hidden = !offline; } }
  window.addEventListener("online", function () { showOffline(false); send(); });
  window.addEventListener("offline", function () { showOffline(true); });
  if (navigator.onLine === false) { showOffline(true); }

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

  /* Submitting: the form's own submit() may be shadowed by a control named "submit", so call the prototype's. */
  function submitNow() {
    closed = true;
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "submit"; hidden.value = "1";
    form.appendChild(hidden);
    if (!Object.keys(pending).length) {
      try { localStorage.removeItem(storeKey); localStorage.removeItem(flagKey); } catch (e) { /* ignore */ }
    }
    HTMLFormElement.prototype.submit.call(form);
  }
  form.addEventListener("submit", function () {
    // Unsent answers travel in the form itself; keep them on this device until the server has them.
    if (!Object.keys(pending).length) {
      try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
    }
  });

  var paging = pages();
  var review = document.getElementById("submit-review");
  document.getElementById("submit-attempt").addEventListener("click", function (event) {
    event.preventDefault();
    paging.showReview();
  });
  document.getElementById("review-back").addEventListener("click", function () { paging.hideReview(); });
  document.getElementById("review-submit").addEventListener("click", submitNow);

  /* Pages of questions, the navigator and the flags. */
  function pages() {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
    var perPage = parseInt(form.dataset.perPage || "0", 10) || boxes.length;
    var count = Math.max(1, Math.ceil(boxes.length / perPage));
    var current = 0;
    var nav = document.getElementById("q-nav");
    var pager = document.getElementById("pager");
    var flags = loadFlags();
    var buttons = [];

    boxes.forEach(function (box, index) {
      var flag = document.createElement("button");
      flag.type = "button";
      flag.className = "flag-toggle";
      box.querySelector("legend").after(flag);
      flag.addEventListener("click", function () {
        var id = box.dataset.question;
        if (flags[id]) { delete flags[id]; } else { flags[id] = true; }
        saveFlags();
        refresh();
      });
      var link = document.createElement("button");
      link.type = "button";
      link.textContent = box.dataset.number;
      link.addEventListener("click", function () { show(Math.floor(index / perPage), box); });
      nav.appendChild(link);
      buttons.push(link);
    });
    nav.hidden = false;
    pager.hidden = count < 2;
    document.getElementById("page-prev").addEventListener("click", function () { show(current - 1); });
    document.getElementById("page-next").addEventListener("click", function () { show(current + 1); });

    function loadFlags() {
      try { return JSON.parse(localStorage.getItem(flagKey) || "{}"); } catch (e) { return {}; }
    }
    function saveFlags() {
      try { localStorage.setItem(flagKey, JSON.stringify(flags)); } catch (e) { /* ignore */ }
    }
    function answered(box) {
      var answer = answerOf(box);
      return answer.text !== undefined ? answer.text.trim() !== "" : answer.option_ids.length > 0;
    }
    function refresh() {
      boxes.forEach(function (box, index) {
        var id = box.dataset.question;
        var done = answered(box);
        var link = buttons[index];
        var words = msg.question.replace("{n}", box.dataset.number) + ": " + (done ? msg.answered : msg.unanswered) +
          (flags[id] ? ", " + msg.flagged : "");
        link.className = "q-nav-item" + (done ? " answered" : "") + (flags[id] ? " flagged" : "") +
          (Math.floor(index / perPage) === current ? " on-page" : "");
        link.setAttribute("aria-label", words);
        link.title = words;
        var toggle = box.querySelector(".flag-toggle");
        toggle.textContent = flags[id] ? "★ " + msg.unflag : "☆ " + msg.flag;
        toggle.setAttribute("aria-pressed", flags[id] ? "true" : "false");
      });
    }
    function show(page, focus) {
      current = Math.max(0, Math.min(count - 1, page));
      boxes.forEach(function (box, index) { box.hidden = Math.floor(index / perPage) !== current; });
      document.getElementById("page-label").textContent =
        msg.page.replace("{n}", current + 1).replace("{total}", count);
      document.getElementById("page-prev").disabled = current === 0;
      document.getElementById("page-next").disabled = current === count - 1;
      refresh();
      var first = buttons[current * perPage];
      if (first && first.scrollIntoView) { nav.scrollLeft = first.offsetLeft - nav.offsetLeft - 4; }
      var target = focus || boxes[current * perPage];
      if (target && focus !== undefined) {
        target.scrollIntoView({ block: "start" });
        var first = target.querySelector("input");
        if (first) { first.focus({ preventScroll: true }); }
      }
    }
    function listOf(items) {
      return items.map(function (box) { return box.dataset.number; }).join(", ");
    }
    function fillReview() {
      var missing = boxes.filter(function (box) { return !answered(box); });
      var flagged = boxes.filter(function (box) { return flags[box.dataset.question]; });
      var unanswered = document.getElementById("review-unanswered");
      unanswered.textContent = missing.length
        ? msg.unansweredList.replace("{n}", missing.length) + " " + listOf(missing)
        : msg.noneUnanswered;
      var flaggedLine = document.getElementById("review-flagged");
      flaggedLine.hidden = !flagged.length;
      flaggedLine.textContent = msg.flaggedList.replace("{n}", flagged.length) + " " + listOf(flagged);
    }
    show(0);
    return {
      refresh: refresh,
      showReview: function () {
        fillReview();
        review.hidden = false;
        document.getElementById("quiz-actions").hidden = true;
        review.focus();
      },
      hideReview: function () {
        review.hidden = true;
        document.getElementById("quiz-actions").hidden = false;
      }
    };
  }

  form.addEventListener("change", function () { paging.refresh(); });

  /* The timer runs on the server's clock (the device's may be wrong), warns at 5 and 1 minutes, and submits the
     attempt itself at 0:00; the server grades it anyway a little later if this page is gone. */
  var countdown = document.getElementById("countdown");
  if (countdown) {
    var skew = new Date(countdown.dataset.now).getTime() - Date.now();
    var deadline = new Date(countdown.dataset.deadline).getTime();
    var alertBox = document.getElementById("timer-alert");
    var warned = {};
    var warn = function (minutes, text) {
      if (warned[minutes]) { return; }
      warned[minutes] = true;
      alertBox.textContent = text;
      alertBox.hidden = false;
      document.getElementById("timer").classList.add(minutes === 1 ? "timer-urgent" : "timer-warn");
    };
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = ("0" + (left % 60)).slice(-2);
      countdown.textContent = "— " + msg.left + " " + minutes + ":" + seconds;
      if (left <= 60 && left > 0) { warn(1, msg.warn1); } else if (left <= 300 && left > 0) { warn(5, msg.warn5); }
      if (left <= 0) {
        countdown.textContent = msg.timeup;
        alertBox.textContent = msg.timeup;
        alertBox.hidden = false;
        submitNow();
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
