// VIP Lab's service worker: after the first visit the app works offline. At build time a small
// Vite plugin (vite.config.ts) writes the list of every file the build emitted, and a version made
// from their contents, into the two marked places below. Paths are relative to this file, so a
// copy served from any sub-path caches itself and nothing else.
/* global self, caches, fetch, URL, Response */
const PRECACHE = /*__PRECACHE__*/ [];
const VERSION = /*__VERSION__*/ 'dev';
const CACHE = `vip-lab-${VERSION}`;
const SHELL = new URL('./index.html', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new URL(path, self.location.href).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key.startsWith('vip-lab-') && key !== CACHE).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  );
});

const scope = () => self.registration.scope;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope())) return;
  if (request.mode === 'navigate') {
    // The page itself: the network first (so a new version shows when online), the cached copy
    // offline. Any address in scope (?embed=1, a #s= link) is the same single page.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return response;
        })
        .catch(() => caches.match(SHELL, { cacheName: CACHE }).then((cached) => cached || Response.error())),
    );
    return;
  }
  // Everything else the build emitted has a content-hashed name or is listed: cache first.
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true, ignoreVary: true }).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          if (response.ok && new URL(request.url).origin === self.location.origin) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
