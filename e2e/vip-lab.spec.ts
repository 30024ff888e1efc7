// The first vertical slice as a trainer uses it: open the page, run connections from outside and from
// a cluster host, drive time by hand, and check the page is accessible.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { counter, hostCells, openApp, perHostTable, runConnections, servedBy } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the default page shows a three-host cluster, its state and the controls', async ({ page }) => {
  const topology = page.getByRole('group', { name: 'Topology' });
  await expect(topology).toBeVisible();
  for (const [i, ip] of [
    [1, '10.0.0.11'],
    [2, '10.0.0.12'],
    [3, '10.0.0.13'],
  ] as const) {
    await expect(
      topology.getByRole('button', { name: new RegExp(`^Host ${i}, ${ip.replace(/\./g, '\\.')},`) }),
    ).toBeVisible();
  }
  await expect(topology.getByRole('button', { name: /^Host \d+,/ })).toHaveCount(3);
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText(/^Converged/);

  await expect(page.getByRole('combobox', { name: 'Client location' })).toHaveValue('outside');
  await expect(page.getByRole('combobox', { name: 'Client location' }).getByRole('option')).toHaveText([
    'Outside the cluster',
    'On Host 1',
    'On Host 2',
    'On Host 3',
  ]);
  await expect(page.getByRole('combobox', { name: 'Connect to' }).getByRole('option')).toHaveText([
    'Cluster VIP',
    'Host 1 dedicated IP',
    'Host 2 dedicated IP',
    'Host 3 dedicated IP',
  ]);
  await expect(page.getByRole('spinbutton', { name: 'Connections' })).toHaveValue('300');
  await expect(page.getByRole('spinbutton', { name: 'Hosts' })).toHaveValue('3');
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '1x');
  await expect(perHostTable(page).getByRole('rowheader')).toHaveText(['Host 1', 'Host 2', 'Host 3']);
  for (const label of ['Frames on the wire', 'Loopback connections', 'Failed connections']) {
    expect(await counter(page, label)).toBe(0);
  }
});

test('selecting a host by click or keyboard opens its panel', async ({ page }) => {
  const host2 = page.getByRole('button', { name: /^Host 2,/ });
  await host2.click();
  await expect(host2).toHaveAttribute('aria-pressed', 'true');
  const panel = page.getByRole('region', { name: 'Host 2' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('10.0.0.12');

  const host3 = page.getByRole('button', { name: /^Host 3,/ });
  await host3.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Host 3' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Host 2' })).toHaveCount(0);
  await expect(host2).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press(' ');
  await expect(host3).toHaveAttribute('aria-pressed', 'true');
});

test('a client outside the cluster is balanced across every host', async ({ page }) => {
  await runConnections(page, 300);
  const served = await Promise.all(['Host 1', 'Host 2', 'Host 3'].map((h) => servedBy(page, h)));
  for (const n of served) expect(n).toBeGreaterThan(0);
  expect(served.reduce((a, b) => a + b, 0)).toBe(300);
  expect(await counter(page, 'Frames on the wire')).toBeGreaterThan(0);
  expect(await counter(page, 'Loopback connections')).toBe(0);
  expect(await counter(page, 'Failed connections')).toBe(0);
  // Shares are percentages of the total and add up to about 100.
  const shares = await Promise.all(
    ['Host 1', 'Host 2', 'Host 3'].map(async (h) => (await hostCells(page, h).nth(1).textContent()) ?? ''),
  );
  for (const s of shares) expect(s).toMatch(/^\d+\.\d%$/);
  expect(Math.abs(shares.reduce((a, s) => a + parseFloat(s), 0) - 100)).toBeLessThan(0.5);
  // A batch is counted, not narrated: the outcome line must not claim that nothing has ended.
  await expect(page.getByText('batches are counted in the table')).toBeVisible();
  await expect(page.getByText('no connection has ended yet')).toHaveCount(0);
});

test('a client on Host 2 connecting to the cluster VIP is looped back inside Host 2 (KB Q247768)', async ({
  page,
}) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  await expect(page.getByRole('button', { name: /^Host 2,.*client located here/ })).toBeVisible();

  await runConnections(page, 300);
  expect(await servedBy(page, 'Host 2')).toBe(300);
  expect(await servedBy(page, 'Host 1')).toBe(0);
  expect(await servedBy(page, 'Host 3')).toBe(0);
  await expect(hostCells(page, 'Host 2').nth(1)).toHaveText('100.0%');
  expect(await counter(page, 'Frames on the wire')).toBe(0);
  expect(await counter(page, 'Loopback connections')).toBe(300);
  expect(await counter(page, 'Failed connections')).toBe(0);
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(
    '300 connections: Host 1 0, Host 2 300, Host 3 0; 0 failed',
  );
});

test('the summary of a batch counts its own connections, not one stepped before it', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  await expect(page.getByRole('button', { name: /^Host 2,.*client located here/ })).toBeVisible();
  // Step until connection 1 is under way (its SYN appears in the log), then run a batch.
  const log = page.getByRole('region', { name: 'Event log' });
  for (let i = 0; i < 40 && (await log.getByText('#1', { exact: true }).count()) === 0; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
  }
  await expect(log.getByText('#1', { exact: true }).first()).toBeVisible();
  await runConnections(page, 300);
  // Connection 1 finished during the batch: the totals count it, the batch's sentence does not.
  await expect.poll(() => counter(page, 'Loopback connections')).toBe(301);
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(
    '300 connections: Host 1 0, Host 2 300, Host 3 0; 0 failed',
  );
});

test('Play, Pause, Step and Reset drive simulated time', async ({ page }) => {
  const log = page.getByRole('region', { name: 'Event log' }).getByRole('listitem');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // Step from a fresh start: each press adds what happened next to the log.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(log).toHaveCount(0);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(log).not.toHaveCount(0);
  const afterOne = await log.count();
  const newest = await log.first().textContent();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => log.count()).toBeGreaterThan(afterOne);
  await expect(log.first()).not.toHaveText(newest ?? '');

  await runConnections(page, 50);
  expect(await counter(page, 'Frames on the wire')).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByLabel('Frames on the wire', { exact: true })).toHaveText('0');
  await expect(page.getByLabel('Loopback connections', { exact: true })).toHaveText('0');
  await expect(page.getByLabel('Failed connections', { exact: true })).toHaveText('0');
  for (const h of ['Host 1', 'Host 2', 'Host 3']) await expect(hostCells(page, h).first()).toHaveText('0');
  await expect(log).toHaveCount(0);
});

test('the Speed slider walks a log scale from 0.05x to 100x', async ({ page }) => {
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('ArrowRight');
  await expect(speed).toHaveAttribute('aria-valuetext', '2x');
  await page.keyboard.press('End');
  await expect(speed).toHaveAttribute('aria-valuetext', '100x');
  await page.keyboard.press('Home');
  await expect(speed).toHaveAttribute('aria-valuetext', '0.05x');
});

test('changing the host count keeps the client somewhere that exists, and says so', async ({ page }) => {
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('5');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host \d+,/ })).toHaveCount(5);
  await expect(perHostTable(page).getByRole('rowheader')).toHaveCount(5);

  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 5' });
  await expect(page.getByRole('button', { name: /^Host 5,.*client located here/ })).toBeVisible();
  await hosts.fill('3');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host \d+,/ })).toHaveCount(3);
  await expect(page.getByRole('combobox', { name: 'Client location' })).toHaveValue('outside');
  await expect(page.getByRole('status').filter({ hasText: 'Host 5 no longer exists' })).toBeVisible();

  // 32 hosts is NLB's limit, and every one of them is still a named button.
  await hosts.fill('32');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host \d+,/ })).toHaveCount(32);
  await expect(page.getByRole('button', { name: /^Host 32, 10\.0\.0\.42,/ })).toBeVisible();
});

test('no serious or critical accessibility violations', async ({ page }) => {
  const scan = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  expect(await scan()).toEqual([]);
  // And again with more of the interface showing: a run's outcome, a selected host, the event log.
  await runConnections(page, 30);
  await page.getByRole('button', { name: /^Host 2,/ }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Host 2' })).toBeVisible();
  expect(await scan()).toEqual([]);
});

test('a simulation that fails to start is reported, and Restart recovers with the same scenario', async ({
  browser,
}) => {
  // A fresh page whose worker script cannot be fetched, as on a flaky network.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/simulation.worker*', (route) => route.abort());
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('simulation');

  await page.unroute('**/simulation.worker*');
  await alert.getByRole('button', { name: 'Restart simulation' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Host 3,/ })).toBeVisible();
  await runConnections(page, 30);
  expect(await counter(page, 'Failed connections')).toBe(0);
  await context.close();
});
