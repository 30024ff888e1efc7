// Render benchmark: navigation-to-interactive and initial JS of the production build, then mean fps
// (frames / wall seconds), frame intervals, main-thread busy share, long tasks and DOM changes while
// the real canvas packet layer draws 1,000 / 5,000 / 20,000 / 50,000 packets in flight over 32 hosts
// (bench/render/ page), 20,000 while the wheel zooms, and the real app run through its own controls
// (32 hosts, default and top connection rate, top speed). Prints figures against issue 15's targets;
// not a pass/fail test. Run: npm run bench:render [-- --only=20k,app-heavy --repeat=3]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from '../scripts/chromium';
import { APP_HOSTS, openSplitAtLoad, playAppAtLoad } from './render/appLoad';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The app is built here, not in dist/, so a bench run never swaps files under a running e2e suite. */
const APP_OUT = join(ROOT, 'node_modules/.cache/vip-lab-bench/app');
const STAGE_CONFIG = 'bench/render/vite.config.ts';
const LOADS = 5;
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

/**
 * Runs in the page before its own scripts: notes, by the page's clock, the first animation frame in
 * which a button named "Host 1 ..." is on screen and enabled. The page notes it itself because
 * Playwright's waits poll at growing intervals (up to 500 ms apart), which put a few hundred
 * milliseconds of the tool's own into the figure.
 */
const NOTE_HOST1_READY = `(() => {
  const ready = () => {
    for (const el of document.querySelectorAll('[role="button"][aria-label]')) {
      if (!/^Host 1\\b/.test(el.getAttribute('aria-label'))) continue;
      if (el.getAttribute('aria-disabled') === 'true' || el.hasAttribute('disabled')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) return true;
    }
    return false;
  };
  const look = () => {
    if (ready()) globalThis.__host1ReadyAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

async function navigationToInteractive(browser: Browser, url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A fresh context each time: empty cache, no service worker, no saved scenario.
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    await context.addInitScript(NOTE_HOST1_READY);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const host1 = page.getByRole('button', { name: /^Host 1\b/ });
    await host1.waitFor({ state: 'visible', timeout: 30_000 });
    while (!(await host1.isEnabled())) await page.waitForTimeout(5);
    // Milliseconds since navigation start, as the page's own clock told it in that frame.
    await page.waitForFunction(
      () => (globalThis as { __host1ReadyAt?: number }).__host1ReadyAt !== undefined,
    );
    times.push(await page.evaluate(() => (globalThis as { __host1ReadyAt?: number }).__host1ReadyAt!));
    await context.close();
  }
  return times;
}

interface WindowFigures {
  intervals: number[];
  /** Frames counted in the window and the window's wall length (ms): mean fps = frames / seconds. */
  frames: number;
  wallMs: number;
  /** Packet frames that reached the canvas in the window (packetLayer's counter; -1 if the page has none). */
  canvasFrames: number;
  longTasks: number[];
  reactMutations: number;
  d3Mutations: number;
  inFlight: number[];
  retained: number;
}

/**
 * Figures of one measured window, plus the main thread's busy share over it: wall time in its tasks
 * (`busy`) and CPU time it used (`cpu`), both over wall time. On a shared machine a task that waits for
 * a core counts in full in `busy`; `cpu` counts only what ran.
 */
type Measured = WindowFigures & { busy: number; cpu: number };

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

/**
 * Watches `WINDOW_MS` of wall time on the page as it is: every animation frame's interval, long
 * tasks, DOM changes outside the canvas (React's apart from d3's <svg>) and packet frames presented;
 * then another `WINDOW_MS` for the main thread's busy share from CDP (TaskDuration / wall), with no
 * frame counting of the bench's own running. Packets in flight are counted only on the bench page.
 */
async function measureWindow(page: Page): Promise<Measured> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { task: get('TaskDuration'), cpu: get('ThreadTime'), at: get('Timestamp') };
  };
  const figures: WindowFigures = await page.evaluate((ms) => {
    return new Promise<WindowFigures>(
      (resolve) =>
        void (async () => {
          const bench = window.__renderBench;
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
          // Packet frames presented, asked of each packet layer on the page (a drawing worker answers
          // for the frames it drew in its own animation frames); -1: no layer. In split view Lab 2's
          // layer answers too, and the window counts the lab that drew fewer.
          const counter = globalThis as {
            __vipLabPacketFrameCount?: () => Promise<number>;
            __vipLab2PacketFrameCount?: () => Promise<number>;
          };
          const packetFrames = async (): Promise<number[]> => [
            counter.__vipLabPacketFrameCount ? await counter.__vipLabPacketFrameCount() : -1,
            ...(counter.__vipLab2PacketFrameCount ? [await counter.__vipLab2PacketFrameCount()] : []),
          ];
          const canvasAtStart = await packetFrames();
          let first = -1;
          let last = -1;
          let frames = 0;
          const frame = (t: number) => {
            if (first < 0) first = t;
            else intervals.push(t - last);
            last = t;
            frames += 1;
            if (bench && frames % 30 === 0) inFlight.push(bench.census().inFlight);
            if (t - first < ms) requestAnimationFrame(frame);
            else
              void packetFrames().then((canvasAtEnd) => {
                longObserver.disconnect();
                mutations.disconnect();
                resolve({
                  intervals,
                  // Frames after the first, over the wall time they took: a stall counts in full here,
                  // where the median interval would hide it.
                  frames: frames - 1,
                  wallMs: last - first,
                  canvasFrames:
                    canvasAtStart[0]! < 0
                      ? -1
                      : Math.min(...canvasAtStart.map((start, i) => (canvasAtEnd[i] ?? start) - start)),
                  longTasks,
                  reactMutations,
                  d3Mutations,
                  inFlight,
                  retained: bench ? bench.census().retained : 0,
                });
              });
          };
          requestAnimationFrame(frame);
        })(),
    );
  }, WINDOW_MS);
  // The main thread's share is measured over a window of its own, with no animation frames of the
  // bench's asking: its counting loop above makes the page produce a frame every vsync, which the app
  // (whose packets a worker draws in its own frames) does not need.
  const before = await metric();
  await page.waitForTimeout(WINDOW_MS);
  const after = await metric();
  await cdp.detach();
  const wall = after.at - before.at;
  return { ...figures, busy: (after.task - before.task) / wall, cpu: (after.cpu - before.cpu) / wall };
}

async function measurePackets(page: Page, count: number, zoom: boolean): Promise<Measured> {
  await page.evaluate((n) => window.__renderBench!.start(n), count);
  await page.waitForTimeout(WARMUP_MS);
  const zooming = zoom ? zoomWithWheel(page) : null;
  const r = await measureWindow(page);
  await zooming?.stop();
  await page.evaluate(() => window.__renderBench!.stop());
  return r;
}

/**
 * The app users get (not the bench page), set up through its own controls as a trainer would:
 * 32 hosts, the client's connection rate (`rate`, per simulated second; null keeps the default),
 * the Speed slider at its top stop, then Play. Measured after APP_WARMUP_MS of play.
 */
async function measureApp(
  browser: Browser,
  url: string,
  rate: number | null,
  initScript: string,
  balancer?: string,
  /** Split view, with this balancer in Lab 2 (absent: one lab). */
  lab2Balancer?: string,
): Promise<Measured> {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  await context.addInitScript(initScript);
  const page = await context.newPage();
  try {
    await page.goto(url);
    await playAppAtLoad(page, rate, balancer);
    if (lab2Balancer) await openSplitAtLoad(page, lab2Balancer);
    await page.waitForTimeout(APP_WARMUP_MS);
    const r = await measureWindow(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click({ timeout: 30_000 });
    return r;
  } finally {
    await context.close();
  }
}

/** Wall ms of play before an app case is measured: the run's load builds up over its first seconds. */
const APP_WARMUP_MS = 3_000;
/** The top of the Connection rate field (per simulated second): SettingsPanel's max. */
const APP_TOP_RATE = 1000;

interface Target {
  /** Mean fps (frames / wall seconds) at or above. */
  fps: number;
  /** Main-thread busy share at or under (0..1), if the case has one. */
  busy?: number;
  /** Long tasks over 50 ms allowed. */
  longTasks: number;
  /** React-owned DOM changes are part of the case (the real app's panels) rather than a fault. */
  reactChanges: boolean;
}

interface Case {
  /** For --only. */
  id: string;
  title: string;
  target: Target;
  run: (browser: Browser) => Promise<Measured>;
}

const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;

/** Prints one case's figures (medians over its repeats) against its target. */
function report(c: Case, runs: Measured[]): void {
  const meanFps = runs.map((r) => r.frames / (r.wallMs / 1000));
  const medianInterval = runs.map((r) => median(r.intervals));
  const p95 = runs.map((r) => percentile(r.intervals, 95));
  const worst = runs.map((r) => Math.max(...r.intervals));
  const busy = runs.map((r) => r.busy);
  const over50 = runs.map((r) => r.longTasks.filter((d) => d > 50));
  const longCount = over50.map((l) => l.length);
  const longest = runs.map((r) => (r.longTasks.length ? Math.max(...r.longTasks) : 0));
  const each = (xs: number[], f: (x: number) => string) =>
    runs.length > 1 ? ` (runs: ${xs.map(f).join(', ')})` : '';
  // The packets' own frame rate: a stamping worker that falls behind skips frames the page still shows.
  const canvasFps = runs.map((r) => (r.canvasFrames < 0 ? -1 : r.canvasFrames / (r.wallMs / 1000)));
  const known = canvasFps.every((x) => x >= 0);
  const fps = known ? Math.min(median(meanFps), median(canvasFps)) : median(meanFps);
  const t = c.target;
  console.log(`  ${c.title}`);
  const inFlight = runs.flatMap((r) => r.inFlight);
  if (inFlight.length) {
    console.log(
      `    in flight: measured median ${median(inFlight).toLocaleString('en')}, ${median(runs.map((r) => r.retained)).toLocaleString('en')} hops retained`,
    );
  }
  console.log(
    `    mean frame rate ${median(meanFps).toFixed(1)} fps (frames / wall seconds)${each(meanFps, (x) => x.toFixed(1))}`,
  );
  console.log(
    `    packet canvas updates ${known ? `${median(canvasFps).toFixed(1)}/s${each(canvasFps, (x) => x.toFixed(1))}` : 'not counted by this build'}; the lower of the two: ${fps.toFixed(1)} fps  target ${t.fps >= 58 ? '60 (58+ counts)' : `${t.fps}+`}: ${verdict(fps >= t.fps)}`,
  );
  console.log(
    `    median frame interval ${fmtMs(median(medianInterval))} (${(1000 / median(medianInterval)).toFixed(1)} fps); p95 ${fmtMs(median(p95))}; worst ${fmtMs(median(worst))}; ${median(runs.map((r) => r.frames))} frames in ${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(2)} s`,
  );
  const b = median(busy);
  console.log(
    `    main-thread busy ${(b * 100).toFixed(0)}% (CDP TaskDuration / wall)${each(busy, (x) => `${(x * 100).toFixed(0)}%`)}${t.busy !== undefined ? `  target under ${(t.busy * 100).toFixed(0)}%: ${verdict(b < t.busy)}` : ''}`,
  );
  const cpu = runs.map((r) => r.cpu);
  if (cpu.every(Number.isFinite))
    console.log(
      `    main-thread CPU ${(median(cpu) * 100).toFixed(0)}% (CDP ThreadTime / wall: time on a core, not waiting for one)${each(cpu, (x) => `${(x * 100).toFixed(0)}%`)}`,
    );
  const n = median(longCount);
  console.log(
    `    long tasks > 50 ms: ${n}${each(longCount, String)}; longest long task ${median(longest).toFixed(0)} ms${each(longest, (x) => x.toFixed(0))}  target ${t.longTasks}: ${verdict(n <= t.longTasks)}`,
  );
  const react = median(runs.map((r) => r.reactMutations));
  const d3 = median(runs.map((r) => r.d3Mutations));
  if (t.reactChanges) {
    console.log(
      `    DOM mutations outside the canvas: React-owned ${react}, d3 <svg> ${d3} (the app's panels update)`,
    );
  } else {
    const zoom = c.id === 'zoom';
    // A zoom turns the Fit button on once: a single change, not rendering per frame.
    const reactOk = react === 0 || (zoom && react <= 2);
    console.log(
      `    DOM mutations outside the canvas: React-owned ${react}${zoom ? ' (zooming turns the Fit button on)' : ''}, d3 <svg> ${d3}  target none per frame: ${verdict(reactOk)}`,
    );
  }
}

/**
 * `--only=a,b` (case ids, plus `load` for the initial load), `--repeat=N` (default 3), and
 * `--no-worker`: pages without Worker, so the packets are stamped on the main thread (the fallback).
 */
function options(): { only: Set<string> | null; repeat: number; noWorker: boolean } {
  let only: Set<string> | null = null;
  let repeat = 3;
  let noWorker = false;
  for (const arg of process.argv.slice(2)) {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    if (key === 'only') only = new Set(value.split(',').filter(Boolean));
    else if (key === 'repeat') repeat = Math.max(1, Number.parseInt(value, 10) || 1);
    else if (key === 'no-worker') noWorker = true;
    else
      throw new Error(
        `unknown option ${arg}: use --only=load,1k,5k,20k,50k,zoom,app,app-heavy,app-balancer,app-split, --repeat=N, --no-worker`,
      );
  }
  return { only, repeat, noWorker };
}

async function main(): Promise<void> {
  const { only, repeat, noWorker } = options();
  /** Runs in every page before its own scripts. tsx keeps function names with a __name helper the page lacks. */
  const initScript = `globalThis.__name = (f) => f;${noWorker ? ' delete globalThis.Worker;' : ''}`;
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
    args: CHROMIUM_ARGS,
  });
  try {
    if (!only || only.has('load')) {
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
    }

    const onStage = (count: number, zoom: boolean) => async (b: Browser) => {
      const context = await b.newContext({ viewport: VIEWPORT });
      await context.addInitScript(initScript);
      const page = await context.newPage();
      try {
        await page.goto(stage.url);
        await page.waitForFunction(
          () => window.__renderBench !== undefined && document.querySelector('svg.topology-svg g') !== null,
        );
        return await measurePackets(page, count, zoom);
      } finally {
        await context.close();
      }
    };
    const stageCase = (id: string, count: number, target: Target, zoom = false): Case => ({
      id,
      title: `${count.toLocaleString('en')} in flight${zoom ? ', zooming in and out with the wheel' : ''} (bench page)`,
      target,
      run: onStage(count, zoom),
    });
    const quiet = { longTasks: 0, reactChanges: false };
    const cases: Case[] = [
      stageCase('1k', 1_000, { fps: 58, ...quiet }),
      stageCase('5k', 5_000, { fps: 58, ...quiet }),
      // Issue 15: 60 fps, under 40% busy, no long task.
      stageCase('20k', 20_000, { fps: 58, busy: 0.4, ...quiet }),
      // Zooming changes the sprite scale: sprites must not be rasterized again on every frame.
      stageCase('zoom', ZOOM_PACKET_COUNT, { fps: 58, ...quiet }, true),
      // Issue 15: 50,000 at 55+ fps.
      stageCase('50k', 50_000, { fps: 55, ...quiet }),
      {
        id: 'app',
        title: `the app, ${APP_HOSTS} hosts, default connection rate, Speed at its top (100x)`,
        // Issue 15: under 20% busy (it drew about 1,160 packets at 54% busy).
        target: { fps: 58, busy: 0.2, longTasks: 0, reactChanges: true },
        run: (b) => measureApp(b, app.url, null, initScript),
      },
      {
        id: 'app-heavy',
        title: `the app at its heaviest: ${APP_HOSTS} hosts, connection rate ${APP_TOP_RATE}/s (top), Speed 100x (top)`,
        // Issue 15: 55+ fps, no long task over 50 ms, main thread under 50% busy.
        target: { fps: 55, busy: 0.5, longTasks: 0, reactChanges: true },
        run: (b) => measureApp(b, app.url, APP_TOP_RATE, initScript),
      },
      {
        id: 'app-balancer',
        title: `the app at its heaviest through a balancer node (Azure internal load balancer): ${APP_HOSTS} hosts, ${APP_TOP_RATE}/s, Speed 100x`,
        // Issue 12: the render figures hold with the balancer node on the path (the app-heavy targets).
        target: { fps: 55, busy: 0.5, longTasks: 0, reactChanges: true },
        run: (b) => measureApp(b, app.url, APP_TOP_RATE, initScript, 'Azure internal load balancer'),
      },
      {
        id: 'app-split',
        title: `split view at the heaviest load: both labs ${APP_HOSTS} hosts, ${APP_TOP_RATE}/s, Speed 100x; Lab 2 through Azure's internal load balancer`,
        // Ours, not issue 15's: the app-heavy targets with two labs on screen, as a trainer compares them.
        target: { fps: 55, busy: 0.5, longTasks: 0, reactChanges: true },
        run: (b) =>
          measureApp(b, app.url, APP_TOP_RATE, initScript, undefined, 'Azure internal load balancer'),
      },
    ];
    if (noWorker)
      console.log('\n--no-worker: pages have no Worker (the app cannot run its simulation either)');
    console.log(
      `\nFrames (${VIEWPORT.width}x${VIEWPORT.height}; bench page: 32 hosts, ${WARMUP_MS / 1000} s warm-up; app: ${APP_WARMUP_MS / 1000} s of play first; ${WINDOW_MS / 1000} s window; medians of ${repeat} run${repeat > 1 ? 's' : ''})`,
    );
    for (const c of cases) {
      if (only && !only.has(c.id)) continue;
      const runs: Measured[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await c.run(browser));
      report(c, runs);
    }
  } finally {
    await browser.close();
    app.child.kill();
    stage.child.kill();
  }
}

await main();
