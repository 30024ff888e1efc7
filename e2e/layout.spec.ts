// The app is one screen: at a projector's 1280x720 and at 1920x1080 the page itself never scrolls,
// up, down or sideways (text hidden for screen readers stays inside the column that scrolls).
import { expect, test } from '@playwright/test';
import { openApp, openHost } from './helpers';

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`at ${width}x${height} the page does not scroll, with a host's panel open too`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    const size = () =>
      page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
    await expect.poll(size).toEqual({ height, width });
    await openHost(page, 'Host 3');
    await expect.poll(size).toEqual({ height, width });
    // The transport row keeps its last control, Jump to end, on the screen.
    const jump = await page.getByRole('button', { name: 'Jump to end' }).boundingBox();
    expect(jump!.x + jump!.width).toBeLessThanOrEqual(width);
  });
}
