// Step back: a trainer who stepped one decision too far goes back to the moment of the one before.
import { expect, test } from '@playwright/test';
import { openApp, timelineSeconds } from './helpers';

test('Step back returns to the moment of the previous decision, and Step goes forward again', async ({
  page,
}) => {
  await openApp(page);
  const stepBack = page.getByRole('button', { name: 'Step back' });
  await expect(stepBack).toBeDisabled(); // nothing before 0 s
  const step = page.getByRole('button', { name: 'Step', exact: true });
  // Step until simulated time has moved on twice, then let the last answers arrive.
  const times = new Set<number>([await timelineSeconds(page)]);
  for (let i = 0; i < 40 && times.size < 3; i++) {
    await step.click();
    times.add(await timelineSeconds(page));
  }
  expect(times.size).toBeGreaterThanOrEqual(3);
  await expect(step).toBeEnabled();
  await page.waitForTimeout(500);
  const now = await timelineSeconds(page);
  await expect(stepBack).toBeEnabled();
  await stepBack.click();
  // Back to the moment of the decision before the one on screen...
  await expect.poll(() => timelineSeconds(page)).toBeLessThan(now);
  expect(await timelineSeconds(page)).toBeGreaterThan(0);
  // ...and the next decision after it is the one that was on screen.
  await step.click();
  await expect.poll(() => timelineSeconds(page)).toBe(now);
});
