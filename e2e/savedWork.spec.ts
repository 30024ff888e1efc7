// Saved work, as a user meets it: a scenario saved by a newer VIP Lab or damaged is named in an alert
// and kept untouched until the user downloads or discards it; a full storage is said once, with
// Export scenario at hand; a link that replaced the scenario can be taken back (Undo, or the notice's
// button); a link damaged in copying is refused and the scenario stays.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeScenarioToHash } from '../src/scenario/link';
import { presetScenario } from '../src/scenario/presets';
import { choosePreset, openApp } from './helpers';

const KEY = 'vip-lab.scenario.v1';

const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), KEY);
const hosts = (page: Page) => page.getByRole('spinbutton', { name: 'Hosts' });
const mode = (page: Page) => page.getByRole('combobox', { name: 'Cluster mode' });
const clientLocation = (page: Page) => page.getByRole('combobox', { name: 'Client location' });

/** Writes `text` as the saved scenario from another page of the site (the app is not there to save). */
async function storeThenOpen(page: Page, text: string): Promise<void> {
  await page.goto('/manifest.webmanifest');
  await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [KEY, text]);
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
}

async function setHosts(page: Page, count: number): Promise<void> {
  await hosts(page).fill(String(count));
  await hosts(page).press('Enter');
  await expect(page.getByRole('button', { name: new RegExp(`^Host ${count},`) })).toBeVisible();
}

const NEWER = JSON.stringify({
  format: 1,
  savedAt: '2031-05-01T09:00:00.000Z',
  scenario: { version: 7, title: 'Made tomorrow', hologram: { hosts: 12 } },
});

test('a scenario saved by a newer VIP Lab is named, kept untouched by edits and reloads, and offered as a download', async ({
  page,
}, testInfo) => {
  await storeThenOpen(page, NEWER);
  const alert = page.getByRole('alert').filter({ hasText: 'saved in this browser' });
  await expect(alert).toContainText(
    'The scenario saved in this browser was made by a newer VIP Lab (version 7) and could not be opened.',
  );
  await expect(alert).toContainText('your changes here are not saved in this browser');

  // The user edits: nothing is written over the stored text, not even when the page is left.
  await setHosts(page, 5);
  await mode(page).selectOption({ label: 'Multicast' });
  await page.waitForTimeout(1000);
  expect(await stored(page)).toBe(NEWER);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  expect(await stored(page)).toBe(NEWER);
  await expect(alert).toContainText('newer VIP Lab (version 7)');

  const downloading = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Download saved text' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('vip-lab-saved-scenario.json');
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  expect(readFileSync(file, 'utf8')).toBe(NEWER);
  expect(await stored(page)).toBe(NEWER);

  // Discarding it lets this browser save the scenario on screen again.
  await setHosts(page, 4);
  await alert.getByRole('button', { name: 'Discard it' }).click();
  await expect(alert).toHaveCount(0);
  await expect
    .poll(async () => JSON.parse((await stored(page)) ?? '{}').scenario?.clusters?.[0]?.hosts?.length)
    .toBe(4);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Host 4,/ })).toBeVisible();
  await expect(hosts(page)).toHaveValue('4');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a damaged saved scenario (cut off, or not a valid scenario) is named and kept until the user chooses', async ({
  page,
}) => {
  const cut = `{"format":1,"savedAt":"2026-11-30T10:00:00.000Z","scenario":{"version":1,"seed":12,"clu`;
  await storeThenOpen(page, cut);
  const alert = page.getByRole('alert').filter({ hasText: 'saved in this browser' });
  await expect(alert).toContainText('The scenario saved in this browser is damaged and could not be opened.');
  // The default scenario is shown meanwhile.
  await expect(hosts(page)).toHaveValue('3');
  await setHosts(page, 6);
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(alert).toContainText('is damaged');
  expect(await stored(page)).toBe(cut);

  const invalid = JSON.stringify({ format: 1, scenario: { version: 1, seed: -4 } });
  await storeThenOpen(page, invalid);
  await expect(alert).toContainText('is damaged and could not be opened');
  await setHosts(page, 2);
  await page.waitForTimeout(1000);
  expect(await stored(page)).toBe(invalid);
});

test('a full storage is said once, with Export scenario in the notice', async ({ page }) => {
  await openApp(page);
  // Fill this site's storage to the last character, with nothing of VIP Lab's in it.
  await page.evaluate((key) => {
    localStorage.removeItem(key);
    let chunk = 'x'.repeat(1 << 20);
    let i = 0;
    while (chunk.length > 0) {
      try {
        localStorage.setItem(`filler-${i++}`, chunk);
      } catch {
        chunk = chunk.slice(0, chunk.length >> 1);
      }
    }
  }, KEY);
  await setHosts(page, 5);
  await mode(page).selectOption({ label: 'Multicast' });
  const alert = page.getByRole('alert').filter({ hasText: 'storage is full' });
  await expect(alert).toContainText(
    "This browser's storage is full, so your changes are not being saved here.",
  );
  await expect(alert).toHaveCount(1);
  expect(await stored(page)).toBeNull();

  const downloading = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Export scenario' }).click();
  const download = await downloading;
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8')) as {
    clusters: { mode: string; hosts: unknown[] }[];
  };
  expect(exported.clusters[0]!.hosts).toHaveLength(5);
  expect(exported.clusters[0]!.mode).toBe('multicast');

  // Once: after Dismiss, further unsaved changes do not bring it back.
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
  await setHosts(page, 6);
  await page.waitForTimeout(1000);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

const dedicatedIp = presetScenario('workaround-dip')!;
const onHostHash = encodeScenarioToHash(presetScenario('kb-on-host')!);

test('after a link is opened in the page, Undo brings back the scenario the user had', async ({ page }) => {
  await openApp(page);
  await choosePreset(page, 'Workaround 1: a dedicated IP');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  await page.evaluate((hash) => {
    location.hash = hash;
  }, onHostHash);
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('vip:A');
  await expect(page.getByText(/^Opened the shared link\./)).toBeVisible();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  await expect(mode(page)).toHaveValue(dedicatedIp.clusters[0]!.mode);
});

test('the notice that a link was opened restores the scenario the user had, in the page or on a new load', async ({
  page,
}) => {
  await openApp(page);
  await choosePreset(page, 'Workaround 1: a dedicated IP');
  await setHosts(page, 5);
  await expect.poll(async () => (await stored(page)) ?? '').toContain('Workaround 1');

  // Pasted into the address bar of the open page.
  await page.evaluate((hash) => {
    location.hash = hash;
  }, onHostHash);
  const notice = page.getByRole('status').filter({ hasText: /^Opened the shared link\./ });
  const restore = page.getByRole('button', { name: 'Restore the scenario you had' });
  await expect(clientLocation(page)).toHaveValue('host:A:0');
  await expect(hosts(page)).toHaveValue('3');
  await restore.click();
  await expect(notice).toHaveCount(0);
  await expect(hosts(page)).toHaveValue('5');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  expect(page.url()).not.toContain('#s=');

  // Opened as a new page load: the saved scenario is replaced on screen (and in storage), and the
  // notice brings it back.
  await expect
    .poll(async () => JSON.parse((await stored(page)) ?? '{}').scenario?.clusters?.[0]?.hosts?.length)
    .toBe(5);
  await page.goto('about:blank');
  await page.goto(`/${onHostHash}`);
  await expect(clientLocation(page)).toHaveValue('host:A:0');
  await expect(notice).toContainText('It replaced the scenario you had');
  await restore.click();
  await expect(hosts(page)).toHaveValue('5');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  // Undo takes the restore back to the link's scenario, and Redo restores it again.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(clientLocation(page)).toHaveValue('host:A:0');
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(hosts(page)).toHaveValue('5');
  // It is saved again: a reload keeps it.
  await expect
    .poll(async () => JSON.parse((await stored(page)) ?? '{}').scenario?.client?.target?.kind)
    .toBe('dip');
  await page.reload();
  await expect(hosts(page)).toHaveValue('5');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
});

test('a link changed in copying fails its check: an alert, and the scenario the user had stays', async ({
  page,
}) => {
  await openApp(page);
  await choosePreset(page, 'Workaround 1: a dedicated IP');
  const hash = encodeScenarioToHash({ ...presetScenario('kb-on-host')!, title: 'Room 4' });
  // One character of the payload changed, as a mistyped or mangled link would be.
  const at = hash.length - 3;
  const flipped = hash.slice(0, at) + (hash[at] === 'A' ? 'B' : 'A') + hash.slice(at + 1);
  await page.evaluate((h) => {
    location.hash = h;
  }, flipped);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This link could not be opened; your scenario is unchanged');
  await expect(alert).toContainText('its check code does not match');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  await expect(clientLocation(page)).toHaveValue('host:A:0');
});
