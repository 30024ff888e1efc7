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

test('the caption and the Last outcome line wrap: nothing a trainee needs is cut off', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  const host2 = await openHost(page, 'Host 2');
  await host2.getByRole('button', { name: 'Stop server' }).click();
  await page.getByRole('combobox', { name: 'Affinity' }).selectOption({ label: 'None' });
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const last = page.getByRole('status', { name: 'Last outcome' });
  await expect(last).toContainText('refused', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  for (const line of [last.locator('..'), page.getByText('Latest', { exact: true }).locator('..')]) {
    const clipped = await line.evaluate(
      (el) =>
        el.scrollWidth > el.clientWidth + 1 ||
        el.scrollHeight > el.clientHeight + 1 ||
        getComputedStyle(el).textOverflow === 'ellipsis',
    );
    expect(clipped).toBe(false);
  }
  // The wrapped lines take room from the drawing, not from the page: it still does not scroll.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(720);
});
