// The packets stay on screen when the drawing worker cannot do its job: it fails, it stops
// answering, or the browser cannot hand it a canvas (no OffscreenCanvas). The page then draws them
// itself on its own canvas, with no error shown or thrown.
import { expect, test, type Page } from '@playwright/test';
import { fullSpeed, openApp, packetPixelCount, waitForPacketPixels } from './helpers';

/** Plays at full speed and waits until packets are on the canvas. */
async function playUntilPacketsDrawn(page: Page): Promise<void> {
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForPacketPixels(page);
  await expect.poll(() => packetPixelCount(page), { timeout: 15_000 }).toBeGreaterThan(50);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The packet canvases in the page: the page's own, plus the worker's while the worker draws. */
const packetCanvases = (page: Page) => page.locator('canvas.packet-canvas');

test('a change the drawing worker cannot take hands the drawing back to the page, packets still shown', async ({
  page,
}) => {
  const errors = collectErrors(page);
  // The 40th change of the packet feed sent to the drawing worker is one it cannot take (no change).
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    let changes = 0;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: unknown) {
      const m = message as { type?: string; op?: object } | null;
      if (m?.type === 'feed' && ++changes === 40) {
        return post.call(this, { ...m, op: null });
      }
      return post.call(this, message, transfer as StructuredSerializeOptions);
    } as typeof Worker.prototype.postMessage;
  });
  await openApp(page);
  // While the worker draws, its canvas lies over the page's (hidden).
  await expect(packetCanvases(page)).toHaveCount(2);
  await playUntilPacketsDrawn(page);
  await expect(packetCanvases(page)).toHaveCount(1);
  await expect(packetCanvases(page)).toBeVisible();
  // Drawn by the page now: the count moves as the packets do.
  const first = await packetPixelCount(page);
  await expect.poll(() => packetPixelCount(page)).not.toBe(first);
  expect(await packetPixelCount(page)).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a drawing worker that stops answering is given up after a moment, packets still shown', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).includes('packetStamp')) (window as { stampWorker?: Worker }).stampWorker = this;
      }
    };
  });
  await openApp(page);
  await playUntilPacketsDrawn(page);
  await expect(packetCanvases(page)).toHaveCount(2);
  await page.evaluate(() => (window as { stampWorker?: Worker }).stampWorker!.terminate());
  await expect(packetCanvases(page)).toHaveCount(1, { timeout: 10_000 });
  await expect(packetCanvases(page)).toBeVisible();
  await expect.poll(() => packetPixelCount(page)).toBeGreaterThan(50);
  expect(errors).toEqual([]);
});

test('without OffscreenCanvas the page draws the packets on its own canvas', async ({ page }) => {
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    delete (HTMLCanvasElement.prototype as { transferControlToOffscreen?: unknown })
      .transferControlToOffscreen;
  });
  await openApp(page);
  await playUntilPacketsDrawn(page);
  await expect(packetCanvases(page)).toHaveCount(1);
  await expect(packetCanvases(page)).toBeVisible();
  expect(errors).toEqual([]);
});
