/* KNS LMS page script, on every page: offline reading (service worker, "Tải về" buttons, the offline page's
   list of saved lessons) and the idle sign-out timer. Everything degrades to plain links and forms. */
(() => {
  "use strict";
  const PAGES_PREFIX = "kns-pages-"; // the service worker's per-person page caches (see sw.js)
  const LESSON = /^\/courses\/\d+\/lessons\/(\d+)$/;
  const user = document.body.dataset.user || "";
  const offlineList = document.getElementById("offline-lessons");
  // The Cache API exists only on https (or localhost); without it nothing can be kept for offline reading.
  const canKeep = "caches" in window && "serviceWorker" in navigator;

  startIdleTimer(Number(document.body.dataset.idleSeconds) || 0);
  if (canKeep) {
    startServiceWorker();
    guardLogout();
    document.querySelectorAll("[data-offline-urls]").forEach(setUpSaveButton);
    if (offlineList) listSavedLessons();
  }
  if (user) {
    document.querySelectorAll("form.complete-form").forEach(keepCompletionWhenOffline);
    sendQueuedCompletions();
    window.addEventListener("online", sendQueuedCompletions);
  }
  document.querySelectorAll("[data-reload]").forEach((button) => {
    button.addEventListener("click", () => window.location.reload());
  });

  /* "Đánh dấu đã học xong" on a lesson read offline: keep the completion on this device (per person) and send it
     when the connection is back, instead of ending on the browser's no-connection page. */
  const completionKey = `kns-completions-${user}`;
  function queued() {
    try { return JSON.parse(localStorage.getItem(completionKey) || "[]"); } catch (e) { return []; }
  }
  function keep(list) {
    try { localStorage.setItem(completionKey, JSON.stringify(list)); } catch (e) { /* storage full or off */ }
  }
  function keepCompletionWhenOffline(form) {
    form.addEventListener("submit", (event) => {
      if (navigator.onLine !== false) return; // online: the ordinary form post
      event.preventDefault();
      const list = queued().filter((item) => item.url !== form.action);
      list.push({ url: form.action, token: form.querySelector("input[name=csrf_token]")?.value || "" });
      keep(list);
      const note = form.querySelector(".offline-note");
      note.hidden = false;
      note.focus();
    });
  }
  async function sendQueuedCompletions() {
    if (navigator.onLine === false) return;
    let list = queued();
    for (const item of list.slice()) {
      let response;
      try {
        const body = new FormData();
        body.append("csrf_token", item.token);
        response = await fetch(item.url, {
          method: "POST", body, credentials: "same-origin", redirect: "manual",
          headers: { Accept: "application/json", "X-CSRFToken": item.token },
        });
      } catch (e) {
        return; // still no connection: try again at the next "online" or page
      }
      // Sent, or refused for good (lesson gone, no longer enrolled). A session that ended keeps it for later.
      if (response.ok || response.status === 403 || response.status === 404) {
        list = list.filter((other) => other.url !== item.url);
        keep(list);
      } else {
        return;
      }
    }
    if (!list.length) localStorage.removeItem(completionKey);
  }

  /* After the idle time without input, reload: the server sees the idle session, signs the person out and
     clears the browser, so the next person at a shared office computer finds nothing of theirs. */
  function startIdleTimer(seconds) {
    if (seconds <= 0) return;
    const limit = seconds * 1000 + 2000; // a little after the server's limit, so the reload surely signs out
    let lastInput = Date.now();
    const touch = () => { lastInput = Date.now(); };
    ["keydown", "pointerdown", "scroll"].forEach((type) => {
      window.addEventListener(type, touch, { capture: true, passive: true });
    });
    // Re-armed for the time left instead of on every scroll event; a phone that slept fires late, which is fine.
    const check = () => {
      const idle = Date.now() - lastInput;
      if (idle >= limit) window.location.reload();
      else window.setTimeout(check, limit - idle);
    };
    window.setTimeout(check, limit);
  }

  function startServiceWorker() {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // E.g. during the forced password change /sw.js redirects there; the next page tries again.
    });
    // The offline page is a copy made while signed out: its empty data-user says nothing about who is here.
    if (offlineList) return;
    if (!user) forgetSavedPages(); // signed out: straight away, even before a worker is running
    navigator.serviceWorker.ready.then((registration) => {
      const message = user ? { type: "user", user } : { type: "logout" };
      if (registration.active) registration.active.postMessage(message);
    });
  }

  async function forgetSavedPages() {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PAGES_PREFIX)).map((name) => caches.delete(name)));
  }

  /* Belt and braces with the server's Clear-Site-Data. The worker deletes the saved pages in its own time
     (it outlives this page), so the logout itself is never held back; the page deletes them too in case no
     worker controls it. */
  function guardLogout() {
    document.querySelectorAll("form").forEach((form) => {
      if (new URL(form.action, window.location.href).pathname !== "/auth/logout") return;
      form.addEventListener("submit", () => {
        const controller = navigator.serviceWorker.controller;
        if (controller) controller.postMessage({ type: "logout" });
        forgetSavedPages();
      });
    });
  }

  /* "Tải về để học khi không có mạng": fetch each lesson of the module, one at a time (on a weak link parallel
     downloads only slow each other), into this person's page cache, which the service worker reads offline. */
  function setUpSaveButton(button) {
    if (!user) return; // pages of a signed-out visitor are never kept
    const box = button.closest(".offline-save");
    const status = box.querySelector(".offline-status");
    const urls = button.dataset.offlineUrls.split(/\s+/).filter(Boolean);
    const say = (template, n) => {
      status.textContent = template.replace("{n}", n).replace("{total}", urls.length);
      status.classList.toggle("failed", template === button.dataset.failed);
    };
    box.hidden = false;
    allSaved(urls).then((saved) => { if (saved) say(button.dataset.done, urls.length); });

    button.addEventListener("click", async () => {
      button.disabled = true;
      let saved = 0;
      try {
        const cache = await caches.open(PAGES_PREFIX + user);
        say(button.dataset.progress, saved);
        for (const url of urls) {
          await cache.put(url, await fetchLesson(url));
          saved += 1;
          say(button.dataset.progress, saved);
        }
        say(button.dataset.done, saved);
      } catch (error) {
        say(button.dataset.failed, saved);
      } finally {
        button.disabled = false;
      }
    });
  }

  async function fetchLesson(url) {
    // Redirects are not followed: a redirect means signed out (or idle), and a sign-in page must not be kept.
    const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
    if (response.status !== 200 || response.type !== "basic") throw new Error(url + ": " + response.status);
    const html = await response.text();
    // Someone else may have signed in in another tab meanwhile: keep only pages of the person on this page.
    const match = /<body[^>]*\sdata-user="(\d+)"/.exec(html);
    if (!user || !match || match[1] !== user) throw new Error(url + ": another user");
    // The body is already decompressed: copy only the content type, not length or encoding.
    return new Response(html, { headers: { "Content-Type": response.headers.get("Content-Type") || "text/html" } });
  }

  async function allSaved(urls) {
    if (!user) return false;
    const cache = await caches.open(PAGES_PREFIX + user);
    const hits = await Promise.all(urls.map((url) => cache.match(url, { ignoreVary: true })));
    return hits.every(Boolean);
  }

  /* The offline page: list the lessons saved on this device, read from the saved pages themselves. Only one
     person's pages are ever kept (see sw.js), so when this copy does not say who is here, that person's list
     is the one to show. */
  async function listSavedLessons() {
    const status = document.getElementById("offline-status");
    const names = (await caches.keys()).filter((name) =>
      name.startsWith(PAGES_PREFIX) && (!user || name === PAGES_PREFIX + user));
    const lessons = [];
    const parser = new DOMParser();
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        const match = LESSON.exec(path);
        if (!match) continue;
        const response = await cache.match(request, { ignoreVary: true });
        const doc = parser.parseFromString(await response.text(), "text/html");
        const heading = doc.querySelector("main h1");
        const course = doc.querySelector(".breadcrumbs a");
        lessons.push({
          path,
          id: Number(match[1]),
          title: heading ? heading.textContent.trim() : path,
          course: course ? course.textContent.trim() : "",
        });
      }
    }
    lessons.sort((a, b) => a.course.localeCompare(b.course, "vi") || a.id - b.id);
    offlineList.replaceChildren(...lessons.map((lesson) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = lesson.path;
      link.textContent = lesson.title;
      item.append(link);
      if (lesson.course) {
        const course = document.createElement("span");
        course.className = "muted";
        course.textContent = lesson.course;
        item.append(course);
      }
      return item;
    }));
    status.textContent = lessons.length ? "" : status.dataset.empty;
    status.hidden = lessons.length > 0;
  }
})();
