// The render bench's load on the real app, set up through its own controls as a trainer would:
// 32 hosts, a connection rate (null keeps the default), optionally a load balancer of today, the
// Speed slider at its top stop, then Play.
// Shared by the bench (render.bench.ts) and the profiling tool (profileApp.ts).
import type { Page } from '@playwright/test';

/** Hosts in the heaviest cluster the app's controls allow (NLB's maximum). */
export const APP_HOSTS = 32;

export async function playAppAtLoad(page: Page, rate: number | null, balancer?: string): Promise<void> {
  if (balancer) {
    // A balancer node on the path: every client packet crosses it twice (its own hops to draw).
    await page
      .getByRole('combobox', { name: 'Load balancer', exact: true })
      .selectOption({ label: balancer });
    await page
      .getByRole('button', { name: /^Load balancer\b/ })
      .first()
      .waitFor({ timeout: 30_000 });
  }
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill(String(APP_HOSTS));
  await hosts.press('Enter');
  await page.getByRole('button', { name: new RegExp(`^Host ${APP_HOSTS},`) }).waitFor({ timeout: 30_000 });
  if (rate !== null) {
    await page.getByRole('button', { name: 'More settings' }).click();
    const field = page
      .getByRole('group', { name: 'More settings' })
      .getByRole('spinbutton', { name: 'Connection rate (per s)' });
    await field.fill(String(rate));
    await field.press('Enter');
    await page.getByRole('button', { name: 'Close settings' }).click();
  }
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  const shown = await speed.getAttribute('aria-valuetext');
  if (shown !== '100x') throw new Error(`the Speed slider's top stop reads ${shown}, not 100x`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

/**
 * Opens split view on the app playing at its load: Lab 2 starts as a copy of Lab 1's scenario, and
 * takes `lab2Balancer` (a label of its Load balancer list), as a trainer comparing two would have it.
 */
export async function openSplitAtLoad(page: Page, lab2Balancer: string): Promise<void> {
  await page.getByRole('button', { name: 'Split view' }).click();
  const lab2 = page.getByRole('region', { name: 'Lab 2' });
  await lab2.getByRole('button', { name: new RegExp(`^Host ${APP_HOSTS},`) }).waitFor({ timeout: 30_000 });
  await lab2.getByRole('combobox', { name: 'Load balancer' }).selectOption({ label: lab2Balancer });
  await lab2
    .getByRole('button', { name: /^Load balancer\b/ })
    .first()
    .waitFor({ timeout: 30_000 });
  // One set of controls runs both labs; make sure they play.
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if (await play.isVisible()) await play.click();
}
