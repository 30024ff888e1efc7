// Playing fast, the panels beside the drawing follow the run a few times a second, all in the same
// update as the simulated clock (one layout and paint for them all, issue 15).
import { expect, test } from '@playwright/test';
import { counter, fullSpeed, openApp } from './helpers';

test('at 100x the per-host table and event log change a few times a second, always with the clock', async ({
  page,
}) => {
  await openApp(page);
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Let the run get going: frames on the wire, lines in the log.
  await expect.poll(() => counter(page, 'Frames on the wire'), { timeout: 15_000 }).toBeGreaterThan(20);
  const batches = await page.evaluate(async () => {
    const table = document.querySelector('table.per-host')!;
    const log = document.querySelector('[aria-label="Decisions, newest first"]')!;
    const clock = document.querySelector('.sim-clock')!;
    // One entry per mutation callback (the DOM changes of one task): which of the three changed.
    const seen: { table: boolean; log: boolean; clock: boolean }[] = [];
    const observer = new MutationObserver((records) => {
      const inside = (el: Element) => records.some((r) => el.contains(r.target));
      seen.push({ table: inside(table), log: inside(log), clock: inside(clock) });
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    observer.disconnect();
    return seen;
  });
  const tableChanges = batches.filter((b) => b.table);
  const logChanges = batches.filter((b) => b.log);
  const clockChanges = batches.filter((b) => b.clock);
  // The clock follows every flush (about 10 a second); the panels every third (about 3 a second).
  expect(clockChanges.length).toBeGreaterThanOrEqual(15);
  expect(tableChanges.length).toBeGreaterThanOrEqual(3);
  expect(tableChanges.length).toBeLessThanOrEqual(15);
  expect(logChanges.length).toBeGreaterThanOrEqual(3);
  expect(logChanges.length).toBeLessThanOrEqual(15);
  // Never on a timer of their own: each panel change comes in the same update as the clock's.
  expect(tableChanges.every((b) => b.clock)).toBe(true);
  expect(logChanges.every((b) => b.clock)).toBe(true);
});
