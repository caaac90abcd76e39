// RANTING offline service worker (scope /luring/), rendered by ranting/offline/views.py.
// The version is a hash of every cached file, so a change anywhere makes this script differ
// and the browser installs the new worker, which replaces the old cache.
const VERSION = "{{ version }}";
const CACHE = "ranting-luring-" + VERSION;
const SHELL = "{{ shell_url }}";
const PRECACHE = {{ precache_json|safe }};
const PRECACHED = new Set(PRECACHE);
// A navigation waits this long for the network before the cached shell is shown: a posyandu
// with one bar of signal should not keep the kader staring at a blank page.
const NETWORK_TIMEOUT_MS = 4000;

async function cacheShell(cache) {
  // Cached only as a signed-in user sees it; a redirect to the login page is never kept.
  const response = await fetch(SHELL, { credentials: "same-origin", redirect: "manual" });
  if (response.ok && response.type === "basic") await cache.put(SHELL, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Past the HTTP cache: a file cached by the browser before a deploy must not end up in
      // the new version's cache.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
      await cacheShell(cache).catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith("ranting-luring-") && name !== CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

// The shell page: the network when it answers in time (fresh nav links and CSRF cookie),
// else the copy from the last visit.
async function shellResponse(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([fetch(request), timeout(NETWORK_TIMEOUT_MS)]);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(SHELL, response.clone());
    } else if (response.status >= 500) {
      // A failing server is no reason to stop work: the copy still records offline. A
      // redirect to the login page or a 403 is passed on, so the kader signs in again.
      const cached = await cache.match(SHELL);
      if (cached) return cached;
    }
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cachedFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(shellResponse(request));
  } else if (PRECACHED.has(url.pathname + url.search)) {
    event.respondWith(cachedFirst(request));
  }
  // Everything else (API, child list) goes to the network; the app keeps its own copy.
});
