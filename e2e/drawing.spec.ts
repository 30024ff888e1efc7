// The drawing as a trainer handles it: zoom in and out (buttons as the keyboard twins of the wheel),
// drag the client onto a host or off the cluster, and turn motion down.
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForPacketPixels, type PacketPixelsPage } from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('Zoom in, Zoom out and Fit change and restore the drawing scale', async ({ page }) => {
  const host = page.getByRole('button', { name: /^Host 2,/ });
  const fit = page.getByRole('button', { name: 'Fit' });
  await expect(fit).toBeDisabled();
  const before = (await host.boundingBox())!;
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => (await host.boundingBox())!.width).toBeGreaterThan(before.width * 1.2);
  await expect(fit).toBeEnabled();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => (await host.boundingBox())!.width).toBeLessThan(before.width);
  await fit.click();
  await expect.poll(async () => Math.round((await host.boundingBox())!.width)).toBe(Math.round(before.width));
  // Selecting a host still works on a zoomed drawing.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await host.click();
  await expect(page.getByRole('region', { name: 'Host 2', exact: true })).toBeVisible();
});

test('dragging the client onto a host places it there; dragging it off puts it outside', async ({ page }) => {
  const location = page.getByRole('combobox', { name: 'Client location' });
  const client = page.getByRole('img', { name: /^Client 1/ });
  const host3 = page.getByRole('button', { name: /^Host 3,/ });
  await client.dragTo(host3);
  await expect(location).toHaveValue('host:A:2');
  await expect(page.getByRole('button', { name: /^Host 3,.*client located here/ })).toBeVisible();

  // Pick the badge up again and drop it on the empty top-right of the drawing: off the cluster.
  const badge = page.locator('.client-badge').filter({ visible: true });
  const stage = page.getByRole('group', { name: 'Topology' });
  const box = (await stage.boundingBox())!;
  const from = (await badge.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 150, box.y + 20, { steps: 8 });
  await page.mouse.up();
  await expect(location).toHaveValue('outside');
  await expect(page.getByRole('button', { name: /client located here/ })).toHaveCount(0);
});

test('Reduced motion is a toggle that starts from the system setting', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await openApp(page);
  const toggle = page.getByRole('checkbox', { name: 'Reduced motion' });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await context.close();
});

test('Play and Pause swap in place: nothing in the bar moves', async ({ page }) => {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const before = (await step.boundingBox())!;
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const during = (await step.boundingBox())!;
  expect(during.x).toBe(before.x);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
});

/**
 * Steps until a packet is drawn, points at it and clicks it: the tip names it and the inspector opens
 * it. The canvas is drawn by the worker from its copy of the feed and the picking is done on the page
 * from its own, so this holds only while both place the packet at the same spot.
 */
async function pointAtAPacket(page: Page): Promise<void> {
  // Where the packet canvas has something drawn (CSS px on the page), or null.
  // The pixels come through the page's reader: the canvas may be drawn by a worker (OffscreenCanvas).
  const packetOnCanvas = () =>
    page.evaluate(async () => {
      const { data, width, height } = await (window as PacketPixelsPage).__vipLabPacketPixels!();
      const rect = document.querySelector('canvas.packet-canvas')!.getBoundingClientRect();
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let y = 0; y < height; y += 2) {
        for (let x = 0; x < width; x += 2) {
          if (data[(y * width + x) * 4 + 3]! > 200) {
            // The first packet found: average its opaque pixels nearby.
            if (n === 0 || (Math.abs(x - sx / n) < 12 && Math.abs(y - sy / n) < 12)) {
              sx += x;
              sy += y;
              n += 1;
            }
          }
        }
      }
      if (n === 0) return null;
      return {
        x: rect.left + (sx / n) * (rect.width / width),
        y: rect.top + (sy / n) * (rect.height / height),
      };
    });
  await waitForPacketPixels(page);
  // Step until a frame is on its way somewhere (a paused picture shows the frames in flight).
  let at: { x: number; y: number } | null = null;
  for (let i = 0; i < 30 && !at; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(60);
    at = await packetOnCanvas();
  }
  expect(at, 'a packet in the drawing').not.toBeNull();
  const tip = page.locator('.packet-tip');
  await page.mouse.move(at!.x, at!.y);
  await expect(tip).toContainText('click to inspect');
  await page.mouse.click(at!.x, at!.y);
  await expect(page.getByRole('region', { name: 'Packet inspector' })).toContainText(/Frame \d+/);
  // The click picked a packet, not the host or node underneath.
  await expect(page.getByRole('button', { name: /^Host \d+,/, pressed: true })).toHaveCount(0);
}

test('pointing at a packet names it; clicking it opens it in the packet inspector', async ({ page }) => {
  await pointAtAPacket(page);
});

test('zoomed in, the packets drawn are where pointing finds them', async ({ page }) => {
  // Zooming moves what the worker draws and what the page picks from alike.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByRole('button', { name: 'Fit' })).toBeEnabled();
  await pointAtAPacket(page);
});

test('a looped-back connection circles inside its host and never reaches a link', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  const host2 = page.getByRole('button', { name: /^Host 2,.*client located here/ });
  await expect(host2).toBeVisible();
  const box = (await host2.boundingBox())!;
  // Every coloured packet pixel on the canvas (page CSS px, every other device pixel), summed up in
  // the page so a sample is quick: how many fall outside Host 2's box, and the centre of them all.
  const sampleInside = async () => {
    const { count, outside, x, y } = await page.evaluate(async (b) => {
      const { data, width, height } = await (window as PacketPixelsPage).__vipLabPacketPixels!();
      const rect = document.querySelector('canvas.packet-canvas')!.getBoundingClientRect();
      let n = 0;
      let out = 0;
      let sx = 0;
      let sy = 0;
      for (let py = 0; py < height; py += 2) {
        for (let px = 0; px < width; px += 2) {
          const i = (py * width + px) * 4;
          if (data[i + 3]! <= 200) continue;
          // Connection packets are coloured; heartbeats, outlines and drop marks are grey: only
          // the colour of this connection's packets counts.
          const [r, g, bl] = [data[i]!, data[i + 1]!, data[i + 2]!];
          if (Math.max(r, g, bl) - Math.min(r, g, bl) < 40) continue;
          const cx = rect.left + (px * rect.width) / width;
          const cy = rect.top + (py * rect.height) / height;
          n++;
          sx += cx;
          sy += cy;
          if (cx < b.x || cx > b.x + b.width || cy < b.y || cy > b.y + b.height) out++;
        }
      }
      return { count: n, outside: out, x: n ? sx / n : 0, y: n ? sy / n : 0 };
    }, box);
    expect(outside, 'every loopback packet pixel inside Host 2').toBe(0);
    return count === 0 ? null : { x, y };
  };
  await waitForPacketPixels(page);
  let seen = 0;
  for (let i = 0; i < 12 && seen === 0; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(60);
    if (await sampleInside()) seen += 1;
  }
  expect(seen, 'a packet drawn while stepping the connection').toBeGreaterThan(0);
  // A paused step shows a hop where it starts. At the slowest speed (a loopback hop then takes
  // about 400 wall ms) playing shows the packet part-way round the circle, still inside Host 2.
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const centres: { x: number; y: number }[] = [];
  // Sample until a few packets were seen (a loaded machine samples slowly; the server's think time
  // leaves seconds with no packet at this speed), for at most about 6 wall seconds.
  for (let i = 0; i < 120 && centres.length < 6; i++) {
    await page.waitForTimeout(40);
    const centre = await sampleInside();
    if (centre) centres.push(centre);
  }
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const spread = (k: 'x' | 'y') =>
    Math.max(...centres.map((c) => c[k])) - Math.min(...centres.map((c) => c[k]));
  expect(centres.length, 'packets drawn while playing').toBeGreaterThan(2);
  expect(Math.max(spread('x'), spread('y')), 'packets moving round inside Host 2').toBeGreaterThan(3);
});

test('the loopback ring shows only while the client connects to its own host', async ({ page }) => {
  const ring = page.getByRole('group', { name: 'Topology' }).locator('circle.loop-ring:visible');
  await expect(ring).toHaveCount(0); // the client is outside
  await page.getByRole('combobox', { name: 'Client location' }).selectOption({ label: 'On Host 2' });
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  await expect(ring).toHaveCount(1);
  // Another host's dedicated IP goes on the wire: no loopback.
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Host 1 dedicated IP' });
  await expect(ring).toHaveCount(0);
  // Its own dedicated IP is one of its addresses: the loopback again.
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Host 2 dedicated IP' });
  await expect(ring).toHaveCount(1);
  // Behind Azure's load balancer the VIP is the balancer's, not the host's: no loopback for it, but
  // the host's own dedicated IP still loops back.
  await page
    .getByRole('combobox', { name: 'Load balancer', exact: true })
    .selectOption({ label: 'Azure internal load balancer' });
  await expect(ring).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Connect to' }).selectOption({ label: 'Cluster VIP' });
  await expect(ring).toHaveCount(0);
});
