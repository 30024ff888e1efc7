// Where the browser can hand a canvas to a worker (OffscreenCanvas), the drawing worker draws the
// moving packets in its own animation frames: the page itself asks for none while they move. (Pointing
// at a packet and exporting the drawing, served by the page while the worker draws: drawing.spec.ts and
// capture.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { fullSpeed, openApp, packetPixelCount, waitForPacketPixels, type PacketPixelsPage } from './helpers';

interface CountingPage extends PacketPixelsPage {
  __appFrameRequests?: number;
  __vipLabPacketFrameCount?: () => Promise<number>;
}

/** Counts the page's own requestAnimationFrame calls (the worker's are its own). */
async function countFrameRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as CountingPage;
    const native = window.requestAnimationFrame.bind(window);
    w.__appFrameRequests = 0;
    window.requestAnimationFrame = (callback) => {
      w.__appFrameRequests! += 1;
      return native(callback);
    };
  });
}

test('while the packets move, the drawing worker draws them and the page asks for no animation frame', async ({
  page,
}) => {
  await countFrameRequests(page);
  await openApp(page);
  await waitForPacketPixels(page);
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => packetPixelCount(page), { timeout: 15_000 }).toBeGreaterThan(50);

  const before = await page.evaluate(async () => {
    const w = window as CountingPage;
    return { requests: w.__appFrameRequests!, drawn: await w.__vipLabPacketFrameCount!() };
  });
  const first = await packetPixelCount(page);
  await page.waitForTimeout(1_000);
  const after = await page.evaluate(async () => {
    const w = window as CountingPage;
    return { requests: w.__appFrameRequests!, drawn: await w.__vipLabPacketFrameCount!() };
  });
  // A second of play: the worker drew many frames, the page asked for (almost) none of its own.
  expect(after.drawn - before.drawn).toBeGreaterThan(20);
  expect(after.requests - before.requests).toBeLessThan(5);
  // And the picture moved.
  await expect.poll(() => packetPixelCount(page)).not.toBe(first);
});
