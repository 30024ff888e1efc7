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
 * The page's entry: index.html's script and src/main.tsx, which awaits the start-up at top level.
 * It stays out of the `core` chunk below: the code a link opened at load fetches on demand imports
 * from `core`, and with the entry inside it would wait for the entry, which waits for it.
 */
const IS_ENTRY = /[\\/](index\.html|src[\\/]main\.tsx)$/;

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
              // Everything the page loads at once (rolldown's `$initial`: all the entry imports
              // statically, React and the stores included) in one chunk, which the panels loaded on
              // demand import from. Left to itself the bundler cuts out of it each module an
              // on-demand part shares (a dozen small files, compressed separately, cost several KB
              // more than one), and a hand-kept list of such modules misses the newest ones.
              name: 'core',
              tags: ['$initial'],
              test: (id) => !IS_ENTRY.test(id),
            },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Tests assert behaviour, not timings: on a shared two-core machine under other tenants' load a
    // whole-run test that takes 1 s alone took 5-16 s, past Vitest's 5 s default, and failed CI.
    testTimeout: 30_000,
  },
});
