// The outcome's counters after the largest batch the Run button takes: seven-digit numbers stay
// inside their boxes, and the boxes inside the panel, on a laptop and on a room's 1080p screen.
import { expect, test } from '@playwright/test';
import { counter, openApp, openHost, runConnections } from './helpers';

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`after 100,000 connections every counter fits its box at ${width}x${height}`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await openApp(page);
    await runConnections(page, 100_000);
    // A host's panel open beside the outcome, as a trainer would have it.
    await openHost(page, 'Host 2');
    expect(await counter(page, 'Frames on the wire')).toBeGreaterThanOrEqual(1_000_000);
    const outcome = page.getByRole('region', { name: 'Outcome' });
    const panel = (await outcome.boundingBox())!;
    for (const label of ['Frames on the wire', 'Loopback connections', 'Failed connections']) {
      const number = page.getByLabel(label, { exact: true });
      const fits = await number.evaluate((dd) => {
        const box = dd.parentElement!.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(dd);
        const text = range.getBoundingClientRect();
        return { textRight: text.right, boxRight: box.right, boxLeft: box.left, textLeft: text.left };
      });
      expect(fits.textLeft, `${label}: number starts inside its box`).toBeGreaterThanOrEqual(fits.boxLeft);
      expect(fits.textRight, `${label}: number ends inside its box`).toBeLessThanOrEqual(fits.boxRight);
      expect(fits.boxRight, `${label}: box inside the outcome panel`).toBeLessThanOrEqual(
        panel.x + panel.width,
      );
    }
  });
}
