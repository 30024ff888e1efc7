// Shared steps for the browser tests, written the way a user reads the page: by role and label.
import { expect, type Locator, type Page } from '@playwright/test';

/** Opens the app and waits until the engine has drawn the cluster. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
}

/** The number a labelled counter shows (its text is digits only). */
export async function counter(page: Page, label: string): Promise<number> {
  const text = (await page.getByLabel(label, { exact: true }).textContent()) ?? '';
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

export function perHostTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Connections per host' });
}

/** The cells (Connections, Share) of a host's row in the per-host table. */
export function hostCells(page: Page, hostName: string): Locator {
  const table = perHostTable(page);
  return table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: hostName, exact: true }) })
    .getByRole('cell');
}

export async function servedBy(page: Page, hostName: string): Promise<number> {
  return Number(await hostCells(page, hostName).first().textContent());
}

/** Types a count into Connections, presses Run and waits for the announced outcome. */
export async function runConnections(page: Page, count: number): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Connections' }).fill(String(count));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // "Running 300 connections…" shows while it works; the outcome starts with the count itself.
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(
    new RegExp(`^${count} connections`),
  );
}

/** Loads a built-in scenario from the Scenarios gallery by its title. */
export async function choosePreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Scenarios' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenarios' });
  await dialog.getByRole('button', { name: title, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Simulated seconds the Timeline slider says the run is at (`0 s`, `18.5 ms`, `12.4 s`). */
export async function timelineSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('slider', { name: 'Timeline' }).getAttribute('aria-valuetext')) ?? '';
  const match = /^([\d.]+) (ms|s)$/.exec(text);
  expect(match, `Timeline says "${text}"`).not.toBeNull();
  return Number(match![1]) / (match![2] === 'ms' ? 1000 : 1);
}

/** Plays at full speed until the cluster has converged, then pauses. */
export async function playUntilConverged(page: Page): Promise<void> {
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText(/^Converged/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

/** Speed to 100x (real time) with the keyboard, as a user would. */
export async function fullSpeed(page: Page): Promise<void> {
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  await expect(speed).toHaveAttribute('aria-valuetext', '100x');
}

/** Selects a host in the drawing and returns its panel (a region named after the host). */
export async function openHost(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: new RegExp(`^${name},`) }).click();
  const panel = page.getByRole('region', { name, exact: true });
  await expect(panel).toBeVisible();
  return panel;
}

/** Opens More settings and returns its panel (a group named `More settings`). */
export async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'More settings' }).click();
  const panel = page.getByRole('group', { name: 'More settings' });
  await expect(panel).toBeVisible();
  return panel;
}

/**
 * The page's reader of the packet canvas's pixels (src/view/packetLayer.ts), there once the packet
 * layer has loaded. Use it inside page.evaluate: a canvas drawn by a worker (OffscreenCanvas) cannot
 * be read with getContext from the page, so the reader asks the worker.
 */
export interface PacketPixelsPage {
  __vipLabPacketPixels?: () => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}

/** Opaque-ish pixels on the packet canvas, as the page's reader sees them (0: nothing drawn). */
export async function packetPixelCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { data } = await (window as PacketPixelsPage).__vipLabPacketPixels!();
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 128) n++;
    return n;
  });
}

/** A page whose own requestAnimationFrame calls are counted (countFrameRequests). */
interface FrameCountingPage {
  __appFrameRequests?: number;
}

/**
 * Counts the page's own requestAnimationFrame calls from its first script on (a drawing worker's
 * are its own, not counted): call before the page opens.
 */
export async function countFrameRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as FrameCountingPage;
    const native = window.requestAnimationFrame.bind(window);
    w.__appFrameRequests = 0;
    window.requestAnimationFrame = (callback) => {
      w.__appFrameRequests! += 1;
      return native(callback);
    };
  });
}

/** How many animation frames the page asked for so far (see countFrameRequests). */
export async function frameRequests(page: Page): Promise<number> {
  return page.evaluate(() => (window as FrameCountingPage).__appFrameRequests!);
}

/** Waits until the packet layer has loaded and installed its pixel reader. */
export async function waitForPacketPixels(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as PacketPixelsPage).__vipLabPacketPixels === 'function');
}
