// Smoke test, run against the production build and the development server (`npm start`, where React's
// StrictMode mounts everything twice): every dialog and panel opens as a user opens it, shows its
// content, stays open and closes again, and the page logs no error on the way.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LESSONS } from '../src/scenario/lessons';
import { PRESETS } from '../src/scenario/presets';
import { openApp } from './helpers';

/** Uncaught exceptions and console errors the page produced during the test. */
let problems: string[] = [];

test.beforeEach(({ page }) => {
  problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
});

test.afterEach(() => {
  expect(problems, 'errors the page logged').toEqual([]);
});

/**
 * Lets whatever the page queued run out (two frames, then a task): a dialog that something closes
 * right after it opened (a stale close event, say) is closed by the time this returns.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
      ),
  );
}

/** `target` is visible, and still is once the page has settled. */
async function expectStaysOpen(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  await settle(page);
  await expect(target).toBeVisible();
}

function noProblemsYet(): void {
  expect(problems, 'errors the page logged so far').toEqual([]);
}

test('every dialog and panel opens, shows its content and closes again, with no page error', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);

  await test.step('Scenarios: the gallery lists every built-in scenario; Close closes it', async () => {
    const opener = page.getByRole('button', { name: 'Scenarios', exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Scenarios' });
    await expectStaysOpen(page, dialog);
    for (const preset of PRESETS) {
      await expect(dialog.getByRole('button', { name: preset.title, exact: true })).toBeVisible();
    }
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    noProblemsYet();
  });

  await test.step('Lessons: the dialog lists every lesson; Escape closes it', async () => {
    const opener = page.getByRole('button', { name: 'Lessons', exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Lessons' });
    await expectStaysOpen(page, dialog);
    for (const lesson of LESSONS) {
      await expect(dialog.getByRole('button', { name: lesson.title, exact: true })).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    noProblemsYet();
  });

  await test.step('Write a lesson: opened from Lessons, it replaces that dialog and closes', async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const lessons = page.getByRole('dialog', { name: 'Lessons' });
    await expectStaysOpen(page, lessons);
    await lessons.getByRole('button', { name: 'Write a lesson' }).click();
    const editor = page.getByRole('dialog', { name: 'Write a lesson' });
    await expectStaysOpen(page, editor);
    await expect(lessons).toBeHidden();
    await editor.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(editor).toBeHidden();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('A lesson: chosen from Lessons, it shows its narration; Close lesson ends it', async () => {
    const lesson = LESSONS[0]!;
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Lessons' })
      .getByRole('button', { name: lesson.title, exact: true })
      .click();
    const region = page.getByRole('region', { name: 'Lesson' });
    await expectStaysOpen(page, region);
    await expect(region.getByText(`Step 1 of ${lesson.steps.length}`)).toBeVisible();
    await expect(region.getByRole('button', { name: 'Back' })).toBeVisible();
    await expect(region.getByRole('button', { name: 'Next' })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await region.getByRole('button', { name: 'Close lesson' }).click();
    await expect(region).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('Share: shows the Scenario link; Close hides it', async () => {
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Share' });
    await expectStaysOpen(page, panel);
    await expect(panel.getByRole('textbox', { name: 'Scenario link' })).toHaveValue(/#s=\w/);
    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(panel).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('More settings: the panel shows each cluster’s options; Close settings closes it', async () => {
    const opener = page.getByRole('button', { name: 'More settings', exact: true });
    await opener.click();
    await expect(opener).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('group', { name: 'More settings' });
    await expectStaysOpen(page, panel);
    await expect(panel.getByRole('group', { name: /^Cluster A/ })).toBeVisible();
    await panel.getByRole('button', { name: 'Close settings' }).click();
    await expect(panel).toHaveCount(0);
    await expect(opener).toHaveAttribute('aria-expanded', 'false');
    await expect(opener).toBeFocused();
    noProblemsYet();
  });

  await test.step('A host: selecting it opens its region; Close closes it', async () => {
    await page.getByRole('button', { name: /^Host 2,/ }).click();
    const region = page.getByRole('region', { name: 'Host 2', exact: true });
    await expectStaysOpen(page, region);
    await expect(region.getByRole('spinbutton', { name: 'Load weight' })).toBeVisible();
    await expect(region.getByRole('button', { name: 'Crash', exact: true })).toBeVisible();
    await region.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(region).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('Event log and Inspect: a logged packet opens in the Packet inspector; Close empties it', async () => {
    const log = page.getByRole('region', { name: 'Event log' });
    await expect(log).toBeVisible();
    const inspect = log.getByRole('listitem').getByRole('button', { name: 'Inspect' });
    for (let i = 0; i < 40 && (await inspect.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
    }
    await expect(log.getByRole('listitem').first()).toBeVisible();
    await inspect.first().click();
    const inspector = page.getByRole('region', { name: 'Packet inspector' });
    await expectStaysOpen(page, inspector.getByRole('table').first());
    await expect(inspector).toContainText(/Frame \d+/);
    await inspector.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(inspector).toContainText('Click a packet in the drawing');
    noProblemsYet();
  });

  // The explaining panels start open; each heading is the button that closes and reopens it.
  const panels: { name: string; content: (region: Locator) => Locator }[] = [
    { name: 'Packet inspector', content: (r) => r.getByText(/Click a packet in the drawing/) },
    { name: 'Bucket map', content: (r) => r.getByRole('listitem').first() },
    { name: 'Charts', content: (r) => r.getByRole('figure', { name: 'Served vs expected share' }) },
  ];
  for (const { name, content } of panels) {
    await test.step(`${name}: its heading button closes and reopens it`, async () => {
      const region = page.getByRole('region', { name, exact: true });
      const toggle = region.getByRole('button', { name, exact: true });
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expectStaysOpen(page, content(region));
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(content(region)).toBeHidden();
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expectStaysOpen(page, content(region));
      noProblemsYet();
    });
  }
  await test.step('Bucket map: one segment per bucket', async () => {
    await expect(page.getByRole('region', { name: 'Bucket map' }).getByRole('listitem')).toHaveCount(60);
  });

  await test.step('MAC table: the toggle shows the switch’s table and hides it again', async () => {
    const toggle = page.getByRole('button', { name: 'MAC table', exact: true });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const table = page.getByRole('table', { name: 'Switch MAC table' });
    await expectStaysOpen(page, table);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(table).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('Presenter mode: on shows the presenter strip, off removes it', async () => {
    const toggle = page.getByRole('button', { name: 'Presenter mode' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const strip = page.getByRole('region', { name: 'Presenter' });
    await expectStaysOpen(page, strip);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(strip).toHaveCount(0);
    noProblemsYet();
  });

  await test.step('Capture and export, Export scenario, Import scenario', async () => {
    const exports = page.getByRole('region', { name: 'Capture and export' });
    await expect(exports.getByRole('button', { name: 'Download capture' })).toBeVisible();
    await expect(exports.getByRole('group', { name: 'Export log' })).toBeVisible();
    await expect(exports.getByRole('group', { name: 'Export view' })).toBeVisible();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export scenario' }).click();
    expect((await downloading).suggestedFilename()).toMatch(/\.json$/);
    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario' }).click();
    expect((await choosing).isMultiple()).toBe(false);
    noProblemsYet();
  });
});
