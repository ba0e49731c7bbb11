// The app's service worker. This is a template: scripts/service-worker.mjs
// writes it as sw.js next to index.html with BUILD and FILES filled in, so
// each build's worker differs from the last and the browser installs it.
//
// - Install: copy exactly this build's files into a cache of its own, each
//   checked against its sha384 (so a file from another build can never be
//   cached as this one's).
// - Fetch: only GETs of those files, from this origin, are answered, from the
//   cache; a navigation to the app's folder gets the cached index.html. API
//   calls, other paths and other origins go to the network untouched.
// - Update: a new build's worker installs and waits; the page offers Reload,
//   which posts "skip-waiting". Activation deletes the older builds' caches.
// - An empty FILES (a dev build) is a worker that removes itself and its
//   caches, so a release build once served on the same origin cannot keep
//   answering for `trunk serve`.

const BUILD = "__BUILD__";
/** [path relative to this script, sha384 integrity], one per file of the build. */
const FILES = __FILES__;

const SCOPE = new URL("./", self.location.href).href;
/** Caches are per origin: the folder keeps two copies of the app apart. */
const PREFIX = `mmchat:${new URL(SCOPE).pathname}:`;
const CACHE = PREFIX + BUILD;
const INDEX = new URL("index.html", SCOPE).href;
const INTEGRITY = new Map(FILES.map(([path, hash]) => [new URL(path, SCOPE).href, hash]));

self.addEventListener("install", (event) => {
  event.waitUntil(FILES.length === 0 ? self.skipWaiting() : precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  let key = url.href;
  if (request.mode === "navigate") {
    url.search = "";
    url.hash = "";
    // The app has no routes of its own: its folder and index.html are it.
    if (url.href === SCOPE || url.href === INDEX) key = INDEX;
  }
  if (!INTEGRITY.has(key)) return;
  event.respondWith(fromCache(key, request));
});

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    [...INTEGRITY].map(async ([url, integrity]) => {
      // A retried install keeps what an earlier try already checked.
      if (await cache.match(url, { ignoreVary: true })) return;
      // The page just fetched these: try the HTTP cache first, then the server.
      const response = await fetchChecked(url, integrity, "default").catch(() =>
        fetchChecked(url, integrity, "reload"),
      );
      await cache.put(url, await unredirected(response));
    }),
  );
}

async function fetchChecked(url, integrity, mode) {
  const response = await fetch(new Request(url, { integrity, cache: mode, credentials: "same-origin" }));
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response;
}

/** Browsers refuse a redirected response for a navigation (hosts that send
 * index.html to ./ redirect): keep the body and headers only. */
async function unredirected(response) {
  if (!response.redirected) return response;
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

async function activate() {
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
  }
  if (FILES.length > 0) {
    await self.clients.claim();
    return;
  }
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
}

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  // Keyed by URL alone: each entry was checked against its hash.
  return (await cache.match(key, { ignoreVary: true })) ?? fetch(request);
}
