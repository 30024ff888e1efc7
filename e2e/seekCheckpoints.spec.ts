// Scrubbing a long run (issue 15): the worker restores the nearest checkpoint instead of replaying
// from 0 s, and the moment it shows is exactly the one a fresh page opened at that moment shows.
import { expect, test, type Page } from '@playwright/test';
import { defaultScenario } from '../src/scenario/defaults';
import { encodeScenarioToHash } from '../src/scenario/link';
import { counter, servedBy } from './helpers';

/** The default scenario (20 connections a second) shown at `minutes` into its run. */
function linkAt(minutes: number): string {
  const scenario = defaultScenario();
  scenario.view = { ...scenario.view, timeMs: minutes * 60_000 };
  return `/${encodeScenarioToHash(scenario)}`;
}

/** What the page shows of the moment: the time and every count of the outcome panel. */
async function moment(page: Page): Promise<string> {
  const time = await page.getByRole('slider', { name: 'Timeline' }).getAttribute('aria-valuetext');
  const counts = [
    await counter(page, 'Frames on the wire'),
    await servedBy(page, 'Host 1'),
    await servedBy(page, 'Host 2'),
    await servedBy(page, 'Host 3'),
  ];
  return `${time}: ${counts.join(' ')}`;
}

async function openAt(page: Page, minutes: number): Promise<string> {
  await page.goto(linkAt(minutes));
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await expect(timeline).toHaveAttribute('aria-valuetext', `${minutes * 60}.0 s`, { timeout: 30_000 });
  await expect.poll(() => counter(page, 'Frames on the wire')).toBeGreaterThan(0);
  return moment(page);
}

test('scrubbing back and forth in a 10-minute run shows exactly what a page opened at that moment shows', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The moments as a page opened at each shows them (replayed from 0 s), in a browser context of
  // its own (its saved work apart from the page under test).
  const other = await browser.newContext();
  const fresh = await other.newPage();
  const atFive = await openAt(fresh, 5);
  const atEight = await openAt(fresh, 8);
  await other.close();
  const atEnd = await openAt(page, 10);

  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await timeline.focus();
  // Page Down moves a tenth of the run: five of them, to 5 minutes.
  for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
  await expect(timeline).toHaveAttribute('aria-valuetext', '300.0 s');
  await expect.poll(() => moment(page)).toBe(atFive);
  // Forward to 8 minutes, then to the end: each moment as it was.
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
  await expect.poll(() => moment(page)).toBe(atEight);
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect.poll(() => moment(page)).toBe(atEnd);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
