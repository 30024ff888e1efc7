// Hostile and awkward input, as a user meets it: whole and emptied seconds in the lesson editor,
// text that would turn the tab title round, and exporting the drawing under the page's CSP.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeScenarioToHash } from '../src/scenario/link';
import { presetScenario } from '../src/scenario/presets';
import type { Scenario } from '../src/scenario/types';
import { openApp } from './helpers';

const SAVED = 'Saved in the scenario: Share or Export scenario to pass it on.';
const RLO = '\u202E';

async function openEditor(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('dialog', { name: 'Lessons' });
  await lessons.getByRole('button', { name: /^(Write a lesson|Edit the lesson)$/ }).click();
  const editor = page.getByRole('dialog', { name: 'Write a lesson' });
  await expect(editor).toBeVisible();
  return editor;
}

test('a Play action takes whole and fractional seconds; an emptied one is refused in plain words', async ({
  page,
}) => {
  await openApp(page);
  let editor = await openEditor(page);
  await editor.getByLabel('Lesson title').fill('Timing');
  await editor.getByLabel('Narration').fill('Let it run.');
  await editor.getByRole('button', { name: 'Add an action' }).click();
  await editor.getByRole('combobox', { name: 'Action 1' }).selectOption({ label: 'Play (seconds)' });
  const seconds = editor.getByRole('spinbutton', { name: 'Seconds' });
  const status = editor.getByRole('status');
  const save = editor.getByRole('button', { name: 'Save lesson' });

  // A whole number of seconds: the browser's step grid (0.001, 1.001, ...) used to refuse it silently.
  await seconds.fill('2');
  await save.click();
  await expect(status).toHaveText(SAVED);
  await expect(editor.getByRole('alert')).toHaveCount(0);

  // An edit after saving takes "Saved" away: it would no longer be true.
  await seconds.fill('2.5');
  await expect(status).toHaveText('');
  await save.click();
  await expect(status).toHaveText(SAVED);

  // Emptied: a plain sentence in the editor's units, the stale "Saved" gone, what was typed kept.
  await seconds.fill('');
  await save.click();
  const alert = editor.getByRole('alert');
  await expect(alert).toContainText('The lesson was not saved');
  await expect(alert).toContainText('Step 1, action 1: Enter a number of seconds from 0.001 to 600');
  await expect(alert).not.toContainText('NaN');
  await expect(alert).not.toContainText('ms');
  await expect(status).toHaveText('');
  await expect(editor.getByLabel('Lesson title')).toHaveValue('Timing');
  await expect(seconds).toHaveAttribute('aria-invalid', 'true');

  // Out of range is refused the same way; a value put right saves.
  await seconds.fill('601');
  await save.click();
  await expect(alert).toContainText('Enter a number of seconds from 0.001 to 600');
  await expect(status).toHaveText('');
  await seconds.fill('7');
  await save.click();
  await expect(status).toHaveText(SAVED);
  await expect(editor.getByRole('alert')).toHaveCount(0);

  // What was saved is 7 whole seconds: the editor opened again shows it.
  await editor.getByRole('button', { name: 'Close' }).click();
  editor = await openEditor(page);
  await expect(editor.getByRole('spinbutton', { name: 'Seconds' })).toHaveValue('7');
});

test('a title that would reverse the text is refused in the editor, and in a link, keeping what was there', async ({
  page,
}) => {
  await openApp(page);
  const titleBefore = await page.title();
  const editor = await openEditor(page);
  const title = editor.getByLabel('Lesson title');
  await title.fill(`Invoice ${RLO}fdp.exe`);
  await editor.getByLabel('Narration').fill('Step one.');
  await editor.getByRole('button', { name: 'Save lesson' }).click();
  await expect(editor.getByRole('alert')).toContainText(
    'Lesson: title contains an invisible character that reverses or reorders the text around it (U+202E); remove it',
  );
  await expect(editor.getByRole('status')).toHaveText('');
  await expect(title).toHaveValue(`Invoice ${RLO}fdp.exe`);
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(editor).toBeHidden();

  // The same text arriving in a link: refused by name, and the tab title never shows it.
  const scenario: Scenario = { ...presetScenario('kb-outside')!, title: `Quarterly ${RLO}gnp.exe` };
  await page.goto(`/${encodeScenarioToHash(scenario)}`);
  await expect(page.getByRole('alert')).toContainText('This link could not be opened');
  await expect(page.getByRole('alert')).toContainText(
    'Title contains an invisible character that reverses or reorders the text around it (U+202E)',
  );
  expect(await page.title()).not.toContain(RLO);
  expect(await page.title()).toBe(titleBefore);
});

test('Export view as SVG and PNG raises no Content-Security-Policy violation and keeps the styles', async ({
  page,
}, testInfo) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await openApp(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();

  const save = async (name: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    return download;
  };
  const svgDownload = await save('Export view as SVG');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  // Kept with the test's results, to be looked at.
  await (await save('Export view as PNG')).saveAs(testInfo.outputPath('view.png'));
  await expect(page.getByRole('status').filter({ hasText: /^Saved the drawing to .*\.png/ })).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(problems).toEqual([]);
  // The look travels as presentation attributes, not style attributes.
  expect(svg).not.toMatch(/\sstyle="/);
  expect(svg).toMatch(/<text[^>]*\sfont-family="[^"]+"/);
  expect(svg).toMatch(/\sfill="rgb\(/);
  expect(svg).toContain('Host 3');
});

test('Import scenario names a file that is not UTF-8, or too large, and keeps the scenario', async ({
  page,
}, testInfo) => {
  await openApp(page);
  const mode = page.getByRole('combobox', { name: 'Cluster mode' });
  await expect(mode).toHaveValue('unicast');
  const importBytes = async (name: string, bytes: Buffer) => {
    const path = testInfo.outputPath(name);
    writeFileSync(path, bytes);
    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario' }).click();
    await (await choosing).setFiles(path);
  };
  const multicast = JSON.stringify({ ...presetScenario('multicast')! });
  // What Notepad's "Unicode" saves without a byte-order mark: UTF-16 little-endian.
  await importBytes('unicode.json', Buffer.from(multicast, 'utf16le'));
  await expect(page.getByRole('alert')).toContainText(
    'This file is not UTF-8 text (it looks like UTF-16 little-endian',
  );
  await expect(mode).toHaveValue('unicast');
  await importBytes('huge.json', Buffer.alloc(1_000_025, 0x20));
  await expect(page.getByRole('alert')).toContainText('(1,001 KB; at most 1,000 KB)');
  await expect(mode).toHaveValue('unicast');
  // The same scenario as UTF-8 imports.
  await importBytes('utf8.json', Buffer.from(multicast, 'utf8'));
  await expect(mode).toHaveValue('multicast');
});
