// The page's query parameters, as a trainer puts them in a link for a class: ?preset=, ?lesson=,
// ?speed=, ?presenter=1 and ?embed=1, alone, together, before or after a #s= link; and a bad value
// named in an alert while the rest still applies. Also the Share panel's embed link and code.
import { expect, test, type Page } from '@playwright/test';
import { encodeScenarioToHash } from '../src/scenario/link';
import { LESSONS } from '../src/scenario/lessons';
import { PRESETS, presetScenario } from '../src/scenario/presets';
import { counter } from './helpers';

const connectTo = (page: Page) => page.getByRole('combobox', { name: 'Connect to' });
const clientLocation = (page: Page) => page.getByRole('combobox', { name: 'Client location' });
const speed = (page: Page) => page.getByRole('slider', { name: 'Speed' });
const presenter = (page: Page) => page.getByRole('button', { name: 'Presenter mode' });

async function open(page: Page, address: string): Promise<void> {
  await page.goto(address);
  await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
}

const workaround = PRESETS.find((p) => p.id === 'workaround-dip')!;
const onHostHash = encodeScenarioToHash(presetScenario('kb-on-host')!);

test('?preset= opens that built-in scenario', async ({ page }) => {
  await open(page, '/?preset=workaround-dip');
  await expect(connectTo(page)).toHaveValue('dip:A:1');
  await expect(page.getByRole('combobox', { name: 'Cluster mode' })).toHaveValue('multicast');
  await expect(page).toHaveTitle(`${workaround.title} · VIP Lab`);
  await expect(page.getByText(`Opened the built-in scenario "${workaround.title}".`)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('?lesson= starts that lesson at its first step', async ({ page }) => {
  const lesson = LESSONS.find((l) => l.id === 'kb-q247768')!;
  await open(page, `/?lesson=${lesson.id}`);
  const region = page.getByRole('region', { name: 'Lesson' });
  await expect(region).toContainText(lesson.title);
  await expect(region.getByText(`Step 1 of ${lesson.steps.length}`)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('?speed= sets the Speed', async ({ page }) => {
  await open(page, '/?speed=20');
  await expect(speed(page)).toHaveAttribute('aria-valuetext', '20x');
  // ...also over the speed a shared link carries.
  await open(
    page,
    `/?speed=0.5${encodeScenarioToHash({ ...presetScenario('kb-outside')!, view: { speed: 50 } })}`,
  );
  await expect(speed(page)).toHaveAttribute('aria-valuetext', '0.5x');
});

test('?presenter=1 turns presenter mode on', async ({ page }) => {
  await open(page, '/?presenter=1');
  await expect(presenter(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await open(page, '/');
  await expect(presenter(page)).toHaveAttribute('aria-pressed', 'false');
});

test('?embed=1 shows the minimal page for an iframe', async ({ page }) => {
  await open(page, '/?embed=1');
  await expect(page.getByRole('group', { name: 'Topology' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in VIP Lab' })).toBeVisible();
  for (const name of ['Share', 'Lessons', 'Scenarios', 'Presenter mode']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeHidden();
  }
});

test('parameters combine, before or after a #s= link, also percent-encoded after it', async ({ page }) => {
  for (const address of [
    `/?embed=1&speed=5${onHostHash}`,
    `/${onHostHash}?embed=1&speed=5`,
    `/${onHostHash}&speed=5&embed=1`,
    `/${onHostHash}%3Fembed%3D1%26speed%3D5`,
  ]) {
    await open(page, address);
    await expect(page.getByRole('alert'), address).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Open in VIP Lab' }), address).toBeVisible();
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeHidden();
    await expect(speed(page), address).toHaveAttribute('aria-valuetext', '5x');
    // The link's scenario: the client runs on Host 1.
    await expect(page.getByRole('button', { name: /^Host 1,.*client located here/ }), address).toBeVisible();
  }

  await open(page, '/?speed=50&presenter=1&preset=workaround-dip');
  await expect(presenter(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveTitle(`${workaround.title} · VIP Lab`);
  await expect(page.getByRole('button', { name: /^Host 1,.*client located here/ })).toBeVisible();
  await expect(speed(page)).toHaveAttribute('aria-valuetext', '50x');
  // Space plays (presenter mode's key): the client on Host 1 reaches Host 2's dedicated IP over the
  // wire, which the KB case's loopback never does.
  await page.locator('body').focus();
  await page.keyboard.press('Space');
  await expect.poll(() => counter(page, 'Frames on the wire'), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.keyboard.press('Space');
});

test('a bad value is named in an alert, and the rest of the address still applies', async ({ page }) => {
  await open(page, '/?speed=fast&preset=workaround-dip&presenter=maybe');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Part of this page's address could not be used");
  await expect(alert).toContainText('?speed="fast" is not a speed VIP Lab has');
  await expect(alert).toContainText('?presenter="maybe" is not understood');
  await expect(connectTo(page)).toHaveValue('dip:A:1');
  await expect(speed(page)).toHaveAttribute('aria-valuetext', '1x');

  await open(page, `/?preset=no-such-thing&speed=20${onHostHash}&lesson=nope`);
  await expect(alert).toContainText('?preset="no-such-thing" is not a built-in scenario this VIP Lab has');
  await expect(alert).toContainText('?lesson="nope" is not a lesson this VIP Lab has');
  await expect(clientLocation(page)).toHaveValue('host:A:0');
  await expect(speed(page)).toHaveAttribute('aria-valuetext', '20x');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);

  // A good preset with a link: the link says which scenario to open, and the preset is named as unused.
  await open(page, `/?preset=drainstop${onHostHash}`);
  await expect(alert).toContainText(
    '?preset=drainstop was not used: the link in the address says which scenario',
  );
  await expect(clientLocation(page)).toHaveValue('host:A:0');
});

test.describe('the Share panel', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('offers an embed link and <iframe> code, each copyable, that open the same scenario embedded', async ({
    page,
  }) => {
    await open(page, '/?speed=20');
    await clientLocation(page).selectOption({ label: 'On Host 1' });
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByRole('textbox', { name: 'Scenario link' }).inputValue();
    // The link carries the scenario and its speed itself, not the page's own parameters.
    expect(link).toMatch(/^http:\/\/[^/]+\/#s=3\./);
    const embedLink = page.getByRole('textbox', { name: 'Embed link' });
    const embedCode = page.getByRole('textbox', { name: 'Embed code' });
    const expected = new URL(link);
    expected.searchParams.set('embed', '1');
    await expect(embedLink).toHaveValue(expected.toString());
    await expect(embedLink).toHaveAttribute('readonly', '');
    await expect(embedCode).toHaveAttribute('readonly', '');
    const code = await embedCode.inputValue();
    expect(code).toMatch(
      /^<iframe src="[^"]+" title="VIP Lab[^"]*" width="\d+" height="\d+" style="border:0" loading="lazy"><\/iframe>$/,
    );
    expect(code).toContain(`src="${expected.toString().replace(/&/g, '&amp;')}"`);

    await page.getByRole('button', { name: 'Copy embed link' }).click();
    await expect(page.getByText('Copied: embed link')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected.toString());
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    await expect(page.getByText('Copied: embed code')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // The embed link opens the same scenario, embedded.
    await open(page, expected.toString());
    await expect(page.getByRole('link', { name: 'Open in VIP Lab' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Host 1,.*client located here/ })).toBeVisible();
    await expect(speed(page)).toHaveAttribute('aria-valuetext', '20x');
  });
});
