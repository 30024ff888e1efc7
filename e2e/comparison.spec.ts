// The Comparison region, as a user meets it: 600 connections from Host 1 to its own VIP through
// every load balancer, one row each, read by role. NLB (local capture) serves them all itself;
// Azure's internal load balancer (half-NAT hairpin) loses some, never serving the caller itself; a
// proxy loses none. Results stay, and say so when the scenario changed since.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './helpers';

const comparisonRegion = (page: Page) => page.getByRole('region', { name: 'Comparison', exact: true });
const comparisonTable = (page: Page) => page.getByRole('table', { name: 'Load balancers compared' });

/** The Comparison panel, open as it starts (its heading is a button that folds it away and back). */
async function openComparison(page: Page): Promise<Locator> {
  const region = comparisonRegion(page);
  const toggle = region.getByRole('button', { name: 'Comparison', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(region.getByRole('button', { name: 'Compare load balancers' })).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return region;
}

/** The cells of a balancer's row, by column header: the number at the start of each cell. */
async function rowNumbers(table: Locator, name: string): Promise<Record<string, number>> {
  const headers = await table.getByRole('columnheader').allTextContents();
  const row = table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });
  await expect(row).toHaveCount(1);
  // The row header is the first column; the cells follow it.
  const cells = await row.getByRole('cell').allTextContents();
  const out: Record<string, number> = {};
  cells.forEach((text, i) => {
    const match = /^\d+/.exec(text.trim());
    if (match) out[headers[i + 1]!] = Number(match[0]);
  });
  return out;
}

test('compares every load balancer from Host 1 and reads each row', async ({ page }) => {
  test.setTimeout(30_000);
  await openApp(page);
  const region = await openComparison(page);
  await expect(region).toContainText('connections from Host 1 to its own VIP, through each load balancer');
  const count = region.getByRole('spinbutton', { name: 'Calls per balancer' });
  await expect(count).toHaveValue('3000');
  await count.fill('600');
  await expect(region).toContainText('600 connections from Host 1 to its own VIP');
  await region.getByRole('button', { name: 'Compare load balancers' }).click();

  const table = comparisonTable(page);
  await expect(region.getByRole('status')).toHaveText(
    /^Compared 10 load balancers, 600 connections from Host 1/,
    {
      timeout: 20_000,
    },
  );
  await expect(table.getByRole('rowheader')).toHaveCount(10);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Load balancer',
    'Served by itself',
    'Served by another backend',
    'Failed',
    'Frames on the wire',
    'Mechanism',
    'Expected',
    'Source',
  ]);

  const nlb = await rowNumbers(table, 'Windows NLB');
  expect(nlb).toMatchObject({
    'Served by itself': 600,
    'Served by another backend': 0,
    Failed: 0,
    'Frames on the wire': 0,
  });
  const azure = await rowNumbers(table, 'Azure internal load balancer');
  expect(azure.Failed).toBeGreaterThanOrEqual(1);
  expect(azure.Failed).toBeLessThanOrEqual(599);
  expect(azure['Served by itself']).toBe(0);
  const proxy = await rowNumbers(table, 'Proxy (HAProxy)');
  expect(proxy.Failed).toBe(0);
  expect(proxy['Served by itself']).toBeGreaterThan(0);

  // Mechanism, expectation and source are words, next to the numbers.
  const azureRow = table.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'Azure internal load balancer', exact: true }),
  });
  await expect(azureRow).toContainText('B: half-NAT hairpin');
  await expect(azureRow).toContainText('≈ 1 in 3 fail (33 %)');
  await expect(azureRow).toContainText('illustrative: the flow hash');
  await expect(azureRow.getByRole('cell').nth(2)).toHaveText(/^\d+ \(\d+ %\)$/);

  // The table scrolls sideways inside the results column, by keyboard too; the page does not.
  const scroller = region.getByRole('region', { name: /^Results per load balancer/ });
  await scroller.focus();
  await expect(scroller).toBeFocused();
  const before = await scroller.evaluate((el) => el.scrollLeft);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // A change to the scenario leaves the results in place and says they are stale.
  await expect(region).not.toContainText('Stale');
  await page.getByRole('spinbutton', { name: 'Hosts', exact: true }).fill('4');
  await page.getByRole('spinbutton', { name: 'Hosts', exact: true }).press('Enter');
  await expect(region).toContainText('Stale: the scenario has changed since these results.');
  await expect(table.getByRole('rowheader')).toHaveCount(10);
  expect((await rowNumbers(table, 'Windows NLB'))['Served by itself']).toBe(600);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Closed, the panel says it holds results; opened again, they are there.
  const toggle = region.getByRole('button', { name: 'Comparison', exact: true });
  await toggle.click();
  await expect(table).toBeHidden();
  await expect(region).toContainText('results (stale)');
  await toggle.click();
  await expect(table.getByRole('rowheader')).toHaveCount(10);
});

test('a large comparison shows its progress in rows, and Cancel keeps the rows it finished', async ({
  page,
}) => {
  test.setTimeout(30_000);
  await openApp(page);
  const region = await openComparison(page);
  const count = region.getByRole('spinbutton', { name: 'Calls per balancer' });
  await count.fill('30000');
  // Enter in the field starts it, as the button does.
  await count.press('Enter');
  const bar = page.getByRole('progressbar', { name: /^Comparing load balancers: \d+ of 10$/ });
  await expect(bar).toBeVisible();
  await expect(region.getByRole('button', { name: 'Compare load balancers' })).toBeDisabled();
  await expect(region.getByRole('button', { name: 'Stop comparing' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const status = region.getByRole('status');
  await expect(status).toHaveText(/^Stopped after \d+ of 10 load balancers/);
  const finished = Number(/after (\d+) of/.exec((await status.textContent()) ?? '')![1]);
  expect(finished).toBeLessThan(10);
  await expect(comparisonTable(page).getByRole('rowheader')).toHaveCount(finished);
  await expect(bar).toBeHidden();
  await expect(region.getByRole('button', { name: 'Compare load balancers' })).toBeEnabled();
  // The run was not touched: nothing ran, nothing was counted.
  await expect(page.getByLabel('Frames on the wire', { exact: true })).toHaveText('0');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
