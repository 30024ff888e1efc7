// Faults and operations from the host panel, as a trainer uses them: crash a host and watch the
// cluster converge without it; stop the server under a looped-back client; change a host's weight.
import { expect, test } from '@playwright/test';
import { counter, fullSpeed, openApp, openHost, runConnections, servedBy } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('crashing Host 3: the cluster converges without it and it serves no new connections', async ({
  page,
}) => {
  const panel = await openHost(page, 'Host 3');
  await expect(panel.getByRole('button', { name: 'Restart' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Crash' }).click();

  // The panel, the drawing and the buttons all say so.
  await expect(panel).toContainText('crashed');
  await expect(page.getByRole('button', { name: /^Host 3,.*crashed/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Restart' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Crash' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Stop NLB' })).toHaveCount(0);

  // The others notice the missing heartbeats, converge, and take over Host 3's buckets.
  const state = page.getByLabel('Cluster state', { exact: true });
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(state).toHaveText('Converging', { timeout: 20_000 });
  await expect(state).toHaveText(/^Converged/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  const before = await Promise.all(['Host 1', 'Host 2', 'Host 3'].map((h) => servedBy(page, h)));
  await runConnections(page, 200);
  expect(await servedBy(page, 'Host 3')).toBe(before[2]);
  // The 200 new ones (and any still open when play stopped) all went to the survivors.
  const gained =
    (await servedBy(page, 'Host 1')) - before[0]! + (await servedBy(page, 'Host 2')) - before[1]!;
  expect(gained).toBeGreaterThanOrEqual(200);
  await expect(page.getByRole('status', { name: 'Run summary' })).toContainText('Host 3 0;');

  // A fault is a marker on the timeline, and Restart brings the host back.
  await expect(page.getByRole('button', { name: /^Crash Host 3 at / })).toBeVisible();
  await panel.getByRole('button', { name: 'Restart' }).click();
  await expect(panel.getByRole('button', { name: 'Crash' })).toBeVisible();
  await expect(panel).not.toContainText('crashed');
});

test('a stopped server under a looped-back client: every connection fails (KB Q247768)', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  const panel = await openHost(page, 'Host 2');
  await panel.getByRole('button', { name: 'Stop server' }).click();
  await expect(panel).toContainText('server stopped');
  await expect(panel.getByRole('button', { name: 'Start server' })).toBeVisible();

  await runConnections(page, 40);
  expect(await counter(page, 'Failed connections')).toBe(40);
  expect(await counter(page, 'Frames on the wire')).toBe(0);
  for (const h of ['Host 1', 'Host 2', 'Host 3']) expect(await servedBy(page, h)).toBe(0);
});

test('unplugging the cable and stopping NLB show in the panel and the drawing, and undo', async ({
  page,
}) => {
  const panel = await openHost(page, 'Host 2');
  await panel.getByRole('button', { name: 'Unplug cable' }).click();
  await expect(panel).toContainText('cable unplugged');
  await expect(page.getByRole('button', { name: /^Host 2,.*cable unplugged/ })).toBeVisible();
  await panel.getByRole('button', { name: 'Plug in cable' }).click();
  await expect(panel.getByRole('button', { name: 'Unplug cable' })).toBeVisible();

  await panel.getByRole('button', { name: 'Stop NLB' }).click();
  await expect(panel).toContainText('Stopped');
  await expect(panel.getByRole('button', { name: 'Start NLB' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Drainstop' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Start NLB' }).click();
  await expect(panel.getByRole('button', { name: 'Drainstop' })).toBeVisible();

  await panel.getByRole('button', { name: 'Drainstop' }).click();
  await expect(panel).toContainText('Draining');
  await expect(panel.getByRole('button', { name: 'Drainstop' })).toHaveCount(0);
});

test('load weights: a host with weight 0 takes no traffic once equal load is off', async ({ page }) => {
  for (const [host, weight] of [
    ['Host 2', '0'],
    ['Host 3', '0'],
  ] as const) {
    const panel = await openHost(page, host);
    const field = panel.getByRole('spinbutton', { name: 'Load weight' });
    await field.fill(weight);
    await field.press('Enter');
    await expect(field).toHaveValue(weight);
  }
  const panel = page.getByRole('region', { name: 'Host 3', exact: true });
  // Before the run starts, a weight is part of the set-up; later it makes NLB converge in place.
  await expect(panel).toContainText('converge in place');
  await panel.getByRole('button', { name: 'Use load weights' }).click();
  await expect(panel.getByRole('button', { name: 'Use load weights' })).toHaveCount(0);

  await runConnections(page, 150);
  expect(await servedBy(page, 'Host 1')).toBe(150);
  expect(await servedBy(page, 'Host 2')).toBe(0);
  expect(await servedBy(page, 'Host 3')).toBe(0);
});
