// The client's protocol and the switch's IGMP snooping, as a trainer sets them in More settings:
// fragmented UDP fails with affinity None and works with Single (KB Q229064); a snooping switch lists
// the cluster's member ports in its MAC table.
import { expect, test } from '@playwright/test';
import { counter, fullSpeed, openApp, playUntilConverged, runConnections, timelineSeconds } from './helpers';

test('UDP queries of 4,000 bytes: many fail with affinity None, none with Single', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'More settings' }).click();
  const settings = page.getByRole('group', { name: 'More settings' });
  await settings.getByRole('combobox', { name: 'Client protocol' }).selectOption('udp');
  const size = settings.getByRole('spinbutton', { name: 'UDP query size (bytes)' });
  await expect(size).toHaveValue('512');
  await expect(settings.getByText('Each query fits one frame.')).toBeVisible();
  await size.fill('4000');
  await size.press('Enter');
  await expect(
    settings.getByText(/Each query leaves as 3 IPv4 fragments; only the first carries the port/),
  ).toBeVisible();
  // The key shows the shapes UDP draws.
  await expect(page.getByText('UDP fragment (no ports)')).toBeVisible();
  await settings.getByRole('button', { name: 'Close settings' }).click();

  await page.getByRole('combobox', { name: 'Affinity', exact: true }).selectOption('none');
  const failedBefore = await counter(page, 'Failed connections');
  await runConnections(page, 300);
  const failedWithNone = (await counter(page, 'Failed connections')) - failedBefore;
  // About two in three (the first fragment and the rest agree on a host one time in three).
  expect(failedWithNone).toBeGreaterThan(100);
  expect(failedWithNone).toBeLessThan(280);

  await page.getByRole('combobox', { name: 'Affinity', exact: true }).selectOption('single');
  // NLB takes the new affinity by converging (about 3 s) while the old map serves: play through it.
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText('Converging');
  await playUntilConverged(page);
  await runConnections(page, 300);
  // The batch's own outcome: a query still in flight from the played stretch may fail on its own
  // timer meanwhile, so the global counter is not this batch's.
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(
    /^300 connections: .*; 0 failed$/,
  );
});

test('with IGMP snooping the MAC table lists the cluster group member ports', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Cluster mode' }).selectOption('igmp');
  await page.getByRole('button', { name: 'More settings' }).click();
  const settings = page.getByRole('group', { name: 'More settings' });
  const snooping = settings.getByRole('checkbox', { name: 'IGMP snooping' });
  await expect(snooping).not.toBeChecked();
  await snooping.check();
  await expect(snooping).toBeChecked();
  await expect(page.getByText('IGMP report', { exact: true })).toBeVisible(); // in the key
  await settings.getByRole('button', { name: 'Close settings' }).click();
  // The hosts report their group at their first heartbeats: play past the first second.
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => timelineSeconds(page), { timeout: 30_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'MAC table', exact: true }).click();
  const table = page.getByRole('table', { name: 'Switch MAC table' });
  const members = table.getByRole('row').filter({ hasText: 'IGMP group member (snooping)' });
  await expect(members).toHaveCount(3);
  await expect(members.first()).toContainText('01-00-5E-7F-00-64');
  for (const host of ['Host 1', 'Host 2', 'Host 3'])
    await expect(members.filter({ has: page.getByRole('cell', { name: host, exact: true }) })).toHaveCount(1);
});
