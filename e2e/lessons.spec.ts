// Built-in lessons, played through to their end as a learner would: read the step, predict
// (choose the stated answer and Check), watch the lab, then Next. Back returns to the state the
// previous step left, and a lesson a trainer writes in the app travels inside a shared link.
import { expect, test, type Page } from '@playwright/test';
import { LESSONS } from '../src/scenario/lessons';
import { counter, openApp, servedBy } from './helpers';

async function startLesson(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Lessons' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lessons' });
  await expect(dialog.getByRole('button', { name: title, exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: title, exact: true }).click();
  await expect(dialog).toBeHidden();
}

const lessonRegion = (page: Page) => page.getByRole('region', { name: 'Lesson' });

/** Waits until the current step is done (its actions ran): Next is enabled, or the lesson ended. */
async function stepDone(page: Page, last: boolean): Promise<void> {
  const region = lessonRegion(page);
  if (last) await expect(region.getByText('End of the lesson.')).toBeVisible({ timeout: 90_000 });
  else await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 90_000 });
}

test('the Lessons button lists every built-in lesson by title', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Lessons' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lessons' });
  for (const lesson of LESSONS) {
    await expect(dialog.getByRole('button', { name: lesson.title, exact: true })).toBeVisible();
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

/**
 * Lessons played through in the browser: between them every kind of lesson action (place the
 * client, run, play, a host operation, a bucket, a packet, a preset). Every built-in lesson's steps
 * are checked against the engine in src/scenario/lessons.test.ts, and the dialog test above lists
 * them all; playing all eleven here took about a minute and a half of CI on two cores.
 */
const PLAYED_THROUGH = new Set(['kb-q247768', 'convergence', 'cluster-modes']);

for (const lesson of LESSONS.filter((l) => PLAYED_THROUGH.has(l.id))) {
  test(`the lesson "${lesson.title}" plays through to its end`, async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    await startLesson(page, lesson.title);
    const region = lessonRegion(page);
    await expect(region.getByRole('heading', { name: lesson.title })).toBeVisible();
    for (const [k, step] of lesson.steps.entries()) {
      const last = k === lesson.steps.length - 1;
      await expect(region.getByText(`Step ${k + 1} of ${lesson.steps.length}`)).toBeVisible();
      await expect(region.getByText(step.narration, { exact: true })).toBeVisible();
      const q = step.question;
      if (q) {
        // Predict first: the answer and its explanation are not shown before answering.
        await expect(region.getByText(q.prompt, { exact: true })).toBeVisible();
        await expect(region.getByText(q.explanation, { exact: true })).toHaveCount(0);
        await expect(region.getByRole('button', { name: 'Next' })).toBeDisabled();
        await region.getByRole('radio', { name: q.choices[q.answerIndex]!, exact: true }).check();
        await region.getByRole('button', { name: 'Check' }).click();
        await expect(region.getByText(q.explanation, { exact: true })).toBeVisible({ timeout: 90_000 });
        await expect(region.getByText('Right.', { exact: true })).toBeVisible();
      }
      await stepDone(page, last);
      await expect(region.getByRole('alert')).toHaveCount(0);
      if (!last) await region.getByRole('button', { name: 'Next' }).click();
    }
    await expect(region.getByRole('button', { name: 'Next' })).toBeDisabled();
  });
}

test('the KB lesson shows what it says, and Back returns to the previous step', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const kb = LESSONS.find((l) => l.id === 'kb-q247768')!;
  await startLesson(page, kb.title);
  const region = lessonRegion(page);
  const answer = async (k: number) => {
    const q = kb.steps[k]!.question!;
    await region.getByRole('radio', { name: q.choices[q.answerIndex]!, exact: true }).check();
    await region.getByRole('button', { name: 'Check' }).click();
    await stepDone(page, false);
  };
  await answer(0);
  for (const host of ['Host 1', 'Host 2', 'Host 3']) expect(await servedBy(page, host)).toBeGreaterThan(50);
  await region.getByRole('button', { name: 'Next' }).click();
  await answer(1);
  // The client on Host 1: all 300 loop back, nothing on the wire.
  expect(await servedBy(page, 'Host 1')).toBe(300);
  expect(await counter(page, 'Loopback connections')).toBe(300);
  expect(await counter(page, 'Frames on the wire')).toBe(0);
  await region.getByRole('button', { name: 'Next' }).click();
  await answer(2);
  expect(await counter(page, 'Failed connections')).toBe(20);

  await region.getByRole('button', { name: 'Back' }).click();
  await expect(region.getByText('Step 2 of 4')).toBeVisible();
  await stepDone(page, false);
  expect(await servedBy(page, 'Host 1')).toBe(300);
  expect(await counter(page, 'Loopback connections')).toBe(300);
  expect(await counter(page, 'Failed connections')).toBe(0);
  // The answer given before is still shown.
  await expect(region.getByText(kb.steps[1]!.question!.explanation, { exact: true })).toBeVisible();
});

test('a lesson written in the app travels inside the shared link', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('dialog', { name: 'Lessons' }).getByRole('button', { name: 'Write a lesson' }).click();
  const editor = page.getByRole('dialog', { name: 'Write a lesson' });
  await editor.getByLabel('Lesson title').fill('Loopback in two steps');
  await editor.getByLabel('Narration').fill('The client moves onto Host 1.');
  await editor.getByRole('button', { name: 'Add an action' }).click();
  await editor.getByRole('combobox', { name: 'Action 1' }).selectOption({ label: 'Move the client' });
  await editor.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 1' });
  await editor.getByRole('button', { name: 'Add an action' }).click();
  await editor.getByRole('combobox', { name: 'Action 2' }).selectOption({ label: 'Run connections' });
  await editor.getByRole('spinbutton', { name: 'Connections' }).fill('40');
  await editor.getByRole('checkbox', { name: 'Ask a question' }).check();
  await editor.getByLabel('Question (asked before the actions run)').fill('Where do 40 connections go?');
  await editor.getByRole('textbox', { name: 'Step 1, choice 1' }).fill('Spread over the hosts');
  await editor.getByRole('textbox', { name: 'Step 1, choice 2' }).fill('All to Host 1');
  await editor.getByRole('radio', { name: 'Choice 2 is the answer' }).check();
  await editor.getByLabel('Why (shown after the learner answers)').fill('The VIP is local to Host 1.');
  await editor.getByRole('button', { name: 'Add a step' }).click();
  await editor.getByLabel('Narration').nth(1).fill('That is KB Q247768.');
  await editor.getByRole('button', { name: 'Save and start' }).click();
  await expect(editor).toBeHidden();

  const region = lessonRegion(page);
  await expect(region.getByRole('heading', { name: 'Loopback in two steps' })).toBeVisible();
  await region.getByRole('radio', { name: 'All to Host 1', exact: true }).check();
  await region.getByRole('button', { name: 'Check' }).click();
  await expect(region.getByText('The VIP is local to Host 1.')).toBeVisible();
  await stepDone(page, false);
  expect(await counter(page, 'Loopback connections')).toBe(40);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Scenario link' }).inputValue();
  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  const otherRegion = lessonRegion(other);
  await expect(otherRegion.getByRole('heading', { name: 'Loopback in two steps' })).toBeVisible();
  await expect(otherRegion.getByText('Step 1 of 2')).toBeVisible();
  // Predict first, in the other room too.
  await expect(otherRegion.getByRole('button', { name: 'Check' })).toBeVisible();
  await other.context().close();
});
