// The load balancers of today (MODERN.md) as a user meets them: a gallery section of their own,
// reached with the keyboard, whose scenarios run and count as the engine says; and a lesson of
// theirs, predicted, observed and moved on from with Next.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { findLesson, QUOTES } from '../src/scenario/lessons';
import { presetScenario } from '../src/scenario/presets';
import { Simulation } from '../src/sim/simulation';
import { choosePreset, counter, openApp, runConnections, servedBy } from './helpers';

/** What the engine itself makes of `count` connections in a preset, for the counters to match. */
function engineRun(presetId: string, count: number) {
  return new Simulation(presetScenario(presetId)!).runConnections(count);
}

const lessonRegion = (page: Page) => page.getByRole('region', { name: 'Lesson' });

test('the gallery has a section for the load balancers of today; its scenarios load and run', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openApp(page);

  // Keyboard only: the jump button takes focus to the section's first scenario; Enter loads it.
  await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenarios' });
  const section = dialog.getByRole('region', { name: 'Load balancers today' });
  await expect(section.getByRole('heading', { name: 'Load balancers today' })).toBeVisible();
  await expect(
    section.getByRole('button', { name: 'One request in three hangs on Azure', exact: true }),
  ).toBeVisible();
  // The gallery with its two groups passes axe (no serious or critical violation).
  const results = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(
    results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
  await dialog.getByRole('button', { name: 'Go to Load balancers today' }).focus();
  await page.keyboard.press('Enter');
  const first = section.getByRole('button', { name: 'A pod calls its own Service', exact: true });
  await expect(first).toBeFocused();
  // Its description tells the balancer and mechanism, for a screen reader too.
  await expect(first).toHaveAccessibleDescription(
    /^Kubernetes Service \(kube-proxy\) · full proxy \/ source NAT /,
  );
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  // Kubernetes with hairpin mode: a pod calling its own Service never fails.
  await runConnections(page, 30);
  expect(await counter(page, 'Failed connections')).toBe(0);
  expect(await counter(page, 'Loopback connections')).toBe(0);
  expect(await counter(page, 'Frames on the wire')).toBeGreaterThan(0);

  // Azure's default rule: the flows hashed back to Host 1 time out; Host 1 serves none.
  await choosePreset(page, 'One request in three hangs on Azure');
  const expected = engineRun('azure-hairpin', 30);
  expect(expected.failed).toBeGreaterThan(0);
  await runConnections(page, 30);
  expect(await counter(page, 'Failed connections')).toBe(expected.failed);
  expect(await servedBy(page, 'Host 1')).toBe(0);
  expect((await servedBy(page, 'Host 2')) + (await servedBy(page, 'Host 3'))).toBe(30 - expected.failed);
  expect(await counter(page, 'Loopback connections')).toBe(0);
});

test('the lesson "Why Google answers itself": predict, observe, then Next', async ({ page }) => {
  test.setTimeout(60_000);
  const lesson = findLesson('gcp-answers-itself')!;
  await openApp(page);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Lessons' });
  await dialog.getByRole('button', { name: lesson.title, exact: true }).click();
  await expect(dialog).toBeHidden();

  const region = lessonRegion(page);
  await expect(region.getByRole('heading', { name: lesson.title })).toBeVisible();
  await expect(region.getByText(`Step 1 of ${lesson.steps.length}`)).toBeVisible();
  await expect(region.getByText(lesson.steps[0]!.narration, { exact: true })).toBeVisible();

  // Predict: every connection from the backend to the forwarding rule's IP stays on Host 1.
  const q1 = lesson.steps[0]!.question!;
  await expect(region.getByText(q1.explanation, { exact: true })).toHaveCount(0);
  await region.getByRole('radio', { name: q1.choices[q1.answerIndex]!, exact: true }).check();
  await region.getByRole('button', { name: 'Check' }).click();
  await expect(region.getByText('Right.', { exact: true })).toBeVisible({ timeout: 30_000 });
  // The explanation quotes Google word for word.
  await expect(region.getByText(q1.explanation, { exact: true })).toBeVisible();
  expect(q1.explanation).toContain(QUOTES.google);
  await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });
  expect(await servedBy(page, 'Host 1')).toBe(300);
  expect(await counter(page, 'Loopback connections')).toBe(300);
  expect(await counter(page, 'Frames on the wire')).toBe(0);

  // Next: Host 1's server stops; what the lesson says, then what it shows.
  await region.getByRole('button', { name: 'Next' }).click();
  await expect(region.getByText(`Step 2 of ${lesson.steps.length}`)).toBeVisible();
  const step2 = lesson.steps[1]!;
  await expect(region.getByText(step2.narration, { exact: true })).toBeVisible();
  await expect(region.getByText(step2.question!.prompt, { exact: true })).toBeVisible();
  await region.getByRole('radio', { name: 'All 20 are refused at once', exact: true }).check();
  await region.getByRole('button', { name: 'Check' }).click();
  await expect(region.getByText(step2.question!.explanation, { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });
  expect(await counter(page, 'Failed connections')).toBe(20);
  expect(await counter(page, 'Frames on the wire')).toBe(0);
  await expect(region.getByRole('alert')).toHaveCount(0);
});
