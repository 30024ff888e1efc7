// Editing the cluster as a trainer does: mode, affinity, a second cluster, port rules and host
// priorities. Valid edits reload the scenario; invalid ones are explained where they were typed,
// kept, and never sent.
import { expect, test } from '@playwright/test';
import { counter, openApp, openSettings, playUntilConverged, runConnections, servedBy } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the cluster settings region holds the contract controls', async ({ page }) => {
  const region = page.getByRole('region', { name: 'Cluster settings' });
  await expect(region.getByRole('spinbutton', { name: 'Hosts' })).toHaveValue('3');
  await expect(region.getByRole('combobox', { name: 'Cluster mode' }).getByRole('option')).toHaveText([
    'Unicast',
    'Multicast',
    'IGMP multicast',
  ]);
  await expect(
    region.getByRole('combobox', { name: 'Affinity', exact: true }).getByRole('option'),
  ).toHaveText(['None', 'Single', 'Network']);
  await expect(region.getByRole('checkbox', { name: 'Cluster B' })).not.toBeChecked();
});

test('cluster mode changes the MACs the page shows, IGMP says illustrative', async ({ page }) => {
  const mode = page.getByRole('combobox', { name: 'Cluster mode' });
  await page.getByRole('button', { name: /^Host 1,/ }).click();
  const panel = page.getByRole('region', { name: 'Host 1', exact: true });
  await expect(panel).toContainText('02-BF-0A-00-00-64');
  await expect(panel).toContainText('the cluster MAC');

  await mode.selectOption({ label: 'Multicast' });
  await expect(panel).toContainText('03-BF-0A-00-00-64');
  await expect(panel).not.toContainText('the cluster MAC');

  await mode.selectOption({ label: 'IGMP multicast' });
  await expect(panel).toContainText(/01-00-5E/i);
  await expect(panel).toContainText('illustrative');
  await runConnections(page, 60);
  expect(await counter(page, 'Failed connections')).toBe(0);
});

test('Cluster B: a client on Host 2 connecting to Cluster B VIP is balanced over B, on the wire', async ({
  page,
}) => {
  const location = page.getByRole('combobox', { name: 'Client location' });
  const target = page.getByRole('combobox', { name: 'Connect to' });
  await expect(target.getByRole('option', { name: 'Cluster B VIP' })).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Cluster B' }).check();
  await expect(page.getByRole('button', { name: /^Host B3, 10\.0\.0\.53,/ })).toBeVisible();
  await expect(target.getByRole('option', { name: 'Cluster B VIP' })).toHaveCount(1);
  await expect(location.getByRole('option', { name: 'On Host B1' })).toHaveCount(1);

  // One client address: affinity None lets each connection hash to its own host.
  await page.getByRole('combobox', { name: 'Affinity', exact: true }).selectOption({ label: 'None' });
  await location.selectOption({ label: 'On Host 2' });
  await target.selectOption({ label: 'Cluster B VIP' });
  await runConnections(page, 300);
  const b = await Promise.all(['Host B1', 'Host B2', 'Host B3'].map((h) => servedBy(page, h)));
  for (const n of b) expect(n).toBeGreaterThan(0);
  expect(b.reduce((x, y) => x + y, 0)).toBe(300);
  expect(await servedBy(page, 'Host 2')).toBe(0);
  expect(await counter(page, 'Loopback connections')).toBe(0);
  expect(await counter(page, 'Frames on the wire')).toBeGreaterThan(0);

  // Removing Cluster B brings the client back to something that exists, and says so.
  await page.getByRole('checkbox', { name: 'Cluster B' }).uncheck();
  await expect(page.getByRole('button', { name: /^Host B1,/ })).toHaveCount(0);
  await expect(target).toHaveValue('vip:A');
  await expect(page.getByRole('status').filter({ hasText: 'Cluster B is gone' })).toBeVisible();
});

test('affinity Single keeps one client on one host', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('checkbox', { name: 'Cluster B' }).check();
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster B VIP' });
  await runConnections(page, 90);
  const single = await Promise.all(['Host B1', 'Host B2', 'Host B3'].map((h) => servedBy(page, h)));
  expect(single.filter((n) => n > 0)).toEqual([90]);
});

test('a port rule error is explained where it was typed, kept, and never sent', async ({ page }) => {
  await runConnections(page, 30);
  const panel = await openSettings(page);
  const start = panel.getByRole('spinbutton', { name: 'Rule 1 start port' });
  const end = panel.getByRole('spinbutton', { name: 'Rule 1 end port' });

  await end.fill('70000');
  await expect(
    panel.getByRole('cell', { name: 'Rule 1: End port: enter a whole number from 0 to 65535.' }),
  ).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText('Port rules not applied: fix rule 1.');
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  await start.fill('90');
  await end.fill('80');
  await expect(panel.getByRole('cell', { name: /Start port 90 is after end port 80/ })).toBeVisible();
  await page.waitForTimeout(800);
  // Nothing was sent: the run's counts are still there, and so is what the user typed.
  expect(
    (await servedBy(page, 'Host 1')) + (await servedBy(page, 'Host 2')) + (await servedBy(page, 'Host 3')),
  ).toBe(30);
  await expect(start).toHaveValue('90');
  await expect(end).toHaveValue('80');

  // Fixed: the rule applies in the same run (NLB converges to it while it serves), the message goes.
  await end.fill('100');
  await expect(panel.getByText(/is after end port/)).toHaveCount(0);
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText('Converging');
  await expect(start).toHaveValue('90');

  // Once converged, port 80 is outside 90–100: no rule covers it, so the default host takes it all.
  await page.getByRole('button', { name: 'Close settings' }).click();
  await playUntilConverged(page);
  await runConnections(page, 40);
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(
    '40 connections: Host 1 40, Host 2 0, Host 3 0; 0 failed',
  );
});

test('adding, editing and removing port rules; overlapping rules are refused', async ({ page }) => {
  const panel = await openSettings(page);
  await panel.getByRole('button', { name: 'Add port rule' }).click();
  const start2 = panel.getByRole('spinbutton', { name: 'Rule 2 start port' });
  await expect(start2).toBeVisible();
  await panel.getByRole('combobox', { name: 'Rule 2 VIP' }).selectOption({ label: 'All VIPs' });
  await expect(panel.getByRole('cell', { name: /Overlaps rule 1/ })).toBeVisible();
  await panel.getByRole('button', { name: 'Remove rule 1' }).click();
  await expect(panel.getByText(/Overlaps rule 1/)).toHaveCount(0);

  // The remaining rule covers 443 only; make it cover 80 and disable it: nobody answers.
  await panel.getByRole('spinbutton', { name: 'Rule 1 start port' }).fill('80');
  await panel.getByRole('spinbutton', { name: 'Rule 1 end port' }).fill('80');
  await panel.getByRole('combobox', { name: 'Rule 1 filtering mode' }).selectOption({ label: 'Disabled' });
  await expect(panel.getByRole('combobox', { name: 'Rule 1 affinity' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await runConnections(page, 10);
  expect(await counter(page, 'Failed connections')).toBe(10);
});

test('duplicate host priorities are refused with the other host named', async ({ page }) => {
  const panel = await openSettings(page);
  const p3 = panel.getByRole('spinbutton', { name: 'Host 3 priority' });
  await p3.fill('1');
  await expect(panel.getByText(/Host 1 already has priority 1/)).toBeVisible();
  await expect(p3).toHaveValue('1');
  // Swapping: give Host 1 another priority and both become valid.
  await panel.getByRole('spinbutton', { name: 'Host 1 priority' }).fill('3');
  await expect(panel.getByText(/already has priority/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Close settings' }).click();
  await page.getByRole('button', { name: /^Host 3,/ }).click();
  await expect(page.getByRole('region', { name: 'Host 3', exact: true })).toContainText('default host');
});

test('the client and bucket settings reload the scenario with the new values', async ({ page }) => {
  const panel = await openSettings(page);
  const buckets = panel.getByRole('spinbutton', { name: 'Buckets (illustrative)' });
  await buckets.fill('65');
  await expect(buckets).toHaveAttribute('aria-invalid', 'true');
  await buckets.fill('16');
  await buckets.press('Enter');
  await expect(buckets).toHaveAttribute('aria-invalid', 'false');
  const sources = panel.getByRole('spinbutton', { name: 'Source addresses' });
  await sources.fill('1');
  await sources.press('Enter');
  await expect(page.getByRole('button', { name: 'Close settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Close settings' }).click();
  // One outside address with affinity Single: every connection lands on one host.
  await runConnections(page, 50);
  const served = await Promise.all(['Host 1', 'Host 2', 'Host 3'].map((h) => servedBy(page, h)));
  expect(served.filter((n) => n > 0)).toEqual([50]);
});

test('no serious or critical accessibility violations with settings, a faulty host and exports showing', async ({
  page,
}) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  await page.getByRole('checkbox', { name: 'Cluster B' }).check();
  await page.getByRole('button', { name: /^Host 2,/ }).click();
  const host = page.getByRole('region', { name: 'Host 2', exact: true });
  await host.getByRole('button', { name: 'Crash' }).click();
  await expect(host.getByRole('button', { name: 'Restart' })).toBeVisible();
  await runConnections(page, 20);
  const panel = await openSettings(page);
  await panel.getByRole('spinbutton', { name: 'Rule 1 end port' }).first().fill('99999');
  await expect(panel.getByRole('cell', { name: /Rule 1: End port/ }).first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious).toEqual([]);
});
