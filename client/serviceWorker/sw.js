// Beliefmap's service worker: keeps the app itself (index.html and the built assets) in
// this browser, so a board this browser has opened loads with no network at all; the
// board's content comes from IndexedDB (client/state/offlineStore.ts), not from here.
// Built by scripts/serviceWorkerPlugin.ts, which puts SHELL_VERSION and SHELL_FILES
// (every file the build produced) above this text: a new deploy changes them, so the
// browser installs the new worker, which replaces the old cache. docs/durability.md.
/* global SHELL_VERSION, SHELL_FILES */

const CACHE_PREFIX = 'beliefmap-shell-';
const CACHE_NAME = CACHE_PREFIX + SHELL_VERSION;
/** The page every route of the app is served from (the server answers / with index.html). */
const SHELL_PAGE = '/';
/** A navigation slower than this (a "lie-fi" network) gets the kept page instead. */
const NAVIGATION_TIMEOUT_MS = 5000;
/** The relay, the API and the health check are live data: never cached, never answered here. */
const NEVER_CACHED = /^\/(api|ws|healthz)(\/|$)/;
/** Pages the app routes itself: home and boards. Anything else goes to the network as is. */
const APP_PAGES = /^\/(b\/[^/]+)?$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      // 'reload': the copy kept must be the server's current one, not the HTTP cache's.
      await cache.addAll([SHELL_PAGE, ...SHELL_FILES].map((url) => new Request(url, { cache: 'reload' })));
      // A new deploy takes over at once: pages load the new shell on their next navigation.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)));
      // The page that registered the worker is controlled now, not only after a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) return;

  if (request.mode === 'navigate') {
    if (APP_PAGES.test(url.pathname)) event.respondWith(networkFirstPage(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(keptAsset(request));
});

/**
 * The server's answer when it gives one (an unknown board's 404 page included); the kept
 * index.html only when the network fails or hangs.
 */
async function networkFirstPage(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch (error) {
    const kept = await caches.match(SHELL_PAGE, { cacheName: CACHE_NAME });
    if (kept) return kept;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Hashed names never change content: the kept copy when there is one, else fetch and keep it. */
async function keptAsset(request) {
  const cache = await caches.open(CACHE_NAME);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
