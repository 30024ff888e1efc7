// Browser tests: real Chromium against the production build served by `vite preview` (every spec), and
// the smoke spec also against the development server that `npm start` runs (React's StrictMode is on there).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from './scripts/chromium';
import { e2ePorts } from './scripts/e2ePorts';

const choice = findChromium();
if (!choice) {
  console.error(NO_CHROMIUM_MESSAGE);
  process.exit(1);
}

// Our own servers on ports picked once (the workers load this file again and inherit the choice):
// $VIP_LAB_E2E_PORT (or $PW_PORT) and $VIP_LAB_E2E_DEV_PORT if set, else free ones. A server already
// answering there is someone else's: the run stops rather than test it.
const ports = e2ePorts({ VIP_LAB_E2E_PORT: ['PW_PORT'], VIP_LAB_E2E_DEV_PORT: [] });
const PORT = ports.VIP_LAB_E2E_PORT;
const DEV_PORT = ports.VIP_LAB_E2E_DEV_PORT;
const E2E_DIST = `.e2e-dist/${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  // The list reporter prints each test's duration, so a CI log shows where the minutes go.
  reporter: 'list',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: choice.executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'production', use: { baseURL: `http://127.0.0.1:${PORT}` } },
    { name: 'dev', testMatch: 'smoke.spec.ts', use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
  ],
  webServer: [
    {
      // Built into a folder of its own per port, so two runs on one machine never overwrite each other's build.
      command: `npx vite build --logLevel warn --outDir ${E2E_DIST} --emptyOutDir && npx vite preview --outDir ${E2E_DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // What `npm start` runs, on its own port.
      command: `npm start -- --port ${DEV_PORT} --strictPort --logLevel warn`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
