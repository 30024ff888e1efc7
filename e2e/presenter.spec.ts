// Presenter mode for a projector: a toggle (aria-pressed), keys a clicker sends — ArrowRight for
// the next lesson step, ArrowLeft for back, Space for Play/Pause except while typing.
import { expect, test } from '@playwright/test';
import { LESSONS } from '../src/scenario/lessons';
import { openApp } from './helpers';

test('presenter mode: arrows walk a lesson, Space plays and pauses', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  const toggle = page.getByRole('button', { name: 'Presenter mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();

  // Space toggles Play/Pause, even with focus on the toggle button (it is not pressed again).
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  // Not while typing in a field.
  await page.getByRole('spinbutton', { name: 'Connections' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  const affinity = LESSONS.find((l) => l.id === 'affinity')!;
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: affinity.title, exact: true }).click();
  const region = page.getByRole('region', { name: 'Lesson' });
  await expect(region.getByText(`Step 1 of ${affinity.steps.length}`)).toBeVisible();
  // A question waits for the prediction: ArrowRight does not skip it.
  await page.locator('body').focus();
  await page.keyboard.press('ArrowRight');
  await expect(region.getByText(`Step 1 of ${affinity.steps.length}`)).toBeVisible();
  const q = affinity.steps[0]!.question!;
  await region.getByRole('radio', { name: q.choices[q.answerIndex]!, exact: true }).check();
  await region.getByRole('button', { name: 'Check' }).click();
  await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press('ArrowRight');
  await expect(region.getByText(`Step 2 of ${affinity.steps.length}`)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(region.getByText(`Step 1 of ${affinity.steps.length}`)).toBeVisible();
  await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('region', { name: 'Presenter' })).toHaveCount(0);
  // Off: the keys are the page's own again.
  await page.locator('body').focus();
  await page.keyboard.press('ArrowRight');
  await expect(region.getByText(`Step 1 of ${affinity.steps.length}`)).toBeVisible();
});

test('presenter mode offers to follow a selected packet', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  const strip = page.getByRole('region', { name: 'Presenter' });
  await expect(strip).toContainText('Click a packet in the drawing to follow it.');
  // Step until a client's SYN is in the event log, then inspect it from there.
  const log = page.getByRole('region', { name: 'Event log' });
  const syn = log.getByRole('listitem').filter({ hasText: /sends SYN/ });
  for (let i = 0; i < 80 && (await syn.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
  }
  await syn.first().getByRole('button', { name: 'Inspect' }).click();
  const follow = strip.getByRole('button', { name: 'Follow this packet' });
  await expect(follow).toBeVisible();
  await expect(strip).toContainText(/SYN .*10\.0\.0\.100:80/);
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  // The log now shows that connection only.
  await expect(log.getByLabel('Filter by connection')).not.toHaveValue('');
});
