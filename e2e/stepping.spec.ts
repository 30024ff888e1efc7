// Stepping through a run in front of a room: each Step says something new in the caption and shows
// the hops it advanced over moving (a flood fans out from the switch), unless motion is reduced; Next
// event skips to the next marker on the timeline (a crash, convergence starting or finishing).
import { expect, test, type Page } from '@playwright/test';
import { openApp, openHost, waitForPacketPixels, type PacketPixelsPage } from './helpers';

/** The caption's sentence (without its time and tag). */
async function captionSentence(page: Page): Promise<string> {
  return (
    (await page.getByRole('group', { name: 'Caption' }).locator('.caption-text').first().textContent()) ?? ''
  );
}

/**
 * How many times the packet canvas changed from one read to the next while `act` ran and for
 * `wallMs` after it started. The canvas is read as fast as the page's pixel reader answers (the way
 * drawing.spec.ts reads it; with the canvas drawn by a worker, a read is a round trip to it), so a
 * picture that moves frame after frame shows as many changes, one that jumps once as one or two.
 */
async function canvasChangesDuring(page: Page, act: () => Promise<void>, wallMs = 1_200): Promise<number> {
  await waitForPacketPixels(page);
  await page.evaluate((watchMs) => {
    const w = window as unknown as PacketPixelsPage & { __frames: number[]; __watching: boolean };
    w.__frames = [];
    w.__watching = true;
    const started = performance.now();
    const sample = async () => {
      while (performance.now() - started < watchMs) {
        const { data } = await w.__vipLabPacketPixels!();
        // A fingerprint of where something is drawn, and how strongly.
        let h = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]) h = (Math.imul(h, 31) + i * data[i]!) | 0;
        w.__frames.push(h);
      }
      w.__watching = false;
    };
    void sample();
  }, wallMs);
  await act();
  await page.waitForFunction(() => !(window as unknown as { __watching: boolean }).__watching);
  const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames);
  let changes = 0;
  for (let i = 1; i < frames.length; i++) if (frames[i] !== frames[i - 1]) changes++;
  return changes;
}

/** Steps until the caption says the switch flooded a frame (the next Step shows it fanning out). */
async function stepToFlood(page: Page): Promise<void> {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 20; i++) {
    const before = await captionSentence(page);
    await step.click();
    await expect.poll(() => captionSentence(page)).not.toBe(before);
    if (/flooded/.test(await captionSentence(page))) return;
  }
  throw new Error('no flood within 20 steps');
}

test('each Step changes what the caption says', async ({ page }) => {
  await openApp(page);
  // Paused at the start; Play would take time on.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const seen: string[] = [await captionSentence(page)];
  for (let i = 0; i < 10; i++) {
    await step.click();
    // The caption answers every Step with a sentence other than the one before it.
    await expect.poll(() => captionSentence(page), { message: `after Step ${i + 1}` }).not.toBe(seen.at(-1));
    // Let a late answer (there is none: one Step, one answer) show itself before reading on.
    await page.waitForTimeout(100);
    seen.push(await captionSentence(page));
    expect(seen.at(-1)).not.toBe(seen.at(-2));
  }
  expect(seen.some((s) => /flooded/.test(s))).toBe(true);
});

test('after a Step the hops it advanced over move on the canvas; with reduced motion they do not', async ({
  browser,
}) => {
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    const context = await browser.newContext({ reducedMotion });
    const page = await context.newPage();
    await openApp(page);
    await stepToFlood(page);
    // The flood's copies wait at the switch; the next Step carries them down every port.
    await page.waitForTimeout(800);
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const changes = await canvasChangesDuring(page, () => step.click());
    if (reducedMotion === 'reduce') {
      // No motion: the picture goes from the step's start to its end in one change (or two).
      expect(changes, 'canvas changes with reduced motion').toBeLessThanOrEqual(2);
    } else {
      // Motion: frame after frame differs while the packets travel (about half a second).
      expect(changes, 'canvas changes while the step animates').toBeGreaterThanOrEqual(6);
    }
    await context.close();
  }
});

test('after a crash, Next event stops at the convergence it starts, then at its end', async ({ page }) => {
  await openApp(page);
  const next = page.getByRole('button', { name: 'Next event' });
  await expect(next).toHaveAttribute(
    'title',
    'Skip to the next interesting moment (the next marker on the timeline)',
  );
  const host3 = await openHost(page, 'Host 3');
  await host3.getByRole('button', { name: 'Crash' }).click();
  await expect(page.getByRole('button', { name: /^Host 3,.*crashed/i })).toBeVisible();

  const stop = page.getByRole('status', { name: 'Next event stop' });
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  for (const what of [/converging/, /converged/]) {
    await next.click();
    await expect(stop).toHaveText(what, { timeout: 30_000 });
    // It stopped right at the marker: the timeline is at the marker's moment, paused, and the
    // marker is on the timeline under that name.
    const at = await timeline.getAttribute('aria-valuetext');
    const said = ((await stop.textContent()) ?? '').replace(/\.$/, '');
    expect(said).toContain(` at ${at}`);
    await expect(page.getByRole('button', { name: said, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  }
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText(/^Converged/);

  // Nothing more is going to happen: it looks 10 minutes ahead, stops there and says so.
  await next.click();
  await expect(stop).toHaveText(/^No marker in the 10 minutes of the run after .*: stopped at /, {
    timeout: 45_000,
  });
  // A Step afterwards is the caption's again.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(stop).toHaveText('');
});
