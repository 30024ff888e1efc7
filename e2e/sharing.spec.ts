// Sharing as a trainer does it: Share a link that shows the same moment on another machine, keep the
// scenario across a reload, refuse bad links and files with a clear alert while keeping what was
// there, export and import a .json file, and embed the lab in another page.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { encodeScenarioToHash } from '../src/scenario/link';
import { presetScenario } from '../src/scenario/presets';
import type { Scenario } from '../src/scenario/types';
import { choosePreset, counter, openApp, perHostTable } from './helpers';

/** Everything the outcome shows, as text: table, counters, cluster state and the clock. */
async function picture(page: Page) {
  return {
    table: await perHostTable(page).innerText(),
    frames: await counter(page, 'Frames on the wire'),
    loopback: await counter(page, 'Loopback connections'),
    failed: await counter(page, 'Failed connections'),
    state: await page.getByLabel('Cluster state', { exact: true }).textContent(),
    clock: await simClock(page),
  };
}

function simClock(page: Page): Promise<string | null> {
  return page.getByText(/^Simulated time /).textContent();
}

async function share(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Scenario link' });
  await expect(box).toHaveValue(/#s=3\./);
  await expect(page.getByText(/^(Link copied|Select and copy the link)$/)).toBeVisible();
  const link = await box.inputValue();
  // The address bar holds the same link (replaced, not reloaded).
  expect(page.url()).toBe(link);
  return link;
}

/** Opens `url` in a fresh browser context: nothing saved, nothing shared but the link. */
async function openElsewhere(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  return page;
}

async function playFor(page: Page, wallMs: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(wallMs);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

const clientLocation = (page: Page) => page.getByRole('combobox', { name: 'Client location' });

test('Share reproduces a run with a crash exactly in another browser', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openApp(page);
  // Real time (100x): the default client opens 20 connections a second.
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await playFor(page, 2500);
  await page.getByRole('button', { name: /^Host 2,/ }).click();
  await page
    .getByRole('region', { name: 'Host 2', exact: true })
    .getByRole('button', { name: 'Crash' })
    .click();
  await playFor(page, 3500);
  const before = await picture(page);
  expect(before.failed + before.frames).toBeGreaterThan(0);

  const link = await share(page);
  const other = await openElsewhere(browser, link);
  // The other page runs the scenario (crash folded into its timeline) to the same moment.
  await expect.poll(() => simClock(other), { timeout: 60_000 }).toBe(before.clock);
  await expect(other.getByText(/^Running the shared scenario/)).toHaveCount(0);
  expect(await picture(other)).toEqual(before);
  await expect(other.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '100x');
  await other.context().close();
});

test('Share during a lesson reopens the lesson at its step, with the same lab', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: 'A host fails: heartbeats and convergence' }).click();
  const lesson = page.getByRole('region', { name: 'Lesson' });
  const next = lesson.getByRole('button', { name: 'Next' });
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await next.click();
  await lesson
    .getByRole('radio', {
      name: 'They go unanswered, and the clients retransmit their SYNs until the cluster has converged',
    })
    .check();
  await lesson.getByRole('button', { name: 'Check' }).click();
  await expect(next).toBeEnabled({ timeout: 60_000 });
  await next.click();
  await expect(lesson.getByText('Step 3 of 4')).toBeVisible();
  await expect(next).toBeEnabled();
  const before = await picture(page);
  expect(before.state).toBe('Converged');

  const link = await share(page);
  const other = await openElsewhere(browser, link);
  const otherLesson = other.getByRole('region', { name: 'Lesson' });
  await expect(otherLesson.getByText('Step 3 of 4')).toBeVisible();
  await expect(otherLesson.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 90_000 });
  expect(await picture(other)).toEqual(before);
  await other.context().close();
});

test('a reload keeps the scenario; unreadable saved data is named in an alert and kept', async ({ page }) => {
  await openApp(page);
  await choosePreset(page, 'Multicast mode');
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('multicast');
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('vip-lab.scenario.v1') ?? ''))
    .toContain('"multicast"');
  await page.reload();
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('multicast');

  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  // Written from another page of the site, so the app is not there to save over it on leaving.
  const spoil = async (value: string) => {
    await page.goto('/manifest.webmanifest');
    await page.evaluate((v) => localStorage.setItem('vip-lab.scenario.v1', v), value);
    await page.goto('/');
    await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  };
  await spoil('{"format":1,"scenario":{"version":1,');
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('unicast');
  expect(warnings.some((w) => /ignoring the scenario saved/.test(w))).toBe(true);

  // Valid JSON, but not a valid scenario: named in an alert too (e2e/savedWork.spec.ts tests the choices).
  warnings.length = 0;
  await spoil(JSON.stringify({ format: 1, scenario: { version: 1, seed: -4 } }));
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('unicast');
  expect(warnings.some((w) => /ignoring the scenario saved/.test(w))).toBe(true);
  await expect(page.getByRole('alert')).toContainText(
    'The scenario saved in this browser is damaged and could not be opened.',
  );
});

function hashOf(scenario: Scenario): string {
  return encodeScenarioToHash(scenario);
}

const kbOnHost = presetScenario('kb-on-host')!;
const validHash = hashOf({ ...kbOnHost, client: { ...kbOnHost.client, port: 8080 } });

const BAD_LINKS: { name: string; hash: string; message: RegExp }[] = [
  { name: 'garbled', hash: '#s=1.default.!!not*base64!!', message: /garbled/ },
  {
    name: 'truncated',
    hash: validHash.slice(0, validHash.length - 7),
    message: /damaged or cut off|garbled/,
  },
  { name: 'from a newer VIP Lab', hash: '#s=7.default.AAAA', message: /newer/i },
  {
    name: 'out of range',
    hash: hashOf({
      ...kbOnHost,
      clusters: [
        {
          ...kbOnHost.clusters[0]!,
          hosts: kbOnHost.clusters[0]!.hosts.map((h, i) => (i === 1 ? { ...h, loadWeight: 500 } : h)),
        },
      ],
    }),
    message: /Host 2: load weight 500 is out of range \(0–100\)/,
  },
  { name: 'oversized', hash: `#s=1.default.${'A'.repeat(9000)}`, message: /too long/ },
  {
    name: 'lesson-naming (a lesson this VIP Lab does not have)',
    hash: hashOf({ ...kbOnHost, view: { lesson: { id: 'no-such-lesson', step: 0 } } }),
    message: /lesson called "no-such-lesson", which this VIP Lab does not have/,
  },
];

for (const bad of BAD_LINKS) {
  test(`a ${bad.name} link shows an alert and keeps the current scenario`, async ({ page }) => {
    await openApp(page);
    await choosePreset(page, 'Workaround 1: a dedicated IP');
    await expect(clientLocation(page)).toHaveValue('host:A:0');
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('vip-lab.scenario.v1') ?? ''))
      .toContain('Workaround 1');

    // Opened as a new page load...
    await page.goto('about:blank');
    await page.goto(`/${bad.hash}`);
    await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(bad.message);
    await expect(alert).toContainText('could not be opened');
    await expect(clientLocation(page)).toHaveValue('host:A:0');
    await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);

    // ...and pasted into the address bar of an open page (hashchange).
    await page.evaluate(() => {
      location.hash = '';
    });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, bad.hash);
    await expect(page.getByRole('alert')).toContainText(bad.message);
    await expect(clientLocation(page)).toHaveValue('host:A:0');
  });
}

test('names and lesson text from a link are shown as text, never run', async ({ page }) => {
  const scenario: Scenario = {
    ...presetScenario('kb-outside')!,
    title: '<script>window.__pwned = 1</script>',
    lesson: {
      title: '<img src=x onerror="window.__pwned = 2">',
      steps: [
        { narration: '<b>bold?</b> <script>window.__pwned = 3</script>', actions: [] },
        { narration: 'Second', actions: [] },
      ],
    },
    view: { lesson: { id: 'custom', step: 0 } },
  };
  await page.goto(`/${hashOf(scenario)}`);
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson).toContainText('<img src=x onerror="window.__pwned = 2">');
  await expect(lesson).toContainText('<b>bold?</b> <script>window.__pwned = 3</script>');
  await expect(lesson.locator('img, b, script')).toHaveCount(0);
  await expect(page).toHaveTitle(/^<script>window\.__pwned = 1<\/script>/);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('Export scenario then Import scenario brings it back; a bad file is refused', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await choosePreset(page, 'Workaround 1: a dedicated IP');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export scenario' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('workaround-1-a-dedicated-ip.json');
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
  expect(saved.version).toBe(1);
  expect(saved.title).toBe('Workaround 1: a dedicated IP');
  expect(saved.client.target).toEqual({ kind: 'dip', cluster: 'A', hostIndex: 1 });

  await choosePreset(page, 'The KB case: client outside');
  await expect(clientLocation(page)).toHaveValue('outside');
  // A number field typed before the import must show what the import draws (it once kept the 4).
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('4');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 4,/ })).toBeVisible();

  const importFile = async (path: string) => {
    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario' }).click();
    await (await choosing).setFiles(path);
  };
  await importFile(file);
  await expect(clientLocation(page)).toHaveValue('host:A:0');
  await expect(page.getByRole('button', { name: /^Host 4,/ })).toHaveCount(0);
  await expect(hosts).toHaveValue('3');
  await expect(page.getByRole('combobox', { name: 'Connect to' })).toHaveValue('dip:A:1');
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('multicast');
  await expect(page.getByRole('alert')).toHaveCount(0);

  const notJson = testInfo.outputPath('notes.json');
  writeFileSync(notJson, 'Host 1, Host 2 and Host 3 {');
  await importFile(notJson);
  await expect(page.getByRole('alert')).toContainText('not valid JSON');
  await expect(page.getByRole('alert')).toContainText('"notes.json" could not be imported');
  await expect(clientLocation(page)).toHaveValue('host:A:0');

  const wrong = testInfo.outputPath('wrong.json');
  writeFileSync(wrong, JSON.stringify({ ...saved, seed: -1, clusters: [] }));
  await importFile(wrong);
  await expect(page.getByRole('alert')).toContainText('Seed -1 is out of range');
  await expect(clientLocation(page)).toHaveValue('host:A:0');
});

test('?embed=1 pasted after the #s= part of a link still opens the link, embedded', async ({ page }) => {
  for (const suffix of ['?embed=1', '&embed=1']) {
    await page.goto(`/${hashOf(kbOnHost)}${suffix}`);
    await expect(page.getByRole('group', { name: 'Topology' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeHidden();
    await expect(page.getByRole('button', { name: /^Host 1,.*client located here/ })).toBeVisible();
  }
});

test('embed mode shows the drawing, playback and outcome only, and still opens links', async ({ page }) => {
  await page.goto(`/?embed=1${hashOf(kbOnHost)}`);
  await expect(page.getByRole('group', { name: 'Topology' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(perHostTable(page)).toBeVisible();
  for (const name of ['Share', 'Lessons', 'Scenarios', 'Presenter mode', 'Export scenario']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeHidden();
  }
  await expect(clientLocation(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: /^VIP Lab/ })).toBeHidden();
  const full = page.getByRole('link', { name: 'Open in VIP Lab' });
  await expect(full).toHaveAttribute('href', /#s=3\./);
  expect(await full.getAttribute('href')).not.toContain('embed');
  // The linked scenario is the KB case on a host: playing loops connections back inside Host 1.
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => counter(page, 'Loopback connections'), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await counter(page, 'Frames on the wire')).toBe(0);
  // An embedded copy does not overwrite the scenario the full page saved.
  expect(await page.evaluate(() => localStorage.getItem('vip-lab.scenario.v1'))).toBeNull();
});

test('the page runs under its Content-Security-Policy without a violation', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/);
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await openApp(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(800);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: /^Host 2,/ }).click();
  await choosePreset(page, 'Load weights 30 and 60');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: 'Affinity: None, Single and Network' }).click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Scenario link' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});
