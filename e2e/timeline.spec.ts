// The timeline: scrub back to an earlier moment and see what was true then, forward again to see
// it all restored; faults and convergence are markers that jump there.
import { expect, test } from '@playwright/test';
import { counter, openApp, runConnections, servedBy } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const total = async (page: import('@playwright/test').Page) =>
  (await servedBy(page, 'Host 1')) + (await servedBy(page, 'Host 2')) + (await servedBy(page, 'Host 3'));

test('scrubbing back shows earlier counts and forward restores them', async ({ page }) => {
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await expect(timeline).toHaveAttribute('aria-valuetext', '0 s');

  // (A bulk run is logged at the moment it starts; Step first so it starts after time zero.)
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await runConnections(page, 100);
  // A fault in between puts a marker on the timeline at that moment.
  await page.getByRole('button', { name: /^Host 3,/ }).click();
  await page
    .getByRole('region', { name: 'Host 3', exact: true })
    .getByRole('button', { name: 'Crash' })
    .click();
  const atCrash = await total(page);
  expect(atCrash).toBeGreaterThanOrEqual(100);
  // Time moves on a little (the client may open a connection meanwhile) before the next batch.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await runConnections(page, 100);
  const atEnd = await total(page);
  expect(atEnd).toBeGreaterThanOrEqual(atCrash + 100);
  const frames = await counter(page, 'Frames on the wire');
  const end = await timeline.getAttribute('aria-valuetext');
  expect(end).toMatch(/^\d+(\.\d)? (ms|s)$/);

  // Back to the crash: 100 connections had been served then.
  const marker = page.getByRole('button', { name: /^Crash Host 3 at / });
  await marker.click();
  await expect.poll(() => total(page)).toBe(atCrash);
  expect(await counter(page, 'Frames on the wire')).toBeLessThan(frames);
  // "Crash Host 3 at 35.0 ms, by hand": the moment, then who made the change.
  const markerTime = ((await marker.getAttribute('aria-label')) ?? '')
    .replace(/^Crash Host 3 at /, '')
    .replace(/, by hand$/, '');
  await expect(timeline).toHaveAttribute('aria-valuetext', markerTime);

  // All the way back: nothing had happened.
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect(timeline).toHaveAttribute('aria-valuetext', '0 s');
  await expect.poll(() => total(page)).toBe(0);
  await expect(page.getByLabel('Frames on the wire', { exact: true })).toHaveText('0');

  // Forward to the end: every count is back.
  await page.keyboard.press('End');
  await expect(timeline).toHaveAttribute('aria-valuetext', end ?? '');
  await expect.poll(() => total(page)).toBe(atEnd);
  expect(await counter(page, 'Frames on the wire')).toBe(frames);
  await expect(page.getByRole('button', { name: /^Host 3,.*crashed/ })).toBeVisible();
});

test('arrow keys step through time, Jump to end returns, convergence shows as markers', async ({ page }) => {
  await page.getByRole('button', { name: /^Host 2,/ }).click();
  await page
    .getByRole('region', { name: 'Host 2', exact: true })
    .getByRole('button', { name: 'Stop NLB' })
    .click();
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const converged = page.getByRole('button', { name: /^Cluster A converged: .* at / });
  await expect(converged).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: /^Cluster A converging: .* at / })).toBeVisible();

  // Jump to the start of convergence: the cluster says so.
  await page.getByRole('button', { name: /^Cluster A converging: .* at / }).click();
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText('Converging');
  await converged.click();
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText(/^Converged/);

  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const at = await timeline.getAttribute('aria-valuetext');
  await timeline.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(timeline).not.toHaveAttribute('aria-valuetext', at ?? '');
  const jump = page.getByRole('button', { name: 'Jump to end' });
  await jump.click();
  await expect(jump).toBeDisabled();
});
