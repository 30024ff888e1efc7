// The drawing fills its stage at every size a room uses — a projector (1280x720, 1920x1080), a tablet
// (1024x768), an 800x450 iframe (?embed=1) and presenter mode — with nothing cut off and the page never
// scrolling; Fit returns to the fitted view; touch drags the client badge and pans the drawing.
// Screenshots of each size go to /tmp/shots/ to be looked at.
import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { openApp, runConnections } from './helpers';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box round every host of the drawing, as the page shows them. */
async function hostsBox(scope: Page | Frame): Promise<Rect> {
  const hosts = scope.getByRole('button', { name: /^Host B?\d+,/ });
  const boxes = await Promise.all((await hosts.all()).map(async (h) => (await h.boundingBox())!));
  expect(boxes.length).toBeGreaterThan(0);
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Inside `outer` (to a pixel). */
function within(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

async function pageSize(scope: Page | Frame) {
  return scope.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
}

/** No page scroll either way, the hosts fill most of the stage, and the whole drawing is on the stage. */
async function expectFilledStage(scope: Page | Frame, viewport: { width: number; height: number }) {
  await expect
    .poll(async () => {
      const s = await pageSize(scope);
      return s.scrollHeight <= s.innerHeight && s.scrollWidth <= s.innerWidth;
    })
    .toBe(true);
  const stage = (await scope.getByRole('group', { name: 'Topology' }).boundingBox())!;
  expect(within(stage, { x: 0, y: 0, ...viewport })).toBe(true);
  await expect
    .poll(async () => {
      const hosts = await hostsBox(scope);
      return Math.max(hosts.width / stage.width, hosts.height / stage.height);
    })
    .toBeGreaterThanOrEqual(0.6);
  for (const name of [/^Switch/, /^Router/, /^Client 1/]) {
    const box = (await scope.getByRole('img', { name }).boundingBox())!;
    expect(within(box, stage), `${name} on the stage`).toBe(true);
  }
  expect(within(await hostsBox(scope), stage)).toBe(true);
}

/** The corner controls do not cover any box of the drawing. */
async function expectCornerClear(page: Page) {
  const buttons = [
    page.getByRole('button', { name: 'Zoom in' }),
    page.getByRole('button', { name: 'Fit' }),
    page.getByText(/^Simulated time /),
  ];
  const boxes: Locator[] = [
    page.getByRole('img', { name: /^Switch/ }),
    page.getByRole('img', { name: /^Router/ }),
    ...(await page.getByRole('button', { name: /^Host B?\d+,/ }).all()),
  ];
  for (const control of buttons) {
    const c = (await control.boundingBox())!;
    for (const box of boxes) {
      const b = (await box.boundingBox())!;
      const overlap =
        c.x < b.x + b.width && b.x < c.x + c.width && c.y < b.y + b.height && b.y < c.y + c.height;
      expect(overlap).toBe(false);
    }
  }
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
  [1024, 768],
] as const) {
  test(`at ${width}x${height} the drawing fills its stage and nothing is cut off`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    await expectFilledStage(page, { width, height });
    await expectCornerClear(page);
    // The transport's last control and the timeline's readout are on the screen.
    const jump = (await page.getByRole('button', { name: 'Jump to end' }).boundingBox())!;
    expect(jump.x + jump.width).toBeLessThanOrEqual(width);
    const readout = (await page.getByRole('group', { name: 'Time' }).boundingBox())!;
    expect(readout.x + readout.width).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `/tmp/shots/stage-${width}x${height}.png` });
  });
}

test('at 1024x768 and 1280x720 a preset opened by link (with its notice bar) scrolls nothing', async ({
  page,
}) => {
  for (const [width, height] of [
    [1024, 768],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto('/?preset=udp-dns');
    await expect(
      page.getByText('Opened the built-in scenario "UDP: balanced datagram by datagram".'),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
    // Time moves on, so the timeline's readout is at its longest ("53.0 ms / 53.0 ms").
    await runConnections(page, 10);
    await expect(page.getByRole('group', { name: 'Time' })).toContainText(/[\d.]+ m?s \/ [\d.]+ m?s/);
    const jump = (await page.getByRole('button', { name: 'Jump to end' }).boundingBox())!;
    expect(jump.x + jump.width, `Jump to end at ${width}x${height}`).toBeLessThanOrEqual(width);
    const size = await pageSize(page);
    expect(size.scrollHeight, `page height at ${width}x${height}`).toBeLessThanOrEqual(size.innerHeight);
    expect(size.scrollWidth, `page width at ${width}x${height}`).toBeLessThanOrEqual(size.innerWidth);
  }
});

test('in presenter mode at 1920x1080 host names are at least 28 px high', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page);
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expectFilledStage(page, { width: 1920, height: 1080 });
  for (const n of [1, 2, 3]) {
    const name = page
      .getByRole('button', { name: new RegExp(`^Host ${n},`) })
      .getByText(`Host ${n}`, { exact: true });
    await expect.poll(async () => (await name.boundingBox())!.height).toBeGreaterThanOrEqual(28);
  }
  await page.screenshot({ path: '/tmp/shots/stage-presenter-1920x1080.png' });
});

test('in an 800x450 iframe (?embed=1) the switch, the hosts and the caption are all on screen', async ({
  page,
  baseURL,
}) => {
  await page.setViewportSize({ width: 840, height: 500 });
  await page.setContent(
    `<iframe title="VIP Lab" src="${baseURL}/?embed=1" width="800" height="450" style="border:0;display:block"></iframe>`,
  );
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  await expect(frame.getByRole('button', { name: /^Host 1,/ })).toBeVisible();
  await expectFilledStage(frame, { width: 800, height: 450 });
  const latest = (await frame.getByText('Latest', { exact: true }).boundingBox())!;
  expect(within(latest, { x: 0, y: 0, width: 800, height: 450 })).toBe(true);
  for (const name of ['Play', 'Step']) {
    const b = (await frame.getByRole('button', { name, exact: true }).boundingBox())!;
    expect(within(b, { x: 0, y: 0, width: 800, height: 450 })).toBe(true);
  }
  await page.screenshot({ path: '/tmp/shots/stage-embed-800x450.png' });
});

test('the drawing is fitted again when the window grows, and Fit returns to the fit after a zoom', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const host = page.getByRole('button', { name: /^Host 2,/ });
  const small = (await host.boundingBox())!.width;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await host.boundingBox())!.width).toBeGreaterThan(small * 1.5);
  const fitted = (await host.boundingBox())!.width;
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => (await host.boundingBox())!.width).toBeLessThan(fitted * 0.9);
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(async () => Math.round((await host.boundingBox())!.width)).toBe(Math.round(fitted));
  await expect(page.getByRole('button', { name: 'Fit' })).toBeDisabled();
});

test('with Cluster B every host keeps its state and served lines, and a per-cluster affinity says so', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.getByRole('checkbox', { name: 'Cluster B' }).check();
  await expect(page.getByRole('button', { name: /^Host B3,/ })).toBeVisible();
  for (const name of ['Host 1', 'Host 2', 'Host 3', 'Host B1', 'Host B2', 'Host B3']) {
    const host = page.getByRole('button', { name: new RegExp(`^${name},`) });
    await expect(host.getByText(/^served \d+$/)).toBeVisible();
    await expect(host.getByText(/^Converged/)).toBeVisible();
  }
  await expectFilledStage(page, { width: 1280, height: 720 });
  await page.screenshot({ path: '/tmp/shots/stage-clusterB-1280x720.png' });

  // Cluster B's one rule goes to None while Cluster A's stays Single: it differs per cluster.
  const affinity = page.getByRole('combobox', { name: 'Affinity', exact: true });
  await expect(affinity).toHaveValue('single');
  await page.getByRole('button', { name: 'More settings' }).click();
  const clusterB = page.getByRole('group', { name: /^Cluster B/ });
  await clusterB.getByRole('combobox', { name: 'Rule 1 affinity' }).selectOption({ label: 'None' });
  await expect(affinity).toHaveValue('mixed');
  expect(await affinity.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text)).toBe(
    'Differs per cluster',
  );
});

test('at 1024x768 More settings shows every column of the port rules', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  await page.getByRole('button', { name: 'More settings' }).click();
  const panel = page.getByRole('group', { name: 'More settings' });
  await expect(panel).toBeVisible();
  const shown = (await panel.boundingBox())!;
  expect(shown.x + shown.width).toBeLessThanOrEqual(1024);
  // The last column of the rules table (its Remove button) and the first (the VIP) are inside the panel.
  for (const cell of [
    panel.getByRole('button', { name: 'Remove rule 1' }),
    panel.getByRole('combobox', { name: 'Rule 1 VIP' }),
  ]) {
    const b = (await cell.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(shown.x);
    expect(b.x + b.width).toBeLessThanOrEqual(shown.x + shown.width);
  }
  await page.screenshot({ path: '/tmp/shots/stage-settings-1024x768.png' });
});

/** Sends one finger's drag from (x0, y0) to (x1, y1) in `steps` moves, as a touch screen does. */
async function touchDrag(page: Page, x0: number, y0: number, x1: number, y1: number, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const point = (x: number, y: number) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(x0, y0) });
  for (let i = 1; i <= steps; i++) {
    const f = i / steps;
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: point(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f),
    });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('on a touch screen a finger drags the client badge onto a host and pans the drawing', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({
    hasTouch: true,
    viewport: { width: 1024, height: 768 },
    baseURL,
  });
  const page = await context.newPage();
  await openApp(page);
  const location = page.getByRole('combobox', { name: 'Client location' });
  const client = (await page.getByRole('img', { name: /^Client 1/ }).boundingBox())!;
  const host3 = (await page.getByRole('button', { name: /^Host 3,/ }).boundingBox())!;
  await touchDrag(
    page,
    client.x + client.width / 2,
    client.y + client.height / 2,
    host3.x + host3.width / 2,
    host3.y + host3.height / 2,
  );
  await expect(location).toHaveValue('host:A:2');

  // A finger on empty drawing pans it: the view leaves the fit, so Fit comes on.
  const fit = page.getByRole('button', { name: 'Fit' });
  await expect(fit).toBeDisabled();
  const host1 = page.getByRole('button', { name: /^Host 1,/ });
  const before = (await host1.boundingBox())!;
  const stage = (await page.getByRole('group', { name: 'Topology' }).boundingBox())!;
  await touchDrag(
    page,
    stage.x + 20,
    stage.y + stage.height - 20,
    stage.x + 120,
    stage.y + stage.height - 60,
  );
  await expect.poll(async () => (await host1.boundingBox())!.x).toBeGreaterThan(before.x + 50);
  await expect(fit).toBeEnabled();
  await context.close();
});
