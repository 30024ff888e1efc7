// A lesson in front of a room: every control of a step is on the screen at 1280x720, 1920x1080 and
// 1024x768 (and in presenter mode), and a presentation clicker alone (ArrowRight / ArrowLeft,
// PageDown / PageUp, B) answers each question and walks the lesson to its end.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LESSONS } from '../src/scenario/lessons';
import { openApp } from './helpers';

const LESSON = LESSONS.find((l) => l.id === 'kb-q247768')!;

/** Every button, choice and the end line of the lesson region lies inside the viewport. */
async function expectControlsOnScreen(page: Page, region: Locator) {
  const viewport = page.viewportSize()!;
  const controls = region.locator('button, input, .lesson-end');
  const count = await controls.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    const b = (await control.boundingBox())!;
    const label = (await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '';
    expect(b.x, `${label} left edge`).toBeGreaterThanOrEqual(0);
    expect(b.y, `${label} top edge`).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, `${label} right edge`).toBeLessThanOrEqual(viewport.width);
    expect(b.y + b.height, `${label} bottom edge`).toBeLessThanOrEqual(viewport.height);
    // Not scrolled away inside the lesson panel either: the point at its centre is the control itself.
    const hit = await control.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top !== null && (el === top || el.contains(top) || top.contains(el));
    });
    expect(hit, `${label} can be reached`).toBe(true);
  }
}

/** Opens the app, turns presenter mode on if asked, and starts the lesson from the Lessons list. */
async function openLesson(page: Page, presenter: boolean) {
  await openApp(page);
  if (presenter) await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: LESSON.title, exact: true }).click();
}

for (const [width, height, presenter] of [
  [1280, 720, false],
  [1920, 1080, false],
  [1024, 768, false],
  [1280, 720, true],
  [1920, 1080, true],
] as const) {
  test(`at ${width}x${height}${presenter ? ' in presenter mode' : ''} every control of a lesson step is on the screen`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await openLesson(page, presenter);
    const region = page.getByRole('region', { name: 'Lesson' });
    await expect(region.getByText(`Step 1 of ${LESSON.steps.length}`)).toBeVisible();
    const q = LESSON.steps[0]!.question!;
    // All three choices and Check, before answering.
    await expect(region.getByRole('radio')).toHaveCount(q.choices.length);
    await expectControlsOnScreen(page, region);
    await region.getByRole('radio', { name: q.choices[q.answerIndex]!, exact: true }).check();
    await region.getByRole('button', { name: 'Check' }).click();
    await expect(region.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });
    await expect(region.getByText('Right.')).toBeVisible();
    await expectControlsOnScreen(page, region);
    await page.screenshot({
      path: `/tmp/shots/lesson-${width}x${height}${presenter ? '-presenter' : ''}.png`,
    });
  });
}

/** Holds a key down for `wallMs` (a long press on a clicker), sending repeats as a held key does. */
async function hold(page: Page, key: string, wallMs: number) {
  await page.keyboard.down(key);
  const start = Date.now();
  while (Date.now() - start < wallMs) {
    await page.waitForTimeout(100);
    await page.keyboard.down(key);
  }
  await page.keyboard.up(key);
}

test('a clicker alone answers every question and reaches the end of the lesson', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openLesson(page, true);
  const region = page.getByRole('region', { name: 'Lesson' });
  const strip = page.getByRole('region', { name: 'Presenter' });
  const next = region.getByRole('button', { name: 'Next' });
  await expect(region.getByText(`Step 1 of ${LESSON.steps.length}`)).toBeVisible();

  for (const [i, step] of LESSON.steps.entries()) {
    await expect(region.getByText(`Step ${i + 1} of ${LESSON.steps.length}`)).toBeVisible();
    const q = step.question;
    if (q) {
      // The hint says how, on the page and in the strip.
      await expect(region.getByText(/Clicker: .* choose an answer; hold .* to check it\./)).toBeVisible();
      await expect(strip).toContainText('choose, hold');
      const radios = region.getByRole('radio');
      // Forward once picks the first choice; forward again moves on; back moves back.
      await page.keyboard.press('ArrowRight');
      await expect(radios.nth(0)).toBeChecked();
      await page.keyboard.press('PageDown');
      await expect(radios.nth(1)).toBeChecked();
      await page.keyboard.press('ArrowLeft');
      await expect(radios.nth(0)).toBeChecked();
      for (let k = 0; k < q.answerIndex; k++) await page.keyboard.press('ArrowRight');
      await expect(region.getByRole('radio', { name: q.choices[q.answerIndex]!, exact: true })).toBeChecked();
      // Still at this step: choosing never skips the question.
      await expect(region.getByText(`Step ${i + 1} of ${LESSON.steps.length}`)).toBeVisible();
      // Check: a long press on the first question, the B key on the others.
      if (i === 0) await hold(page, 'ArrowRight', 800);
      else await page.keyboard.press('b');
      await expect(region.getByRole('button', { name: 'Check' })).toHaveCount(0);
      await expect(next.or(region.getByText('End of the lesson.'))).toBeVisible();
      await expect(region.getByText('Right.')).toBeVisible({ timeout: 30_000 });
    }
    if (i < LESSON.steps.length - 1) {
      await expect(next).toBeEnabled({ timeout: 30_000 });
      await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'PageDown');
    }
  }
  const end = region.getByText('End of the lesson.');
  await expect(end).toBeVisible({ timeout: 30_000 });
  await expectControlsOnScreen(page, region);
  await page.screenshot({ path: '/tmp/shots/clicker-end-1920x1080.png' });
});
