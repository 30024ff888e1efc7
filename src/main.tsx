// Entry point: picks the scenario to start with (a link in the address, else the one saved in this
// browser), mounts the React app, then restores how that scenario was being shown. In production
// builds it also registers the service worker (offline use, and Reload when a new version is
// ready); the dev server runs without one. Wiring only.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isEmbed } from './state/sharing/address';
import { finishStart, prepareStart } from './state/sharing/startup';
import { wireLab } from './state/wireLab';
import { App } from './ui/App';
import { whyNotLoaded } from './ui/status/appUpdate';
import './ui/app.css';

if (isEmbed()) document.documentElement.classList.add('embed');
wireLab();

// Code fetched on demand that does not arrive: if the app was updated while this tab was open, the
// update prompt offers Reload (the connection message is for a real network problem).
window.addEventListener('vite:preloadError', () => void whyNotLoaded());

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">.');

try {
  await prepareStart();
} catch (error) {
  // Whatever went wrong with a link or saved data, the page still starts with the default.
  console.warn('VIP Lab: starting with the default scenario.', error);
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void finishStart();

if ('serviceWorker' in navigator) {
  if (import.meta.env.PROD) {
    // After the first paint, so it does not compete with it; its code is a chunk of its own.
    const register = () =>
      void import('./ui/status/registerUpdates')
        .then((m) => m.registerUpdates())
        .catch((error: unknown) => console.warn('VIP Lab: offline use is not available.', error));
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  } else {
    // The dev server serves live code: a service worker left by a production build on this origin
    // would serve stale files, so none stays.
    void navigator.serviceWorker
      .getRegistrations()
      .then((all) => Promise.all(all.map((r) => r.unregister())))
      .catch(() => undefined);
  }
}
