// Finds a Chromium for Playwright: $CHROMIUM_PATH, then the system one, else Playwright's own.
// Returns undefined to let Playwright use its bundled browser (on machines where it is installed).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Headless flags for every Chromium the tests and benches launch (no sandbox as root, no GPU, quiet). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumChoice {
  executablePath: string | undefined;
  source: string;
}

export function findChromium(): ChromiumChoice | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { executablePath: fromEnv, source: `CHROMIUM_PATH=${fromEnv}` } : null;
  }
  for (const candidate of SYSTEM_CANDIDATES) {
    if (existsSync(candidate)) return { executablePath: candidate, source: candidate };
  }
  let bundled: string;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined, source: `Playwright's ${bundled}` };
  return null;
}

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found: install one (Debian: `apt-get install chromium`; elsewhere: `npx playwright install chromium`) or set CHROMIUM_PATH.';
