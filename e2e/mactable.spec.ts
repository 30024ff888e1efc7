// The switch's MAC table: with source-MAC masking (the default) the switch never learns the cluster
// MAC, so frames for it are flooded; with masking off it learns it on exactly one port (KB Q193602).
import { expect, test } from '@playwright/test';
import { openApp, runConnections } from './helpers';

const CLUSTER_MAC = '02-BF-0A-00-00-64';

test('the MAC table never holds the cluster MAC while masking is on, and holds it once when off', async ({
  page,
}) => {
  await openApp(page);
  await runConnections(page, 20);

  const toggle = page.getByRole('button', { name: 'MAC table', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  const table = page.getByRole('table', { name: 'Switch MAC table' });
  await expect(table.getByRole('columnheader')).toHaveText(['MAC', 'Port', 'Connected to', 'What it is']);
  const routerRow = table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Router', exact: true }) });
  await expect(routerRow.first()).toBeVisible();
  await expect(table.getByRole('cell', { name: CLUSTER_MAC, exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'More settings' }).click();
  const settings = page.getByRole('group', { name: 'More settings' });
  const mask = settings.getByRole('checkbox', { name: 'Mask source MAC' }).first();
  await expect(mask).toBeChecked();
  await mask.uncheck();
  await expect(mask).not.toBeChecked();

  await runConnections(page, 20);
  await expect(table.getByRole('cell', { name: CLUSTER_MAC, exact: true })).toHaveCount(1);
});
