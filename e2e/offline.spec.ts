// Offline: after the first visit the service worker has the whole app, so a reload with no network
// still opens it, and code loaded on demand (lessons, the link codec) works too.
import { expect, test } from '@playwright/test';

test('the app reloads and runs offline once the service worker is active', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { start_url: string; display: string }) : null;
  });
  expect(manifest).toMatchObject({ start_url: './', display: 'standalone' });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run summary' })).toHaveText(/^300 connections/);
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: 'KB Q247768: a client on a cluster host' }).click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toContainText('Step 1 of 4');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Scenario link' })).toHaveValue(/#s=\d+\./);
  await context.setOffline(false);
});
