// Render benchmark: navigation-to-interactive and initial JS of the production build, then frame rate,
// frame times, main-thread busy share, long tasks and React-owned DOM changes while the real canvas
// packet layer draws 1,000 / 5,000 / 20,000 packets in flight over 32 hosts (bench/render/ page), and
// 20,000 again while the wheel zooms in and out.
// Prints figures against the targets; it is not a pass/fail test. Run: npm run bench:render
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { findChromium, NO_CHROMIUM_MESSAGE } from '../scripts/chromium';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The app is built here, not in dist/, so a bench run never swaps files under a running e2e suite. */
const APP_OUT = join(ROOT, 'node_modules/.cache/vip-lab-bench/app');
const STAGE_CONFIG = 'bench/render/vite.config.ts';
const LOADS = 5;
const PACKET_COUNTS = [1_000, 5_000, 20_000];
const ZOOM_PACKET_COUNT = 20_000;
const WARMUP_MS = 2_000;
const WINDOW_MS = 5_000;
const VIEWPORT = { width: 1280, height: 800 };

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function preview(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // vite itself, not through npx, so killing the child stops the server.
  const child = spawn(
    join(ROOT, 'node_modules/.bin/vite'),
    ['preview', ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

/** JS files index.html loads eagerly: its module script and modulepreloads (no worker, no lazy chunks). */
function initialJs(): { files: { file: string; raw: number; gzip: number }[]; css: number } {
  const html = readFileSync(join(APP_OUT, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) refs.add(m[1]!);
  const files = [...refs].map((ref) => {
    const bytes = readFileSync(join(APP_OUT, ref.replace(/^\.?\//, '')));
    return { file: ref, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  let css = 0;
  for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    css += gzipSync(readFileSync(join(APP_OUT, m[1]!.replace(/^\.?\//, ''))), { level: 9 }).length;
  }
  return { files, css };
}

async function navigationToInteractive(browser: Browser, url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A fresh context each time: empty cache, no service worker, no saved scenario.
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const host1 = page.getByRole('button', { name: /^Host 1\b/ });
    await host1.waitFor({ state: 'visible', timeout: 30_000 });
    while (!(await host1.isEnabled())) await page.waitForTimeout(5);
    // Milliseconds since navigation start, as the page's own clock tells it.
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return times;
}

interface WindowFigures {
  intervals: number[];
  longTasks: number[];
  reactMutations: number;
  d3Mutations: number;
  inFlight: number[];
  retained: number;
}

/** Wheel zooms in then out over the drawing until `stop()`, as a trainer zooming to a host would. */
function zoomWithWheel(page: Page): { stop: () => Promise<void> } {
  let zooming = true;
  const done = (async () => {
    await page.mouse.move(VIEWPORT.width * 0.4, VIEWPORT.height * 0.45);
    for (let i = 0; zooming; i++) {
      // 12 notches in, 12 out, one every 50 wall ms: a new zoom scale on almost every frame.
      await page.mouse.wheel(0, i % 24 < 12 ? -100 : 100);
      await page.waitForTimeout(50);
    }
  })();
  return {
    stop: async () => {
      zooming = false;
      await done;
    },
  };
}

async function measurePackets(page: Page, count: number, zoom: boolean) {
  await page.evaluate((n) => window.__renderBench!.start(n), count);
  await page.waitForTimeout(WARMUP_MS);
  const zooming = zoom ? zoomWithWheel(page) : null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), at: get('Timestamp') };
  };
  const before = await metric();
  const figures: WindowFigures = await page.evaluate((ms) => {
    return new Promise<WindowFigures>((resolve) => {
      const intervals: number[] = [];
      const longTasks: number[] = [];
      const inFlight: number[] = [];
      let reactMutations = 0;
      let d3Mutations = 0;
      const canvas = document.querySelector('canvas.packet-canvas');
      const svg = document.querySelector('svg.topology-svg');
      const longObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      longObserver.observe({ type: 'longtask' });
      // Everything outside the canvas: React's elements, plus (counted apart) d3's drawing in the <svg>.
      const mutations = new MutationObserver((records) => {
        for (const r of records) {
          if (canvas && (r.target === canvas || canvas.contains(r.target))) continue;
          if (svg && (r.target === svg || svg.contains(r.target))) d3Mutations += 1;
          else reactMutations += 1;
        }
      });
      mutations.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const started = performance.now();
      let last = started;
      let frames = 0;
      const frame = (t: number) => {
        if (frames++ > 0) intervals.push(t - last);
        last = t;
        if (frames % 30 === 0) inFlight.push(window.__renderBench!.census().inFlight);
        if (t - started < ms) requestAnimationFrame(frame);
        else {
          longObserver.disconnect();
          mutations.disconnect();
          resolve({
            intervals,
            longTasks,
            reactMutations,
            d3Mutations,
            inFlight,
            retained: window.__renderBench!.census().retained,
          });
        }
      };
      requestAnimationFrame(frame);
    });
  }, WINDOW_MS);
  const after = await metric();
  await zooming?.stop();
  await page.evaluate(() => window.__renderBench!.stop());
  await cdp.detach();
  const busy = (after.task - before.task) / (after.at - before.at);
  return { ...figures, busy };
}

async function main(): Promise<void> {
  const choice = findChromium();
  if (!choice) {
    console.error(NO_CHROMIUM_MESSAGE);
    process.exit(1);
  }
  console.log(
    `Render benchmark — Chromium: ${choice.source}; ${cpus().length} CPUs; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('Building the app (npx vite build) and the bench page …');
  run('npx', ['vite', 'build', '--outDir', APP_OUT, '--emptyOutDir', '--logLevel', 'warn']);
  run('npx', ['vite', 'build', '--config', STAGE_CONFIG, '--logLevel', 'warn']);

  const js = initialJs();
  const jsTotal = js.files.reduce((sum, f) => sum + f.gzip, 0);

  const app = await preview(['--outDir', APP_OUT]);
  const stage = await preview(['--config', STAGE_CONFIG]);
  const browser = await chromium.launch({
    executablePath: choice.executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const loads = await navigationToInteractive(browser, app.url);
    const nav = median(loads);

    console.log('\nInitial load (production build, fresh browser context per load)');
    console.log(
      `  navigation → Host 1 button visible and enabled: median ${nav.toFixed(0)} ms of ${LOADS} (${loads.map((t) => t.toFixed(0)).join(', ')} ms)  target < 1000 ms: ${verdict(nav < 1000)}`,
    );
    console.log(
      `  initial JS gzipped (level 9): ${kb(jsTotal)}  target < 100 KB: ${verdict(jsTotal < 100 * 1024)}`,
    );
    for (const f of js.files) console.log(`    ${f.file}  ${kb(f.raw)} raw, ${kb(f.gzip)} gzip`);
    console.log(`  (CSS, not counted: ${kb(js.css)} gzip)`);

    console.log(
      `\nPackets in flight, 32 hosts (bench/render page, ${VIEWPORT.width}x${VIEWPORT.height}, ${WARMUP_MS / 1000} s warm-up, ${WINDOW_MS / 1000} s window)`,
    );
    const cases = [
      ...PACKET_COUNTS.map((count) => ({ count, zoom: false })),
      // Zooming changes the sprite scale: sprites must not be rasterized again on every frame.
      { count: ZOOM_PACKET_COUNT, zoom: true },
    ];
    for (const { count, zoom } of cases) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      // tsx keeps function names with a __name helper that the page does not have.
      await context.addInitScript('globalThis.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(stage.url);
      await page.waitForFunction(
        () => window.__renderBench !== undefined && document.querySelector('svg.topology-svg g') !== null,
      );
      const r = await measurePackets(page, count, zoom);
      await context.close();
      const fps = 1000 / median(r.intervals);
      const p95 = percentile(r.intervals, 95);
      const over50 = r.longTasks.filter((d) => d > 50);
      console.log(
        `  ${count.toLocaleString('en')} in flight${zoom ? ', zooming in and out with the wheel' : ''} (measured median ${median(r.inFlight).toLocaleString('en')}, ${r.retained.toLocaleString('en')} hops retained)`,
      );
      console.log(
        `    median frame rate ${fps.toFixed(1)} fps (${r.intervals.length + 1} frames)  target 60: ${verdict(fps >= 58)}`,
      );
      console.log(`    p95 frame time ${p95.toFixed(1)} ms; worst ${Math.max(...r.intervals).toFixed(1)} ms`);
      console.log(`    main-thread busy ${(r.busy * 100).toFixed(0)}% (CDP TaskDuration / wall)`);
      console.log(
        `    long tasks > 50 ms: ${over50.length}${over50.length ? ` (longest ${Math.max(...over50).toFixed(0)} ms)` : ''}  target 0: ${verdict(over50.length === 0)}`,
      );
      // A zoom turns the Fit button on once: a single change, not rendering per frame.
      const reactOk = r.reactMutations === 0 || (zoom && r.reactMutations <= 2);
      console.log(
        `    DOM mutations outside the canvas: React-owned ${r.reactMutations}${zoom ? ' (zooming turns the Fit button on)' : ''}, d3 <svg> ${r.d3Mutations}  target none per frame: ${verdict(reactOk)}`,
      );
    }
  } finally {
    await browser.close();
    app.child.kill();
    stage.child.kill();
  }
}

await main();
