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
  // Step until simulated time has moved on twice: a < b, each the moment of a decision.
  const times: number[] = [await timelineSeconds(page)];
  for (let i = 0; i < 40 && new Set(times).size < 3; i++) {
    await step.click();
    await expect.poll(() => timelineSeconds(page)).toBeGreaterThanOrEqual(times.at(-1)!);
    times.push(await timelineSeconds(page));
  }
  const distinct = [...new Set(times)];
  expect(distinct.length).toBeGreaterThanOrEqual(3);
  const [a, b] = distinct.slice(-2) as [number, number];
  await expect(stepBack).toBeEnabled();
  await stepBack.click();
  await expect.poll(() => timelineSeconds(page)).toBe(a);
  await step.click();
  await expect.poll(() => timelineSeconds(page)).toBeGreaterThan(a);
  expect(await timelineSeconds(page)).toBeLessThanOrEqual(b);
});
