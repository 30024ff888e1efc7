// Captures and exports: a real pcap from a chosen capture point, the event log as CSV and JSON, and
// the drawing as SVG and PNG, each saved as a download the user can open elsewhere.
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { openApp, runConnections } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

async function save(page: Page, button: string): Promise<Download> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return download;
}

test('Download capture saves a pcap of the chosen capture point and says how many frames', async ({
  page,
}) => {
  const point = page.getByRole('combobox', { name: 'Capture point' });
  await expect(point.getByRole('option')).toContainText([
    'Whole switch (every port)',
    'Switch port 1',
    'Host 1 NIC',
    'Host 1 loopback',
  ]);
  await runConnections(page, 20);

  const download = await save(page, 'Download capture');
  expect(download.suggestedFilename()).toMatch(/\.pcap$/);
  const bytes = await bytesOf(download);
  // Classic libpcap magic, either byte order.
  expect(['d4c3b2a1', 'a1b2c3d4']).toContain(bytes.subarray(0, 4).toString('hex'));
  expect(bytes.length).toBeGreaterThan(24);
  await expect(page.getByRole('status').filter({ hasText: /^Saved \d+ frames to .*\.pcap/ })).toBeVisible();

  // A looped-back connection never reaches the switch: the host's loopback capture has it.
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await runConnections(page, 5);
  await point.selectOption({ label: 'Host 2 loopback' });
  const loop = await save(page, 'Download capture');
  expect(loop.suggestedFilename()).toBe('vip-lab-host-2-loopback.pcap');
  expect((await bytesOf(loop)).length).toBeGreaterThan(24);
});

test('Export log as CSV has a header row and one row per event; JSON parses', async ({ page }) => {
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Event log' }).getByRole('listitem').first()).toBeVisible();

  const csv = (await bytesOf(await save(page, 'Export log as CSV'))).toString('utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('seq,time_ms,node,action,frame,connection,text,code');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines[1]).toMatch(/^\d+,\d+\.\d{3},[^,]+,[a-z]+,\d+,\d+,/);
  await expect(
    page.getByRole('status').filter({ hasText: /^Saved \d+ events? to vip-lab-log-.*\.csv/ }),
  ).toBeVisible();

  const json = JSON.parse((await bytesOf(await save(page, 'Export log as JSON'))).toString('utf8')) as {
    decisions: { text: string }[];
  };
  expect(json.decisions.length).toBe(lines.length - 1);
});

test('Export view saves the drawing as SVG and as PNG', async ({ page }) => {
  const svg = (await bytesOf(await save(page, 'Export view as SVG'))).toString('utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('Host 3');
  expect(svg).toContain('VIP 10.0.0.100');

  const png = await bytesOf(await save(page, 'Export view as PNG'));
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  await expect(page.getByRole('status').filter({ hasText: /^Saved the drawing to .*\.png/ })).toBeVisible();
});

test('the SVG export shows what the canvas shows: a lit loopback circle and the packet on it', async ({
  page,
}) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  await expect(page.getByRole('button', { name: /^Host 2,.*client located here/ })).toBeVisible();
  // Step until a packet is going round Host 2's loopback: the paused picture lights its circle.
  let svg = '';
  for (let i = 0; i < 15 && !svg.includes('stroke="#0061a3"'); i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    svg = (await bytesOf(await save(page, 'Export view as SVG'))).toString('utf8');
  }
  expect(svg).toMatch(/<circle[^>]*stroke="#0061a3"/);
  // The packet itself is drawn too, in the packets layer.
  expect(svg).toMatch(/<g class="packets"[^>]*>.*<path d="M/s);
});
