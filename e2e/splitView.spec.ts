// Split view as a trainer uses it in front of a room: Windows NLB with the client on Host 1 next to
// Azure's internal load balancer with the client on Host 1, driven by one set of controls, so the
// room sees both at the same moment; and a Share link that opens both labs again.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { defaultScenario } from '../src/scenario/defaults';
import { encodeScenarioToHash } from '../src/scenario/link';
import type { Scenario } from '../src/scenario/types';
import { countFrameRequests, frameRequests, openApp } from './helpers';

/** The region of one lab. */
const lab = (page: Page, n: 1 | 2): Locator => page.getByRole('region', { name: `Lab ${n}`, exact: true });

/** The number a labelled counter shows in a lab (digits only). */
async function counterIn(region: Locator, label: string): Promise<number> {
  const text = (await region.getByLabel(label, { exact: true }).textContent()) ?? '';
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

/** A lab's simulated time, in ms, from the clock over its drawing (`0.42 ms`, `12.3 ms`, `4.567 s`). */
async function labTimeMs(region: Locator): Promise<number> {
  const text = (await region.getByText(/^Simulated time /).textContent()) ?? '';
  const match = /([\d.]+) (ms|s)$/.exec(text.trim());
  expect(match, `the clock says "${text}"`).not.toBeNull();
  return Number(match![1]) * (match![2] === 's' ? 1000 : 1);
}

/** How far (simulated ms) a lab's clock is from `t`: the clock shows whole ms from 1 s on. */
async function offBy(region: Locator, t: number): Promise<number> {
  return Math.abs((await labTimeMs(region)) - t);
}

/** The Timeline's value, in simulated ms. */
async function timelineMs(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Timeline' }).inputValue());
}

async function openSplitView(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Split view' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(lab(page, 1)).toBeVisible();
  await expect(lab(page, 2)).toBeVisible();
  // Lab 2's engine has drawn its cluster.
  await expect(lab(page, 2).getByRole('button', { name: /^Host 1,/ })).toBeVisible();
}

test('split view: NLB next to Azure, one set of controls, the same moment, and a link that opens both', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await openSplitView(page);
  const one = lab(page, 1);
  const two = lab(page, 2);

  // Lab 1 keeps Windows NLB with its client on Host 1; Lab 2 has Azure's internal load balancer.
  await expect(one.getByRole('combobox', { name: 'Load balancer' })).toHaveValue('nlb');
  await one.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 1' });
  await two
    .getByRole('combobox', { name: 'Load balancer' })
    .selectOption({ label: 'Azure internal load balancer' });
  await two.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 1' });
  await expect(one.getByRole('combobox', { name: 'Client location' })).toHaveValue('host:A:0');
  await expect(two.getByRole('combobox', { name: 'Load balancer' })).toHaveValue('azureIlb');
  await expect(two.getByRole('combobox', { name: 'Client location' })).toHaveValue('host:A:0');
  // Lab 2's drawing shows Azure's balancer, and the client inside Host 1.
  await expect(two.getByRole('button', { name: /^Host 1,.*client/i })).toBeVisible();
  // Lab 1's client loops back inside Host 1 (the ring); Azure's balancer owns the VIP, so Lab 2's does not.
  await expect(one.locator('circle.loop-ring:visible')).toHaveCount(1);
  await expect(two.locator('circle.loop-ring:visible')).toHaveCount(0);

  // One Play drives both labs; Pause stops both, at the same moment.
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  await expect(speed).toHaveAttribute('aria-valuetext', '100x');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => timelineMs(page)).toBeGreaterThan(300);
  await expect.poll(() => labTimeMs(one)).toBeGreaterThan(300);
  await expect.poll(() => labTimeMs(two)).toBeGreaterThan(300);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await timelineMs(page);
  await expect.poll(() => offBy(one, paused)).toBeLessThanOrEqual(1);
  await expect.poll(() => offBy(two, paused)).toBeLessThanOrEqual(1);
  // Paused means paused: neither clock moves on.
  await page.waitForTimeout(500);
  expect(await offBy(one, paused)).toBeLessThanOrEqual(1);
  expect(await offBy(two, paused)).toBeLessThanOrEqual(1);
  expect(await timelineMs(page)).toBe(paused);
  // Both labs served connections of their own while playing.
  expect(await counterIn(one, 'Loopback connections')).toBeGreaterThan(0);

  // Scrubbing the shared Timeline shows both labs at the same moment.
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(Math.round(paused / 2)));
  const scrubbed = await timelineMs(page);
  expect(scrubbed).toBeLessThan(paused);
  await expect.poll(() => offBy(one, scrubbed)).toBeLessThanOrEqual(1);
  await expect.poll(() => offBy(two, scrubbed)).toBeLessThanOrEqual(1);

  // Back to zero, then Run 300 connections in both labs at once.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect.poll(() => labTimeMs(two)).toBe(0);
  await page.getByRole('spinbutton', { name: 'Connections' }).fill('300');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(one.getByRole('status', { name: 'Run summary' })).toHaveText(/^300 connections/, {
    timeout: 30_000,
  });
  await expect(two.getByRole('status', { name: 'Run summary' })).toHaveText(/^300 connections/, {
    timeout: 30_000,
  });
  // NLB: all 300 loop back inside Host 1 and none fails (KB Q247768).
  expect(await counterIn(one, 'Loopback connections')).toBe(300);
  expect(await counterIn(one, 'Failed connections')).toBe(0);
  // Azure: the hairpin to the caller itself times out about one time in three.
  await expect.poll(() => counterIn(two, 'Failed connections')).toBeGreaterThan(0);
  expect(await counterIn(two, 'Loopback connections')).toBe(0);
  await expect(one.getByRole('table', { name: 'Connections per host' })).toBeVisible();
  await expect(two.getByLabel('Cluster state', { exact: true })).not.toBeEmpty();

  // Share: the link opens split view again, with Lab 2 as it was.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Scenario link' });
  await expect(box).toHaveValue(/#s=/);
  const link = await box.inputValue();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('button', { name: 'Split view' })).toHaveAttribute('aria-pressed', 'true');
  const otherTwo = lab(other, 2);
  await expect(otherTwo.getByRole('combobox', { name: 'Load balancer' })).toHaveValue('azureIlb');
  await expect(otherTwo.getByRole('combobox', { name: 'Client location' })).toHaveValue('host:A:0');
  await expect(lab(other, 1).getByRole('combobox', { name: 'Load balancer' })).toHaveValue('nlb');
  await expect(lab(other, 1).getByRole('combobox', { name: 'Client location' })).toHaveValue('host:A:0');
  // The same batch, counted the same in both labs.
  await expect.poll(() => counterIn(lab(other, 1), 'Loopback connections'), { timeout: 30_000 }).toBe(300);
  await expect
    .poll(() => counterIn(otherTwo, 'Failed connections'), { timeout: 30_000 })
    .toBe(await counterIn(two, 'Failed connections'));
  await context.close();
});

test('a link whose split view is broken still opens Lab 1, and says why', async ({ page }) => {
  const broken = {
    ...defaultScenario(),
    view: {
      split: {
        balancer: { kind: 'f5BigIp' },
        location: { kind: 'outside' },
        target: { kind: 'vip', cluster: 'A' },
      },
    },
  } as unknown as Scenario;
  await page.goto(`/${encodeScenarioToHash(broken)}`);
  const alert = page.getByRole('alert').filter({ hasText: 'split view' });
  await expect(alert).toContainText('could not be opened');
  await expect(alert).toContainText('f5BigIp');
  // Lab 1 shows the scenario alone.
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Split view' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('region', { name: 'Lab 2' })).toHaveCount(0);
});

test('split view has no serious or critical accessibility violations', async ({ page }) => {
  await openApp(page);
  await openSplitView(page);
  await lab(page, 2)
    .getByRole('combobox', { name: 'Load balancer' })
    .selectOption({ label: 'Azure internal load balancer' });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab(page, 2).getByRole('status', { name: 'Run summary' })).toHaveText(/^300 connections/, {
    timeout: 30_000,
  });
  // A host selected from Lab 2's drawing opens its panel (the run both labs share).
  await lab(page, 2)
    .getByRole('button', { name: /^Host 2,/ })
    .click();
  await expect(page.getByRole('region', { name: 'Host 2' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious).toEqual([]);
});

test("split view's key explains both labs: NLB's drops and heartbeats from one, the balancer node from the other", async ({
  page,
}) => {
  await openApp(page);
  await openSplitView(page);
  const key = page.locator('.legend');
  await expect(key).toHaveCount(1);
  await expect(key.getByRole('listitem').filter({ hasText: 'Load balancer node' })).toHaveCount(0);
  // Lab 2 runs Azure's internal load balancer; Lab 1 keeps Windows NLB.
  await lab(page, 2)
    .getByRole('combobox', { name: 'Load balancer' })
    .selectOption({ label: 'Azure internal load balancer' });
  await expect(key.getByRole('listitem').filter({ hasText: 'Load balancer node' })).toHaveCount(1);
  await expect(key.getByRole('listitem').filter({ hasText: 'Dropped by NLB' })).toHaveCount(1);
  await expect(key.getByRole('listitem').filter({ hasText: 'Heartbeat' })).toHaveCount(1);
  // The other way round: Lab 1 on Azure, Lab 2 back on NLB. NLB's marks stay in the key for Lab 2.
  await lab(page, 1)
    .getByRole('combobox', { name: 'Load balancer' })
    .selectOption({ label: 'Azure internal load balancer' });
  await lab(page, 2).getByRole('combobox', { name: 'Load balancer' }).selectOption({ label: 'Windows NLB' });
  await expect(lab(page, 2).getByRole('combobox', { name: 'Load balancer' })).toHaveValue('nlb');
  await expect(key.getByRole('listitem').filter({ hasText: 'Dropped by NLB' })).toHaveCount(1);
  await expect(key.getByRole('listitem').filter({ hasText: 'Heartbeat' })).toHaveCount(1);
  await expect(key.getByRole('listitem').filter({ hasText: 'Load balancer node' })).toHaveCount(1);
});

test("Lab 2's packets are drawn as they move, by a drawing worker of its own where the browser has one", async ({
  page,
}) => {
  await countFrameRequests(page);
  await openApp(page);
  await openSplitView(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Above the hosts only packets are drawn (drop marks and loop circles sit on the host boxes):
  // the client's packets on their way to the switch, read through the layer (a canvas a worker
  // draws on cannot be read from the page).
  const canvasTop = (await lab(page, 2).locator('canvas.packet-canvas').first().boundingBox())!.y;
  const hostTop = (await lab(page, 2)
    .getByRole('button', { name: /^Host 1,/ })
    .boundingBox())!.y;
  const drawn = () =>
    page.evaluate(
      async ({ above }) => {
        const read = (
          window as unknown as Record<string, () => Promise<{ width: number; data: Uint8ClampedArray }>>
        ).__vipLab2PacketPixels!;
        const { width, data } = await read();
        let n = 0;
        const end = Math.max(0, Math.floor(above)) * width * 4 * window.devicePixelRatio;
        for (let i = 3; i < Math.min(end, data.length); i += 4) if (data[i]! > 128) n++;
        return n;
      },
      { above: hostTop - 20 - canvasTop },
    );
  await expect.poll(drawn, { timeout: 15_000 }).toBeGreaterThan(20);
  // Both labs moving: the page itself asks for almost no animation frame (each lab's worker draws).
  const before = await frameRequests(page);
  const first = await drawn();
  await page.waitForTimeout(1_000);
  expect((await frameRequests(page)) - before).toBeLessThan(5);
  await expect.poll(drawn).not.toBe(first);
});
