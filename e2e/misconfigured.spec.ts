// A misconfigured host as NLB treats it (KB Q198496): the cluster keeps it out, names it and the
// rule in the log and in the host's panel, and the other hosts go on serving every connection.
import { expect, test } from '@playwright/test';
import { choosePreset, openApp, openHost, runConnections } from './helpers';

test('Port rules that differ: Host 3 is kept out, named with its rule, and Hosts 1 and 2 serve all', async ({
  page,
}) => {
  await openApp(page);
  await choosePreset(page, 'Port rules that differ');
  await expect(page.getByLabel('Cluster state', { exact: true })).toHaveText('Converged');
  const host3 = await openHost(page, 'Host 3');
  await expect(host3.getByRole('note')).toContainText(
    "Kept out of the cluster: Host 3's port rules differ from Host 1's at rule 1",
  );
  await runConnections(page, 60);
  await expect(page.getByRole('status', { name: 'Run summary' })).toContainText(/Host 3 0; 0 failed$/);
  // The log names the host and the rule too.
  const log = page.getByRole('region', { name: 'Event log' });
  await page.getByRole('combobox', { name: 'Filter by action' }).selectOption('converge');
  await expect(log.getByText(/Host 3 is not accepted into the cluster: .*at rule 1/)).toBeVisible();
  // Hosts 1 and 2 carry on as usual.
  const host1 = await openHost(page, 'Host 1');
  await expect(host1.getByRole('note')).toHaveCount(0);
});
