// Vite build and dev server config (with the offline service worker); also Vitest's (unit tests
// run the engine in Node).
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Offline use and updates: a Workbox service worker precaches every file the build emitted, each
 * with its revision, and drops the caches of older versions once it takes over. A new version
 * waits (registerType 'prompt') until the user chooses Reload (src/ui/status/UpdatePrompt.tsx), so
 * an open tab keeps loading the files of its own version meanwhile. The page registers it itself
 * after the first paint (src/ui/status/registerUpdates.ts); the dev server has none.
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  // index.html links public/manifest.webmanifest itself.
  manifest: false,
  devOptions: { enabled: false },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    cleanupOutdatedCaches: true,
    // The first version takes charge of the tab that installed it, so that tab too keeps its own
    // version's files when a newer one is deployed. Later versions wait for Reload (no skipWaiting).
    clientsClaim: true,
    // Every address in scope (?embed=1, a #s= link) is the same single page.
    navigateFallback: 'index.html',
    // The simulation worker's bundle is the largest file; keep room above it.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  },
});

/**
 * index.html's Content-Security-Policy forbids inline script; the dev server injects some (React
 * refresh, HMR styles), so in dev only the policy is left out. The production build keeps it.
 */
function devWithoutCsp(): Plugin {
  return {
    name: 'vip-lab-dev-without-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, '');
    },
  };
}

/**
 * Modules the page loads at once anyway that the lazily loaded panels also import. Without this
 * group the bundler gives each its own tiny chunk, and a dozen separately compressed files cost
 * several KB more than one. (A module missing here still works; it just gets its own chunk.)
 */
const EAGER_SHARED =
  /node_modules[\\/](react|react-dom|scheduler|zustand|d3-selection)[\\/]|src[\\/](state[\\/](store|explainStore|lessonState|sharing[\\/](sharingStore|address|snapshot|startup|actionsOnDemand|persistence)|timeline|workerBridge|download|wholeNumber|scenarioEdit)|scenario[\\/](defaults|simTime)|ui[\\/](controls[\\/]applyEdit|common[\\/](NumberField|format|useWidth)|explain[\\/](ExplainPanel|ActionTag))|view[\\/](viewSource|packetStyle|hostState))\.tsx?$/;

export default defineConfig({
  // Relative base so the production build works from any sub-path of a static host.
  base: './',
  plugins: [react(), devWithoutCsp(), offline],
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What the first paint needs and the on-demand parts share (React, the stores, the
              // small UI helpers): one chunk instead of a dozen tiny ones, so it compresses better.
              name: 'core',
              test: EAGER_SHARED,
            },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
