// Hosts reaching each other in unicast mode, as a trainer shows it: the Q197864 failure, a second
// network adapter per host (Q233279), unicast inter-host communication, and `ping` in a host's panel.
import { expect, test } from '@playwright/test';
import {
  choosePreset,
  fullSpeed,
  openApp,
  openHost,
  openSettings,
  runConnections,
  servedBy,
} from './helpers';

test('a second NIC per host: Host 1 reaches Host 2 by its dedicated IP, and ping says so', async ({
  page,
}) => {
  await openApp(page);
  await choosePreset(page, 'A second network adapter (Q233279)');
  await runConnections(page, 5);
  await expect(page.getByRole('status', { name: 'Run summary' })).toContainText('5 connections');
  expect(await servedBy(page, 'Host 2')).toBe(5);

  const host1 = await openHost(page, 'Host 1');
  await expect(host1).toContainText('Second NIC MAC');
  const command = host1.getByRole('combobox', { name: 'Command' });
  const output = host1.getByLabel('Command output');
  await command.selectOption('ipconfig');
  await expect(output).toContainText('Ethernet adapter Dedicated:');
  await expect(output).toContainText('00-15-5D-01-00-01');

  await command.selectOption('ping');
  await expect(output).toContainText('No ping run on this host yet');
  const address = host1.getByRole('textbox', { name: 'Address to ping' });
  await expect(address).toHaveValue('10.0.0.12');
  await host1.getByRole('button', { name: 'Ping', exact: true }).click();
  await expect(output).toContainText('Pinging 10.0.0.12 with 32 bytes of data:');
  // The echoes take simulated seconds: play at real time until the statistics are printed.
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(output).toContainText('Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),', {
    timeout: 20_000,
  });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(output).toContainText(/Reply from 10\.0\.0\.12: bytes=32 time=\d+ms TTL=128/);
  // The key now explains the ping's shape, and the log names it.
  await expect(page.getByText('Ping (ICMP echo)', { exact: true })).toBeVisible();
});

test('a ping address that is not one is refused with a message, and nothing is sent', async ({ page }) => {
  await openApp(page);
  const host2 = await openHost(page, 'Host 2');
  await host2.getByRole('combobox', { name: 'Command' }).selectOption('ping');
  const address = host2.getByRole('textbox', { name: 'Address to ping' });
  await address.fill('10.0.0.300');
  await host2.getByRole('button', { name: 'Ping', exact: true }).click();
  await expect(host2.getByRole('alert')).toContainText('"10.0.0.300" is not an IPv4 address');
  await expect(address).toHaveValue('10.0.0.300');
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(host2.getByLabel('Command output')).toContainText('No ping run on this host yet');
});

test('unicast inter-host communication in More settings turns Q197864 around with one NIC', async ({
  page,
}) => {
  await openApp(page);
  await choosePreset(page, 'Unicast: hosts cannot reach each other (Q197864)');
  await runConnections(page, 3);
  await expect(page.getByRole('status', { name: 'Run summary' })).toContainText('3 failed');
  expect(await servedBy(page, 'Host 2')).toBe(0);

  const panel = await openSettings(page);
  const interHost = panel.getByRole('checkbox', { name: 'Unicast inter-host communication' });
  await expect(interHost).not.toBeChecked();
  await interHost.check();
  await expect(interHost).toBeChecked();
  await runConnections(page, 3);
  await expect(page.getByRole('status', { name: 'Run summary' })).toContainText(
    'Host 2 3, Host 3 0; 0 failed',
  );

  // The per-host second NIC is a setting of its own: on, the host's panel names its MAC.
  const secondNic = panel.getByRole('checkbox', { name: 'Host 3 second network adapter' });
  await secondNic.check();
  await expect(secondNic).toBeChecked();
  // The panel covers the drawing: close it, as a user would, to reach the host.
  await page.getByRole('button', { name: 'More settings' }).click();
  await expect(panel).toBeHidden();
  const host3 = await openHost(page, 'Host 3');
  await expect(host3).toContainText('00-15-5D-01-00-03');
});
