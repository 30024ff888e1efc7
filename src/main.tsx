// Entry point: picks the scenario to start with (a link in the address, else the one saved in this
// browser), mounts the React app, then restores how that scenario was being shown. In production
// builds it also registers the service worker that makes the app work offline. Wiring only.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isEmbed } from './state/sharing/address';
import { finishStart, prepareStart } from './state/sharing/startup';
import { wireLab } from './state/wireLab';
import { App } from './ui/App';
import './ui/app.css';

if (isEmbed()) document.documentElement.classList.add('embed');
wireLab();

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

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // Relative to the page, so a copy served from any sub-path caches itself.
  const register = () =>
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error: unknown) => {
      console.warn('VIP Lab: offline use is not available.', error);
    });
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
