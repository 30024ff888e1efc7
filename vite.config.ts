// Vite build and dev server config; also Vitest's (unit tests run the engine in Node).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/**
 * Offline use: writes the list of every file the build emitted (and a version made from their
 * contents) into public/sw.js's marked places, so the service worker precaches the whole app.
 */
function servicePrecache(): Plugin {
  let outDir = 'dist';
  let publicDir = 'public';
  return {
    name: 'vip-lab-service-worker-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      publicDir = config.publicDir;
    },
    writeBundle: {
      order: 'post',
      handler() {
        const files = filesUnder(outDir)
          .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
          .sort();
        const hash = createHash('sha256');
        for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
        const version = hash.digest('hex').slice(0, 16);
        const source = readFileSync(join(publicDir, 'sw.js'), 'utf8');
        const list = JSON.stringify(files.map((f) => `./${f}`));
        const precacheMark = '/*__PRECACHE__*/ []';
        const versionMark = "/*__VERSION__*/ 'dev'";
        if (!source.includes(precacheMark) || !source.includes(versionMark)) {
          throw new Error('public/sw.js lost its /*__PRECACHE__*/ or /*__VERSION__*/ marks');
        }
        writeFileSync(
          join(outDir, 'sw.js'),
          source.replace(precacheMark, list).replace(versionMark, JSON.stringify(version)),
        );
      },
    },
  };
}

/**
 * index.html's Content-Security-Policy forbids inline script; the dev server injects some (React
 * refresh, HMR styles), so in dev only the policy is left out. The production build keeps it.
 */
function devWithoutCsp(): Plugin {
  return {
    name: 'vip-lab-dev-without-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, '');
    },
  };
}

/**
 * Modules the page loads at once anyway that the lazily loaded panels also import. Without this
 * group the bundler gives each its own tiny chunk, and a dozen separately compressed files cost
 * several KB more than one. (A module missing here still works; it just gets its own chunk.)
 */
const EAGER_SHARED =
  /node_modules[\\/](react|react-dom|scheduler|zustand|d3-selection)[\\/]|src[\\/](state[\\/](store|explainStore|lessonState|sharing[\\/](sharingStore|address|snapshot|startup|actionsOnDemand|persistence)|timeline|workerBridge|download|wholeNumber|scenarioEdit)|scenario[\\/](defaults|simTime)|ui[\\/](controls[\\/]applyEdit|common[\\/](NumberField|format|useWidth)|explain[\\/](ExplainPanel|ActionTag))|view[\\/](viewSource|packetStyle|hostState))\.tsx?$/;

export default defineConfig({
  // Relative base so the production build works from any sub-path of a static host.
  base: './',
  plugins: [react(), devWithoutCsp(), servicePrecache()],
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What the first paint needs and the on-demand parts share (React, the stores, the
              // small UI helpers): one chunk instead of a dozen tiny ones, so it compresses better.
              name: 'core',
              test: EAGER_SHARED,
            },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
