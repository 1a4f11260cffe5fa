/* KNS LMS service worker: course and lesson pages a learner has opened (or saved with "Tải về để học khi không
   có mạng") stay readable without a connection — mountain communes lose 3G often.

   Caches:
   - "kns-static": fingerprinted /static/ files (?v=<hash>, never change, so cache-first) and the offline page.
   - "kns-pages-<user id>": that person's course and lesson pages. Only one person's pages are ever kept: office
     computers are shared, so a new user id, a signed-out page or a logout message removes them all.

   Served by the app at /sw.js (so its scope is the whole site) with a build stamp on the first line: any change
   to a static file gives a new worker, which re-saves the offline page and drops files no longer used. */
"use strict";

const STATIC_CACHE = "kns-static";
const PAGES_PREFIX = "kns-pages-";
const OFFLINE_URL = "/offline";
// On a weak 3G link a page can hang for a long time; after this long a saved copy is shown instead.
const NETWORK_TIMEOUT_MS = 4000;
// Only these pages are saved: /courses/<id> and /courses/<id>/lessons/<id>. Sign-in, API, quizzes (answers and
// timers must be live) and every other page are never kept.
const SAVED_PAGE = /^\/courses\/\d+(?:\/lessons\/\d+)?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(pruneStatic().then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "logout") {
    event.waitUntil(keepPagesOf(null));
  } else if (data.type === "user") {
    event.waitUntil(keepPagesOf(data.user ? String(data.user) : null));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // form posts and answers always go to the server, untouched
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (url.pathname.startsWith("/static/") && url.searchParams.has("v")) {
    event.respondWith(staticFile(event, request));
  }
});

/* The offline page is fetched without cookies: the copy kept for everyone carries no name, unit or message. */
async function precache() {
  const response = await fetch(OFFLINE_URL, { credentials: "omit", cache: "no-store" });
  if (response.status !== 200 || response.redirected) throw new Error("offline page: " + response.status);
  const html = await response.clone().text();
  const cache = await caches.open(STATIC_CACHE);
  await cache.addAll(staticUrls(html));
  await cache.put(OFFLINE_URL, response);
}

/* Old fingerprinted files pile up otherwise: keep the offline page and what it uses; other files come back on
   their next use online. */
async function pruneStatic() {
  const cache = await caches.open(STATIC_CACHE);
  const offline = await cache.match(OFFLINE_URL);
  if (!offline) return;
  const keep = new Set(staticUrls(await offline.text()).map((path) => new URL(path, self.location.origin).href));
  keep.add(new URL(OFFLINE_URL, self.location.origin).href);
  const requests = await cache.keys();
  await Promise.all(requests.filter((request) => !keep.has(request.url)).map((request) => cache.delete(request)));
}

function staticUrls(html) {
  const urls = new Set();
  for (const match of html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)) {
    urls.add(match[1].replace(/&amp;/g, "&"));
  }
  return [...urls];
}

/* Delete every person's saved pages except this user's (null: everyone's). */
async function keepPagesOf(user) {
  const names = await caches.keys();
  const doomed = names.filter((name) => name.startsWith(PAGES_PREFIX) && name !== PAGES_PREFIX + user);
  await Promise.all(doomed.map((name) => caches.delete(name)));
}

/* Network first, so people see today's lesson and progress; a saved copy when the network fails or is slow;
   else the offline page. */
async function navigate(event, url) {
  const savable = SAVED_PAGE.test(url.pathname);
  const network = fetch(event.request);
  // This reaction is registered first, so it clones the body before the browser starts reading it.
  const saving = network.then((response) => (savable ? remember(url, response.clone()) : null));
  event.waitUntil(saving.catch(() => null)); // a slow page still gets saved after the copy was shown
  const saved = savable ? savedCopy(url) : Promise.resolve(undefined);
  try {
    const first = await Promise.race([network, delay(NETWORK_TIMEOUT_MS)]);
    if (first) return first;
    return (await saved) || (await network); // slow link and nothing saved: keep waiting for the network
  } catch (error) {
    return (await saved) || (await offlinePage());
  }
}

/* Keep a successful page under the user id written in the page itself (<body data-user>), so a page of a
   signed-out visitor is never kept and a page of someone new clears the previous person's pages. */
async function remember(url, response) {
  // Navigations do not follow redirects: a redirect arrives as an "opaqueredirect" (status 0) and is not kept.
  if (response.status === 404 || response.status === 403) {
    await forget(url); // the lesson was removed or the person no longer has access
    return;
  }
  if (response.status !== 200 || response.type !== "basic" || response.redirected) return;
  const html = await response.text();
  const user = userOf(html);
  if (!user) return;
  await keepPagesOf(user);
  const cache = await caches.open(PAGES_PREFIX + user);
  await cache.put(url.href, savedResponse(html, response));
}

function userOf(html) {
  const match = /<body[^>]*\sdata-user="(\d+)"/.exec(html);
  return match ? match[1] : null;
}

/* Only the content type is copied: the body is already decompressed, so length and encoding no longer apply. */
function savedResponse(html, response) {
  return new Response(html, { headers: { "Content-Type": response.headers.get("Content-Type") || "text/html" } });
}

async function pageCaches() {
  const names = await caches.keys();
  return names.filter((name) => name.startsWith(PAGES_PREFIX));
}

async function savedCopy(url) {
  for (const name of await pageCaches()) {
    const cache = await caches.open(name);
    const hit = await cache.match(url.href, { ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

async function forget(url) {
  for (const name of await pageCaches()) {
    const cache = await caches.open(name);
    await cache.delete(url.href, { ignoreVary: true });
  }
}

async function offlinePage() {
  return (await caches.match(OFFLINE_URL, { cacheName: STATIC_CACHE, ignoreVary: true })) || Response.error();
}

/* Fingerprinted files never change: serve the kept copy without asking the network at all. */
async function staticFile(event, request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200) event.waitUntil(cache.put(request, response.clone()));
  return response;
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms, null));
}
