// Profiles the app's main thread at the render bench's app load (32 hosts, Speed 100x, optional
// connection rate), printing the functions with the most self time. A tool for finding where the
// main thread goes; not part of `npm run bench:render`. Run: npx tsx bench/render/profileApp.ts [rate]
// [--out=DIR] (a build to serve, e.g. one made with `vite build --minify false --outDir DIR` so the
// names read; the bench's own build by default). Prints self time, then inclusive time per function.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium';
import { playAppAtLoad } from './appLoad';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const outArg = process.argv.find((a) => a.startsWith('--out='));
const APP_OUT = outArg ? outArg.slice('--out='.length) : join(ROOT, 'node_modules/.cache/vip-lab-bench/app');
const rateArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
const rate = rateArg ? Number(rateArg) : null;
const port = 41000 + Math.floor(Math.random() * 1000);
const server = spawn(
  join(ROOT, 'node_modules/.bin/vite'),
  ['preview', '--outDir', APP_OUT, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: ROOT, stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 1500));
const browser = await chromium.launch({
  executablePath: findChromium()?.executablePath,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await playAppAtLoad(page, rate);
  await page.waitForTimeout(3000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(4000);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    const d = dt[i] ?? 0;
    total += d;
    self.set(key, (self.get(key) ?? 0) + d);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.log('self time');
  for (const [k, v] of top) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  // Inclusive: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i] ?? 0));
    }
  });
  console.log('inclusive time');
  const topInclusive = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60);
  for (const [k, v] of topInclusive) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
} finally {
  await browser.close();
  server.kill();
}
