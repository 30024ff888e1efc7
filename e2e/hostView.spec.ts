// The host's own view in its panel, as a Windows admin would type it on that host: the Command
// list and its output, read from the engine at the moment on screen and updated as time moves.
import { expect, test } from '@playwright/test';
import { fullSpeed, openApp, openHost, runConnections } from './helpers';

test("a host's Command output: wlbs query, route print with the VIP as a local address, ipconfig, arp -a", async ({
  page,
}) => {
  await openApp(page);
  const host2 = await openHost(page, 'Host 2');
  const command = host2.getByRole('combobox', { name: 'Command' });
  const output = host2.getByLabel('Command output');
  await expect(command).toHaveValue('wlbs query');
  await expect(output).toContainText('Host 2 converged with the following host(s) as part of the cluster:');
  await expect(output).toContainText('1, 2, 3');

  await command.selectOption('route print');
  await expect(output).toContainText('10.0.0.100');
  await expect(output).toContainText(/is\s+looped\s+back/);

  await command.selectOption('ipconfig');
  await expect(output).toContainText('10.0.0.100  (Cluster A IP)');

  // It follows the run: after a batch from outside, Host 2 has learned the router's MAC.
  await command.selectOption('arp -a');
  await expect(output).toContainText('(no entries)');
  await runConnections(page, 30);
  await expect(output).toContainText('10.0.0.1');

  // And the state: stop NLB on Host 2 and wlbs query says so.
  await command.selectOption('wlbs query');
  await host2.getByRole('button', { name: 'Stop NLB' }).click();
  await expect(output).toContainText('Host 2 is stopped');
});

test('netstat -n lists the connections a host has open at the moment on screen', async ({ page }) => {
  // Drainstop's server answers after 2 s, so connections stay open long enough to be seen.
  await page.goto('/?preset=drainstop');
  const host1 = await openHost(page, 'Host 1');
  const command = host1.getByRole('combobox', { name: 'Command' });
  const output = host1.getByLabel('Command output');
  await command.selectOption('netstat -n');
  await expect(output).toContainText('Active Connections');
  await expect(output).toContainText('(no open connections)');
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(output).toContainText(/TCP\s+10\.0\.0\.100:80\s+\S+:\d+\s+ESTABLISHED/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
});
