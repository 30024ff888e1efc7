// Registers the service worker that keeps VIP Lab working offline (production builds only), and
// offers Reload when a new version is waiting. Loaded after the first paint by main.tsx. A tab left
// open asks the server for a new version every hour and whenever it comes back into view.
/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';
import { offerReload } from './appUpdate';

/** How often an open tab checks for a new version (wall ms). */
const CHECK_EVERY_WALL_MS = 60 * 60 * 1000;
/** Reload goes ahead after this long even if no new worker took control (wall ms). */
const RELOAD_FALLBACK_WALL_MS = 3_000;

export function registerUpdates(): void {
  const updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh() {
      // The new version's worker waits; Reload lets it take over, then reloads the page. The page
      // reloads itself when the new worker takes control (workbox-window only does so for a tab
      // that was already controlled when it registered, not for the tab of a first visit).
      offerReload('newVersion', () => {
        let reloading = false;
        const reload = () => {
          if (reloading) return;
          reloading = true;
          location.reload();
        };
        navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
        void updateServiceWorker(true);
        // If the waiting worker is gone meanwhile (another tab let it in), reload all the same.
        setTimeout(reload, RELOAD_FALLBACK_WALL_MS);
      });
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => void registration.update().catch(() => undefined);
      setInterval(check, CHECK_EVERY_WALL_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
    onRegisterError(error: unknown) {
      console.warn('VIP Lab: offline use is not available.', error);
    },
  });
}
