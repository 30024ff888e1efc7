// The live lab, as a trainer uses it: every change is an event of one run. A fault applied by hand
// survives later changes, a weight change converges in place without restarting the clock, Undo
// and Redo take changes back and reapply them, re-choosing the current option changes nothing, and
// the Last outcome line names the host that really served.
import { expect, test, type Page } from '@playwright/test';
import {
  choosePreset,
  counter,
  fullSpeed,
  openApp,
  openHost,
  runConnections,
  timelineSeconds,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

async function stepTimes(page: Page, n: number) {
  for (let i = 0; i < n; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
}

const clientLocation = (page: Page) => page.getByRole('combobox', { name: 'Client location' });
const affinity = (page: Page) => page.getByRole('combobox', { name: 'Affinity' });
const undo = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });
const redo = (page: Page) => page.getByRole('button', { name: 'Redo', exact: true });

test('a crash made by hand survives a change of client location, affinity and load weight', async ({
  page,
}) => {
  await stepTimes(page, 5);
  const host3 = await openHost(page, 'Host 3');
  await host3.getByRole('button', { name: 'Crash' }).click();
  await expect(page.getByRole('button', { name: /^Host 3,.*crashed/ })).toBeVisible();
  await runConnections(page, 50);
  const at = await timelineSeconds(page);
  const failed = await counter(page, 'Failed connections');

  await clientLocation(page).selectOption({ label: 'On Host 1' });
  await expect(page.getByRole('button', { name: /^Host 1,.*client located here/ })).toBeVisible();
  await affinity(page).selectOption({ label: 'None' });
  const host1 = await openHost(page, 'Host 1');
  const weight = host1.getByRole('spinbutton', { name: 'Load weight' });
  await weight.fill('80');
  await weight.press('Enter');
  await expect(weight).toHaveValue('80');

  // Still the same run: Host 3 is still down, the clock and the counts did not go back to zero.
  await expect(page.getByRole('button', { name: /^Host 3,.*crashed/ })).toBeVisible();
  expect(await timelineSeconds(page)).toBeGreaterThanOrEqual(at);
  expect(await counter(page, 'Failed connections')).toBeGreaterThanOrEqual(failed);
  await expect(page.getByRole('button', { name: /^Crash Host 3 at .*, by hand$/ })).toBeVisible();
  // The changes are marked on the timeline too, with who made them.
  await expect(page.getByRole('button', { name: /^Affinity: None at .*, by hand$/ })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /^Load weight of Host 1: 80 at .*, by hand$/ }),
  ).toBeVisible();
  const host3Again = await openHost(page, 'Host 3');
  await expect(host3Again.getByRole('button', { name: 'Restart' })).toBeVisible();
});

test('a weight change at 12 s converges in place; connections follow the new weights', async ({ page }) => {
  test.setTimeout(90_000);
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => timelineSeconds(page), { timeout: 40_000 }).toBeGreaterThanOrEqual(12);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const at = await timelineSeconds(page);
  expect(await counter(page, 'Failed connections')).toBe(0);

  // Weights count only when the rule does not share load equally: use them, then give Host 1 none.
  const host1 = await openHost(page, 'Host 1');
  await host1.getByRole('button', { name: 'Use load weights' }).click();
  const state = page.getByLabel('Cluster state', { exact: true });
  await expect(state).toHaveText('Converging');
  const weight = host1.getByRole('spinbutton', { name: 'Load weight' });
  await weight.fill('0');
  await weight.press('Enter');
  await expect(weight).toHaveValue('0');
  await expect(state).toHaveText('Converging');
  // The clock did not go back: the change happened at the moment on screen.
  expect(await timelineSeconds(page)).toBeGreaterThanOrEqual(at);
  expect(at).toBeGreaterThanOrEqual(12);

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(state).toHaveText('Converged', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Connections open when the weights changed finished where they were: none failed.
  expect(await counter(page, 'Failed connections')).toBe(0);
  expect(await timelineSeconds(page)).toBeGreaterThan(at + 3);
  // New connections follow the new map: Host 1 (weight 0) takes none of them.
  await runConnections(page, 300);
  const summary = page.getByRole('status', { name: 'Run summary' });
  await expect(summary).toContainText(/: Host 1 0,/);
  expect(await counter(page, 'Failed connections')).toBe(0);
});

test('undo takes a change back and redo reapplies it, by button and by keyboard', async ({ page }) => {
  await expect(undo(page)).toBeDisabled();
  await stepTimes(page, 3);
  await affinity(page).selectOption({ label: 'None' });
  await expect(undo(page)).toBeEnabled();
  await expect(undo(page)).toHaveAttribute('title', /Affinity: None/);
  await undo(page).click();
  await expect(affinity(page)).toHaveValue('single');
  await expect(redo(page)).toBeEnabled();
  await redo(page).click();
  await expect(affinity(page)).toHaveValue('none');

  // Hosts reshape the world: the run is rebuilt to the same moment, and Ctrl+Z brings 3 hosts back.
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('5');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Step', exact: true }).focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toHaveCount(0);
  await expect(hosts).toHaveValue('3');
  await expect(affinity(page)).toHaveValue('none');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
});

test('re-choosing the current option changes nothing', async ({ page }) => {
  await stepTimes(page, 6);
  await runConnections(page, 20);
  const at = await timelineSeconds(page);
  const served = await counter(page, 'Frames on the wire');
  await clientLocation(page).selectOption({ label: 'Outside the cluster' });
  await affinity(page).selectOption({ label: 'Single' });
  await page.getByRole('combobox', { name: 'Cluster mode' }).selectOption({ label: 'Unicast' });
  // Nothing to undo (the batch is the only change), the clock and the counts are where they were.
  await expect(undo(page)).toHaveAttribute('title', /Run 20 connections/);
  expect(await timelineSeconds(page)).toBe(at);
  expect(await counter(page, 'Frames on the wire')).toBe(served);
  await expect(page.getByRole('region', { name: 'Event log' }).getByRole('listitem').first()).toBeVisible();
});

test('Last outcome names the host that really served, in both workarounds', async ({ page }) => {
  const last = page.getByRole('status', { name: 'Last outcome' });
  await choosePreset(page, 'Workaround 1: a dedicated IP');
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(last).toContainText('served by Host 2 over the network', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(last).toContainText('served by Host 2 over the network');
  await expect(last).not.toContainText('Host 1 over');

  await choosePreset(page, 'Workaround 2: the server on Cluster B');
  await fullSpeed(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(last).toContainText(/served by Host B\d over the network/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(last).not.toContainText(/by Host \d/);
});

test('number fields show what is drawn after a preset loads, not what was typed before', async ({ page }) => {
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('4');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 4,/ })).toBeVisible();
  await choosePreset(page, 'The KB case: client on a host');
  await expect(page.getByRole('button', { name: /^Host 4,/ })).toHaveCount(0);
  await expect(hosts).toHaveValue('3');
});

test('a preset that replaces the scenario (as a link or a file does) can be undone: what the user had comes back', async ({
  page,
}) => {
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('5');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
  await choosePreset(page, 'The KB case: client on a host');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toHaveCount(0);
  await expect(undo(page)).toHaveAttribute('title', /Open another scenario/);
  await undo(page).click();
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
  await expect(hosts).toHaveValue('5');
  await expect(page.getByRole('combobox', { name: 'Client location' })).toHaveValue('outside');
});
