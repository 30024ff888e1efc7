// Long work in the simulation worker, as a user meets it: a link to a moment a day into a heavy run
// asks first, shows its progress and stops on Cancel; a batch of 100,000 connections shows its
// progress and stops on Cancel; a worker that stops answering, or talks nonsense, is reported and
// Restart simulation brings the same moment back. After each, the controls work.
import { expect, test, type Page } from '@playwright/test';
import { makeCluster, defaultScenario } from '../src/scenario/defaults';
import { encodeScenarioToHash } from '../src/scenario/link';
import { counter, fullSpeed, openApp, timelineSeconds } from './helpers';

/** Two 32-host clusters, 100 ms heartbeats, 1,000 connections a second, shown at 24 h. */
function heavyLinkHash(): string {
  const scenario = defaultScenario();
  scenario.clusters = [makeCluster('A', 32), makeCluster('B', 32)];
  for (const c of scenario.clusters) c.aliveMsgPeriodMs = 100;
  scenario.client.connectionsPerSecond = 1000;
  scenario.view = { ...scenario.view, timeMs: 86_400_000 };
  return encodeScenarioToHash(scenario);
}

const runSummary = (page: Page) => page.getByRole('status', { name: 'Run summary' });

/** The controls answer: a small batch runs and is counted, Step and Play move time on. */
async function controlsWork(page: Page): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Connections' }).fill('30');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runSummary(page)).toHaveText(/^30 connections/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const before = await timelineSeconds(page);
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => timelineSeconds(page)).toBeGreaterThan(before + 0.2);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('a link to a moment a day into a heavy run asks first, shows progress, and Cancel stops it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto(`/${heavyLinkHash()}`);
  await expect(page.getByRole('button', { name: /^Host B32,/ })).toBeVisible({ timeout: 20_000 });
  // Far beyond what a browser does in reasonable time: the estimate comes first, in words.
  const question = page.getByRole('alert').filter({ hasText: 'would take' });
  await expect(question).toContainText(
    /^Running the simulation to 1 d 0 h would take about \d+ (hours?|days?) in this browser/,
  );
  // It waits for the answer: the moment does not move meanwhile.
  const waiting = await timelineSeconds(page);
  await page.waitForTimeout(1_000);
  expect(await timelineSeconds(page)).toBe(waiting);

  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Running the simulation to 1 d 0 h' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuemin', '0');
  await expect(bar).toHaveAttribute('aria-valuemax', '100');
  await expect(bar).toHaveAttribute('aria-valuetext', /^\d+%, about \d+ (hours|days) left$/);
  await expect(page.getByText(/^\d+% · about \d+ (hours|days) left$/)).toBeVisible();

  // Cancel stops it at once, at the moment reached, and says where: the page notes (wall ms) when
  // Cancel was pressed and when the words appeared.
  await page.evaluate(() => {
    const times: { click?: number; stopped?: number } = {};
    (window as unknown as { cancelTimes: typeof times }).cancelTimes = times;
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as Element).closest('button')?.textContent === 'Cancel')
          times.click ??= performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      const shown = [...document.querySelectorAll('[role=status]')].some((n) =>
        n.textContent?.startsWith('Stopped at'),
      );
      if (shown) times.stopped ??= performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const stopped = page.getByRole('status').filter({ hasText: /^Stopped at / });
  await expect(stopped).toBeVisible({ timeout: 2_000 });
  const times = await page.evaluate(
    () => (window as unknown as { cancelTimes: { click: number; stopped: number } }).cancelTimes,
  );
  // The worker stops within a slice (session.test.ts measures under 200 ms); the page's picture of
  // the moment follows. Generous, for a shared two-core machine running two browsers with busy workers.
  expect(times.stopped - times.click).toBeLessThan(3_000);
  await expect(bar).toBeHidden();
  const stoppedText = (await stopped.textContent()) ?? '';
  // Under a minute the moment reads as the Timeline says it (`899.8 ms`, `12.4 s`): the same words.
  const at = /^Stopped at ([\d.]+ m?s)\.$/.exec(stoppedText);
  expect(at, stoppedText).not.toBeNull();
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveAttribute('aria-valuetext', at![1]!);
  expect(await timelineSeconds(page)).toBeGreaterThan(0);
  // The shared-link line is gone too, and nothing is reported as broken.
  await expect(page.getByRole('button', { name: 'Stop here' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await controlsWork(page);
});

test('Run 100,000 connections shows its progress, and Cancel keeps the connections that ran', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByRole('spinbutton', { name: 'Connections' }).fill('100000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Running 100,000 connections' });
  // On a loaded machine the first slices' pace can put the batch over two minutes: it asks first,
  // and a user goes on.
  const goOn = page.getByRole('button', { name: 'Continue', exact: true });
  await expect(bar.or(goOn)).toBeVisible();
  if (await goOn.isVisible()) await goOn.click();
  await expect(bar).toBeVisible();
  // The bar moves on while the batch runs.
  const first = Number(await bar.getAttribute('aria-valuenow'));
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 })
    .toBeGreaterThan(first);
  await expect(
    page.getByText(/^\d+% · (about \d+ s|less than a second|about \d+ minutes?|estimating the time) left$/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  // The run's notices say how many ran, and that the run keeps them.
  const stopped = page.getByRole('status').filter({ hasText: /^Stopped after / });
  await expect(stopped).toBeVisible({ timeout: 2_000 });
  await expect(bar).toBeHidden();
  const ran = /^Stopped after ([\d,]+) of 100,000 connections: the run keeps the [\d,]+ that ran\.$/.exec(
    (await stopped.textContent()) ?? '',
  );
  expect(ran).not.toBeNull();
  const n = Number(ran![1]!.replace(/,/g, ''));
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(100_000);
  // The outcome counts the connections that ran; the table agrees.
  await expect(runSummary(page)).toHaveText(new RegExp(`^${n} connections`));
  const table = page.getByRole('table', { name: 'Connections per host' });
  const cells = await table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') })
    .all();
  let served = 0;
  for (const row of cells) served += Number(await row.getByRole('cell').first().textContent());
  expect(served + (await counter(page, 'Failed connections'))).toBeGreaterThanOrEqual(n);
  await controlsWork(page);
});

test('a worker that stops answering is reported, and Restart simulation brings the same moment back', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/?testHooks=1');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1_500);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const moment = await timelineSeconds(page);
  expect(moment).toBeGreaterThan(0.5);

  // Test hook (state/workerBridge.ts): the worker loops forever, as an endless loop would.
  await page.evaluate(() => window.__vipLabTest!.hangWorker());
  const alert = page.getByRole('alert');
  // 5 s of silence, noticed by a ping each second; a loaded machine can stretch the page's timers.
  await expect(alert).toContainText('The simulation stopped answering', { timeout: 20_000 });
  await alert.getByRole('button', { name: 'Restart simulation' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Host 3,/ })).toBeVisible();
  await expect.poll(() => timelineSeconds(page)).toBe(moment);
  await controlsWork(page);
});

test('a message from the worker that breaks the protocol is reported, not thrown', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto('/?testHooks=1');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  // The step's answer comes from the worker: read the moment once it has landed, not before.
  await expect.poll(() => timelineSeconds(page)).toBeGreaterThan(0);
  const moment = await timelineSeconds(page);
  await page.evaluate(() => window.__vipLabTest!.breakProtocol());
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The simulation sent a "tick" message whose now is missing or wrong');
  await alert.getByRole('button', { name: 'Restart simulation' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => timelineSeconds(page)).toBe(moment);
  expect(pageErrors).toEqual([]);
});
