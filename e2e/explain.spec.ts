// The explaining side as a trainer uses it: step to a packet, open it from the event log and read its
// headers, bucket and journey; filter the log; check the charts and the bucket ring against the
// outcome table; hear connection outcomes announced.
import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { counter, openApp, runConnections, servedBy } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

function eventLog(page: Page): Locator {
  return page.getByRole('region', { name: 'Event log' });
}

function logRows(page: Page): Locator {
  return eventLog(page).getByRole('listitem');
}

/** How many lines the (virtualised) log holds: each row says so in aria-setsize. */
async function logSize(page: Page): Promise<number> {
  const first = logRows(page).first();
  if ((await first.count()) === 0) return 0;
  return Number(await first.getAttribute('aria-setsize'));
}

/**
 * Presses Step until one of the lines that step added to the event log (newest first) matches
 * `pattern`; returns that line. At most `max` presses.
 */
async function stepUntilNewest(page: Page, pattern: RegExp, max = 80): Promise<Locator> {
  for (let i = 0; i < max; i++) {
    const before = await logSize(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    // Each press answers with at least one new line; wait for it before reading.
    await expect.poll(() => logSize(page)).toBeGreaterThan(before);
    const added = (await logSize(page)) - before;
    for (let j = 0; j < added; j++) {
      const row = logRows(page).nth(j);
      if (pattern.test((await row.textContent()) ?? '')) return row;
    }
  }
  throw new Error(`No log line matched ${pattern} after ${max} steps`);
}

test('a SYN opened from the event log shows its headers, its bucket and every decision about it', async ({
  page,
}) => {
  const row = await stepUntilNewest(page, /Router sends SYN .* to MAC 02-BF-0A-00-00-64/);
  await row.getByRole('button', { name: 'Inspect' }).click();

  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await expect(inspector).toContainText(/SYN 172\.16\.\d+\.\d+:\d+ → 10\.0\.0\.100:80/);
  const ethernet = inspector.getByRole('table', { name: 'Ethernet II' });
  await expect(ethernet.getByRole('row', { name: /^Destination/ })).toContainText('02-BF-0A-00-00-64');
  await expect(ethernet.getByRole('row', { name: /^Destination/ })).toContainText('Cluster A MAC');
  await expect(
    inspector.getByRole('table', { name: 'IPv4' }).getByRole('row', { name: /^Destination/ }),
  ).toContainText('10.0.0.100');
  await expect(
    inspector.getByRole('table', { name: 'TCP' }).getByRole('row', { name: /^Flags/ }),
  ).toContainText('SYN');
  const bucket = inspector.getByRole('region', { name: 'Bucket' });
  await expect(bucket).toContainText(/Bucket \d+ of 60, owned by Host \d/);
  await expect(bucket).toContainText(/real bucket hash is not public/);

  // Keep stepping: the journey grows as the frame reaches the hosts, and each host decides.
  const journey = inspector.getByRole('region', { name: 'Journey' }).getByRole('listitem');
  for (let i = 0; i < 10; i++) {
    if ((await journey.filter({ hasText: /NLB: .*accepted/ }).count()) > 0) break;
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(150);
  }
  await expect(journey.filter({ hasText: /NLB: .*accepted/ })).toHaveCount(1);
  await expect(journey.filter({ hasText: /NLB: .*dropped here/ })).toHaveCount(2);
  await expect(journey.first()).toContainText('Client 1 sends SYN');
  const owner = /owned by (Host \d)/.exec((await bucket.textContent()) ?? '')?.[1];
  await expect(journey.filter({ hasText: /NLB: .*accepted/ })).toContainText(`${owner} NLB`);
  for (const other of ['Host 1', 'Host 2', 'Host 3'].filter((h) => h !== owner)) {
    await expect(journey.filter({ hasText: `${other} NLB` })).toContainText('dropped here');
  }

  // The packet's bucket is the one pulled out of the ring.
  const n = /Bucket (\d+) of 60/.exec((await bucket.textContent()) ?? '')?.[1];
  const ring = page.getByRole('region', { name: 'Bucket map' });
  await expect(ring.getByRole('listitem', { name: `Bucket ${n}: ${owner} (selected packet)` })).toHaveCount(
    1,
  );

  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect(inspector).toContainText('Click a packet in the drawing');
  await expect(page.getByRole('button', { name: 'Packet inspector' })).toBeFocused();
});

test('filtering the event log by drop shows only drops, and Follow can hold the view still', async ({
  page,
}) => {
  await stepUntilNewest(page, /NLB: .*dropped here/);
  for (let i = 0; i < 15; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();

  await page.getByRole('combobox', { name: 'Filter by action' }).selectOption('drop');
  const rows = logRows(page);
  await expect(rows.first()).toBeVisible();
  const texts = await rows.allTextContents();
  expect(texts.length).toBeGreaterThan(1);
  for (const t of texts) expect(t).toMatch(/^[\d.]+ m?s\s*drop/);

  await page.getByRole('combobox', { name: 'Filter by node' }).selectOption({ label: 'Host 1' });
  for (const t of await rows.allTextContents()) expect(t).toContain('Host 1');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('combobox', { name: 'Filter by action' })).toHaveValue('all');

  // A connection's lines only.
  await page.getByRole('spinbutton', { name: 'Filter by connection' }).fill('1');
  for (const t of await rows.allTextContents()) expect(t).toContain('#1');
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Keyboard: arrow keys walk the Inspect buttons line by line; Enter opens one.
  const inspects = logRows(page).getByRole('button', { name: 'Inspect' });
  await inspects.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(inspects.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(inspects.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(inspects.first()).toHaveAttribute('aria-pressed', 'true');
  await expect(
    page.getByRole('region', { name: 'Packet inspector' }).getByRole('table').first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Step', exact: true }).focus();

  // Follow off: new lines arrive above without moving what the reader is looking at.
  const follow = page.getByRole('button', { name: 'Follow' });
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const scroller = eventLog(page).getByRole('group', { name: 'Decisions, newest first' });
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await follow.click();
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
});

test('the event log keeps thousands of lines but draws only those in view', async ({ page }) => {
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect
    .poll(async () => Number(await logRows(page).first().getAttribute('aria-setsize')), { timeout: 20_000 })
    .toBeGreaterThan(1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(await logRows(page).count()).toBeLessThan(40);
  await expect(logRows(page).first()).toHaveAttribute('aria-setsize', /^\d{4}$/);
});

test('at high speed the event log says how many decisions it could not list', async ({ page }) => {
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('32');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 32,/ })).toBeVisible();
  await page.getByRole('button', { name: 'More settings' }).click();
  const rate = page.getByRole('group', { name: 'More settings' }).getByRole('spinbutton', {
    name: 'Connection rate (per s)',
  });
  await rate.fill('1000');
  await rate.press('Enter');
  await page.getByRole('button', { name: 'Close settings' }).click();
  const log = page.getByRole('region', { name: 'Event log' });
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const notice = log.getByText(/[\d,]+ not listed \(too fast to list them all: lower the Speed\)/);
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(Number((await notice.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
  // A fresh run starts with nothing left out.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(notice).toHaveCount(0);
});

test('the charts summarise the same numbers as the outcome table after Run 300', async ({ page }) => {
  await runConnections(page, 300);
  const charts = page.getByRole('region', { name: 'Charts' });
  const share = charts.getByRole('figure', { name: 'Served vs expected share' });
  await expect(share).toBeVisible();
  await expect(share.getByRole('table').getByRole('rowheader')).toHaveText(['Host 1', 'Host 2', 'Host 3']);
  const summary = (await share.getByRole('paragraph').textContent()) ?? '';
  expect(summary).toMatch(/^300 connections served: /);
  for (const host of ['Host 1', 'Host 2', 'Host 3']) {
    const m = new RegExp(`${host} (\\d+) \\(([\\d.]+)%, expected 33\\.3%\\)`).exec(summary);
    expect(m, `${host} in "${summary}"`).not.toBeNull();
    expect(Number(m![1])).toBe(await servedBy(page, host));
  }

  const overTime = charts.getByRole('figure', { name: 'Connections over time' });
  const overTimeText = (await overTime.getByRole('paragraph').textContent()) ?? '';
  for (const host of ['Host 1', 'Host 2', 'Host 3']) {
    expect(overTimeText).toContain(`${host} ${await servedBy(page, host)}`);
  }
  const wire = charts.getByRole('figure', { name: 'Frames on the wire over time' });
  await expect(wire.getByRole('paragraph')).toContainText(`: ${await counter(page, 'Frames on the wire')}.`);
  const trouble = charts.getByRole('figure', { name: 'Loopback, failed and retransmitted' });
  await expect(trouble.getByRole('paragraph')).toContainText('0 loopback connections, 0 failed');
  // Each figure carries a data table as its text alternative.
  await expect(share.getByRole('table')).toHaveCount(1);
  await expect(overTime.getByRole('table').getByRole('row').last()).toContainText(
    String(await servedBy(page, 'Host 1')),
  );
});

test('the bucket ring has 60 segments, 20 per host by default, readable by keyboard', async ({ page }) => {
  const map = page.getByRole('region', { name: 'Bucket map' });
  const segments = map.getByRole('listitem');
  await expect(segments).toHaveCount(60);
  for (const host of ['Host 1', 'Host 2', 'Host 3']) {
    await expect(map.getByRole('listitem', { name: new RegExp(`^Bucket \\d+: ${host}$`) })).toHaveCount(20);
    const row = map
      .getByRole('table', { name: 'Buckets per host' })
      .getByRole('row', { name: new RegExp(host) });
    await expect(row.getByRole('cell').last()).toHaveText('20');
  }
  await expect(map).toContainText('Illustrative');

  // One tab stop; arrow keys walk round the ring and the readout names each bucket.
  await segments.first().focus();
  await expect(map).toContainText(/Bucket 0: Host \d/);
  await page.keyboard.press('ArrowRight');
  await expect(segments.nth(1)).toBeFocused();
  await expect(map).toContainText(/Bucket 1: Host \d/);
  await page.keyboard.press('End');
  await expect(segments.nth(59)).toBeFocused();
});

test('a crash moves buckets to the survivors, and the charts mark the fault and the convergence', async ({
  page,
}) => {
  await page.getByRole('button', { name: /^Host 3,/ }).click();
  await page.getByRole('region', { name: 'Host 3' }).getByRole('button', { name: 'Crash' }).click();
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const map = page.getByRole('region', { name: 'Bucket map' });
  await expect(map.getByRole('listitem', { name: /: Host 3$/ })).toHaveCount(0, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(map.getByRole('listitem', { name: /: Host 1$/ })).toHaveCount(30);
  await expect(map.getByRole('listitem', { name: /: Host 2$/ })).toHaveCount(30);
  const events = page.getByRole('region', { name: 'Charts' }).getByRole('listitem');
  await expect(events.filter({ hasText: /fault: .*Crash Host 3/i })).toHaveCount(1);
  await expect(events.filter({ hasText: /converged/i }).first()).toBeVisible();
});

test('at 32 hosts and top speed the last outcome is one short summary, and the event log keeps its room', async ({
  page,
}) => {
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('32');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 32,/ })).toBeVisible();
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const outcomes = page.getByRole('status', { name: 'Last outcome' });
  // Many hosts serve between two announcements: counted, not named one by one.
  await expect(outcomes).toHaveText(
    /more connections ended: \d+ served over the network by \d+ hosts, most by Host \d+ \(\d+\)/,
    {
      timeout: 20_000,
    },
  );
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(((await outcomes.textContent()) ?? '').length).toBeLessThan(200);
  // The log below the caption still shows rows.
  const log = await eventLog(page).boundingBox();
  expect(log!.height).toBeGreaterThan(100);
});

test('connection outcomes are announced politely: a loopback connection on Host 2', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await expect(page.getByRole('button', { name: /^Host 2,.*client located here/ })).toBeVisible();
  const outcomes = page.getByRole('status', { name: 'Last outcome' });
  await expect(outcomes).toHaveAttribute('aria-live', 'polite');
  for (let i = 0; i < 30; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    if (((await outcomes.textContent()) ?? '') !== '') break;
  }
  await expect(outcomes).toHaveText('Connection 1 from Host 2: served by Host 2 through loopback.');
  // The inspector says why a looped-back packet has no bucket.
  await page.getByRole('combobox', { name: 'Filter by action' }).selectOption('loopback');
  await logRows(page).first().getByRole('button', { name: 'Inspect' }).click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await expect(inspector.getByRole('table', { name: 'Loopback' })).toBeVisible();
  await expect(inspector.getByRole('region', { name: 'Bucket' })).toContainText('no NLB driver ever saw it');
});

test('the explaining panels have no serious or critical accessibility violations', async ({ page }) => {
  await stepUntilNewest(page, /Router sends SYN/);
  await logRows(page).first().getByRole('button', { name: 'Inspect' }).click();
  await expect(
    page.getByRole('region', { name: 'Packet inspector' }).getByRole('table', { name: 'TCP' }),
  ).toBeVisible();
  await runConnections(page, 30);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
});
