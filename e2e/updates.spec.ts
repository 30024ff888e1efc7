// A tab left open while a new version of VIP Lab is deployed: the new service worker waits and the
// page says "A new version of VIP Lab is ready" with Reload, which brings the new version in and
// keeps the scenario; and a part of the old version that is gone from the server offers Reload too.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

async function whenControlled(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
}

/** The tab comes back into view (it then asks the server whether there is a new version). */
async function tabComesBack(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

test('a new version deployed while the tab is open offers Reload, and the scenario survives it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await whenControlled(page);
  // The user's scenario: five hosts.
  const hosts = page.getByRole('spinbutton', { name: 'Hosts' });
  await hosts.fill('5');
  await hosts.press('Enter');
  await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A new version is deployed: the service worker the server has (in the build this run serves, see
  // playwright.config.ts) now lists a new revision of the page. Same length, so the server's cached
  // file size still holds.
  const served = `.e2e-dist/${new URL(test.info().project.use.baseURL!).port}/sw.js`;
  const original = readFileSync(served, 'utf8');
  const revision = /\{url:"index\.html",revision:"([0-9a-f]+)"\}/.exec(original)![1]!;
  // Its first digit changed.
  const deployed = original.replace(revision, (revision[0] === '0' ? '1' : '0') + revision.slice(1));
  expect(deployed).not.toBe(original);
  writeFileSync(served, deployed);
  try {
    await tabComesBack(page);
    const prompt = page.getByRole('alert').filter({ hasText: 'A new version of VIP Lab is ready' });
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    // Meanwhile the tab goes on working with its own version.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toHaveCount(0);

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await reloaded;
    await expect(page.getByRole('button', { name: /^Host 5,/ })).toBeVisible();
    await expect(page.getByRole('spinbutton', { name: 'Hosts' })).toHaveValue('5');
    await expect(prompt).toHaveCount(0);
    // The new version's worker is the one in charge now, and none waits.
    await whenControlled(page);
    const waiting = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null,
    );
    expect(waiting).toBeNull();
  } finally {
    // The build this run serves goes back as it was.
    writeFileSync(served, original);
  }
});

test('a part of the old version gone from the server after a deploy offers Reload', async ({ browser }) => {
  // No service worker here (as on a first visit): the old version's files are fetched from the server.
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  // The deploy: the page now loads another entry script, and this version's gallery is gone.
  await page.route(
    (url) => url.pathname === '/' || url.pathname === '/index.html',
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html><head><script type="module" src="./assets/index-NewVersion.js"></script></head></html>',
      }),
  );
  await page.route('**/assets/Gallery-*.js', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.getByRole('button', { name: 'Scenarios' }).click();
  const prompt = page.getByRole('alert').filter({ hasText: 'A new version of VIP Lab is ready' });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByText(/Your scenario is kept\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload', exact: true })).toBeVisible();
  // A version change is not a network problem: no connection message beside the prompt.
  await expect(page.getByText(/could not be loaded/)).toHaveCount(0);
  await context.close();
});
