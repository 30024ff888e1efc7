// The load balancers of today next to Windows NLB (MODERN.md), as a trainer shows them: a client on
// Host 1 connects to its own cluster's VIP 300 times under each balancer, and the counters tell the
// three mechanisms apart (local capture, half-NAT hairpin, full proxy / source NAT). Then the vendors'
// options, the balancer in the drawing, a rewritten frame in the inspector and a backend's panel.
import { expect, test, type Page } from '@playwright/test';
import { counter, openApp, perHostTable, servedBy } from './helpers';

const N = 300;

function balancerPicker(page: Page) {
  return page.getByRole('combobox', { name: 'Load balancer', exact: true });
}

/** Back to time zero with the scenario as it is now, so the counters hold one batch only. */
async function reset(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText('');
  await expect(page.getByLabel('Failed connections', { exact: true })).toHaveText('0');
  await expect(page.getByLabel('Loopback connections', { exact: true })).toHaveText('0');
}

/** Opens N connections with Run and waits for the announced outcome. */
async function run(page: Page): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Connections', exact: true }).fill(String(N));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(new RegExp(`^${N} connections`));
}

interface Reading {
  failed: number;
  loopback: number;
  frames: number;
  host1: number;
  /** Completed connections over every host. */
  served: number;
}

async function read(page: Page): Promise<Reading> {
  let served = 0;
  for (const name of ['Host 1', 'Host 2', 'Host 3']) served += await servedBy(page, name);
  return {
    failed: await counter(page, 'Failed connections'),
    loopback: await counter(page, 'Loopback connections'),
    frames: await counter(page, 'Frames on the wire'),
    host1: await servedBy(page, 'Host 1'),
    served,
  };
}

/** Chooses a balancer (the run rebuilds), starts again from zero, runs N connections and reads the counters. */
async function measure(page: Page, balancer: string): Promise<Reading> {
  if ((await balancerPicker(page).locator('option:checked').textContent()) !== balancer)
    await balancerPicker(page).selectOption({ label: balancer });
  await expect(balancerPicker(page).locator('option:checked')).toHaveText(balancer);
  await reset(page);
  await run(page);
  const r = await read(page);
  // Every connection of the batch either completed on some host or failed.
  expect(r.served + r.failed, `${balancer}: ${JSON.stringify(r)}`).toBe(N);
  return r;
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 1' });
});

test('a backend calling its own VIP under each load balancer: local capture, hairpin, full NAT', async ({
  page,
}) => {
  await expect(perHostTable(page)).toBeVisible();

  // A. Local capture: the VIP is a local address of Host 1, so every connection loops back to it.
  for (const balancer of ['Windows NLB', 'Linux LVS direct routing', 'Google Cloud internal passthrough']) {
    const r = await measure(page, balancer);
    expect(r, balancer).toMatchObject({ loopback: N, failed: 0, frames: 0, host1: N });
  }

  // B. Half-NAT hairpin: the flows the balancer sends back to Host 1 arrive with Host 1's own source
  // and time out; the others are served by Host 2 and Host 3.
  for (const balancer of ['Azure internal load balancer', 'AWS Network Load Balancer']) {
    const r = await measure(page, balancer);
    expect(r.failed, balancer).toBeGreaterThan(0);
    expect(r.failed, balancer).toBeLessThan(N);
    expect(r.host1, balancer).toBe(0);
    expect(r.loopback, balancer).toBe(0);
    expect(r.frames, balancer).toBeGreaterThan(0);
  }

  // C. Source NAT or a proxy: always answered, Host 1 serving its share and no more.
  for (const balancer of ['Kubernetes Service (kube-proxy)', 'Proxy (HAProxy)']) {
    const r = await measure(page, balancer);
    expect(r.failed, balancer).toBe(0);
    expect(r.loopback, balancer).toBe(0);
    expect(r.host1, balancer).toBeGreaterThan(0);
    expect(r.host1, balancer).toBeLessThan(N);
  }

  // The vendors' options turn the outcome around.
  const floating = page.getByRole('checkbox', { name: 'Floating IP' });
  await balancerPicker(page).selectOption({ label: 'Azure internal load balancer' });
  await expect(floating).not.toBeChecked();
  await floating.check();
  await expect(floating).toBeChecked();
  expect(await measure(page, 'Azure internal load balancer')).toMatchObject({ loopback: N, failed: 0 });

  const preservation = page.getByRole('checkbox', { name: 'Client IP preservation' });
  await balancerPicker(page).selectOption({ label: 'AWS Network Load Balancer' });
  await expect(preservation).toBeChecked();
  await preservation.uncheck();
  await expect(preservation).not.toBeChecked();
  const aws = await measure(page, 'AWS Network Load Balancer');
  expect(aws.failed).toBe(0);
  expect(aws.host1).toBeGreaterThan(0);

  const hairpin = page.getByRole('checkbox', { name: 'Hairpin mode' });
  await balancerPicker(page).selectOption({ label: 'Kubernetes Service (kube-proxy)' });
  await expect(hairpin).toBeChecked();
  await hairpin.uncheck();
  await expect(hairpin).not.toBeChecked();
  const kube = await measure(page, 'Kubernetes Service (kube-proxy)');
  expect(kube.failed).toBeGreaterThan(0);
  expect(kube.failed).toBeLessThan(N);
});

test('the balancer in the drawing and the toolbar, a rewritten frame in the inspector, a backend’s panel', async ({
  page,
}) => {
  const topology = page.getByRole('group', { name: 'Topology' });
  const mode = page.getByRole('combobox', { name: 'Cluster mode' });
  const affinity = page.getByRole('combobox', { name: 'Affinity', exact: true });
  // Windows NLB: the hosts balance among themselves, no balancer node; NLB's settings apply.
  await expect(topology.getByRole('button', { name: /^Load balancer/ })).toHaveCount(0);
  await expect(mode).toBeEnabled();
  await expect(affinity).toBeEnabled();

  await balancerPicker(page).selectOption({ label: 'Azure internal load balancer' });
  const node = topology.getByRole('button', {
    name: /^Load balancer, 10\.0\.0\.5, Azure internal load balancer/,
  });
  await expect(node).toBeVisible();
  // The toolbar names the mechanism.
  const settings = page.getByRole('region', { name: 'Cluster settings' });
  await expect(settings).toContainText('Mechanism B: half-NAT hairpin (illustrative: the flow hash)');
  // NLB's own settings are not shown where nothing runs NLB, and the toolbar stays on one row.
  await expect(mode).toHaveCount(0);
  await expect(affinity).toHaveCount(0);
  const where = (await page.getByRole('combobox', { name: 'Client location' }).boundingBox())!;
  const picker = (await balancerPicker(page).boundingBox())!;
  expect(Math.abs(picker.y - where.y)).toBeLessThan(20);
  // Hosts are backends now: healthy, not converged.
  await expect(topology.getByRole('button', { name: /^Host 2, 10\.0\.0\.12, healthy/ })).toBeVisible();
  // What is illustrative is Azure's (its flow hash), not NLB's bucket hash; the legend has the hairpin's drops.
  await expect(page.getByText('Azure internal load balancer: illustrative: the flow hash')).toBeVisible();
  await expect(page.getByText('Bucket hash: illustrative')).toHaveCount(0);
  await expect(page.getByText('Own address as source (martian)')).toBeVisible();
  // Buckets are NLB's: the bucket map says there are none to show.
  await expect(page.getByRole('region', { name: 'Bucket map' })).toContainText(
    'Cluster A is balanced by Azure internal load balancer, not Windows NLB: no buckets',
  );

  // The balancer's own panel says what it is.
  await node.click();
  const panel = page.getByRole('region', { name: 'Load balancer', exact: true });
  await expect(panel).toContainText('Azure internal load balancer');
  await expect(panel).toContainText('B: half-NAT hairpin');
  await expect(panel).toContainText('10.0.0.5');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();

  // Step until the balancer rewrites a SYN's destination, then inspect that frame.
  const log = page.getByRole('region', { name: 'Event log' });
  const dnat = log
    .getByRole('listitem')
    .filter({ hasText: /Load balancer DNAT: destination 10\.0\.0\.100:80/ });
  for (let i = 0; i < 80 && (await dnat.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(30);
  }
  await expect(dnat.first()).toBeVisible();
  await dnat.first().getByRole('button', { name: 'Inspect' }).click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  const rewrite = inspector.getByRole('table', { name: 'Rewrite at Load balancer' });
  await expect(rewrite).toBeVisible();
  await expect(rewrite.getByRole('columnheader')).toHaveText(['Arrived', 'Left']);
  const destination = rewrite.getByRole('row', { name: /^Destination/ }).getByRole('cell');
  await expect(destination.first()).toHaveText('10.0.0.100:80');
  await expect(destination.nth(1)).toContainText(/^10\.0\.0\.1[1-3]:80/);
  const source = rewrite.getByRole('row', { name: /^Source/ }).getByRole('cell');
  const from = (await source.first().textContent()) ?? '';
  expect(from).toMatch(/^10\.0\.0\.11:\d+$/);
  await expect(source.nth(1)).toContainText(from);
  await expect(inspector).toContainText(
    /DNAT: destination 10\.0\.0\.100:80 → 10\.0\.0\.1[1-3]:80, source kept/,
  );

  // A backend's panel: no NLB to stop or drain, and wlbs is not there to ask.
  await topology.getByRole('button', { name: /^Host 2,/ }).click();
  const host2 = page.getByRole('region', { name: 'Host 2', exact: true });
  await expect(host2).toBeVisible();
  await expect(host2.getByRole('button', { name: 'Crash' })).toBeVisible();
  await expect(host2.getByRole('button', { name: 'Stop NLB' })).toHaveCount(0);
  await expect(host2.getByRole('button', { name: 'Drainstop' })).toHaveCount(0);
  await expect(host2).toContainText('Azure internal load balancer');
  const command = host2.getByRole('combobox', { name: 'Command' });
  const output = host2.getByLabel('Command output');
  await expect(command).toHaveValue('wlbs query');
  await expect(output).toContainText("'wlbs' is not recognized as an internal or external command");
  await command.selectOption('route print');
  await expect(output).toContainText('10.0.0.100 is not an address of this host');
});
