// The outcome's counters after the largest batch the Run button takes: seven-digit numbers stay
// inside their boxes, and the boxes inside the panel, on a laptop and on a room's 1080p screen (and
// eight digits, after seven batches); in split view, each lab's counters keep their numbers whole too.
import { expect, test, type Locator } from '@playwright/test';
import { counter, openApp, openHost, runConnections } from './helpers';

/**
 * Where a counter's number (its text, not its element) and its box's content lie: inside the border
 * and the padding, so a number running into the padding is caught too.
 */
async function placeOf(number: Locator) {
  return number.evaluate((dd) => {
    const el = dd.parentElement!;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const inset = (side: 'Left' | 'Right') =>
      parseFloat(style[`border${side}Width`]) + parseFloat(style[`padding${side}`]);
    const range = document.createRange();
    range.selectNodeContents(dd);
    const text = range.getBoundingClientRect();
    return {
      textLeft: text.left,
      textRight: text.right,
      boxLeft: box.left + inset('Left'),
      boxRight: box.right - inset('Right'),
    };
  });
}

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
      const fits = await placeOf(number);
      expect(fits.textLeft, `${label}: number starts inside its box`).toBeGreaterThanOrEqual(fits.boxLeft);
      expect(fits.textRight, `${label}: number ends inside its box`).toBeLessThanOrEqual(fits.boxRight);
      expect(fits.boxRight, `${label}: box inside the outcome panel`).toBeLessThanOrEqual(
        panel.x + panel.width,
      );
    }
  });
}

for (const [width, height] of [
  [1920, 1080],
  [1280, 720],
  [1024, 768],
] as const) {
  test(`in split view each lab's counters show their numbers whole at ${width}x${height}`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await openApp(page);
    await page.getByRole('button', { name: 'Split view' }).click();
    const labs = [1, 2].map((n) => page.getByRole('region', { name: `Lab ${n}` }));
    await expect(labs[1]!.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
    await page.getByRole('spinbutton', { name: 'Connections' }).fill('100000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Both labs run the batch, each on its own engine.
    for (const lab of labs)
      await expect(lab.getByRole('status', { name: 'Run summary' })).toHaveText(/^100000 connections/, {
        timeout: 60_000,
      });
    for (const lab of labs) {
      for (const label of ['Frames on the wire', 'Loopback connections', 'Failed connections']) {
        const number = lab.getByLabel(label, { exact: true });
        await expect(number).toHaveText(/^\d+$/);
        const fits = await placeOf(number);
        expect(fits.boxRight - fits.boxLeft, `${label}: a box wider than nothing`).toBeGreaterThan(20);
        expect(fits.textLeft, `${label}: number starts inside its box`).toBeGreaterThanOrEqual(fits.boxLeft);
        expect(fits.textRight, `${label}: number ends inside its box`).toBeLessThanOrEqual(fits.boxRight);
      }
    }
  });
}

test('after seven batches of 100,000 the eight-digit frame count still fits its box at 1280x720', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  for (let i = 0; i < 7; i++) await runConnections(page, 100_000);
  expect(await counter(page, 'Frames on the wire')).toBeGreaterThanOrEqual(10_000_000);
  const fits = await placeOf(page.getByLabel('Frames on the wire', { exact: true }));
  expect(fits.textLeft, 'number starts inside its box').toBeGreaterThanOrEqual(fits.boxLeft);
  expect(fits.textRight, 'number ends inside its box').toBeLessThanOrEqual(fits.boxRight);
});
