// Where the browser can hand a canvas to a worker (OffscreenCanvas), the drawing worker draws the
// moving packets in its own animation frames: the page itself asks for none while they move. (Pointing
// at a packet and exporting the drawing, served by the page while the worker draws: drawing.spec.ts and
// capture.spec.ts.)
import { expect, test } from '@playwright/test';
import {
  countFrameRequests,
  frameRequests,
  fullSpeed,
  openApp,
  packetPixelCount,
  waitForPacketPixels,
  type PacketPixelsPage,
} from './helpers';

interface CountingPage extends PacketPixelsPage {
  __vipLabPacketFrameCount?: () => Promise<number>;
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

  const drawnFrames = () => page.evaluate(() => (window as CountingPage).__vipLabPacketFrameCount!());
  const before = { requests: await frameRequests(page), drawn: await drawnFrames() };
  const first = await packetPixelCount(page);
  await page.waitForTimeout(1_000);
  const after = { requests: await frameRequests(page), drawn: await drawnFrames() };
  // A second of play: the worker drew many frames, the page asked for (almost) none of its own.
  expect(after.drawn - before.drawn).toBeGreaterThan(20);
  expect(after.requests - before.requests).toBeLessThan(5);
  // And the picture moved.
  await expect.poll(() => packetPixelCount(page)).not.toBe(first);
});
