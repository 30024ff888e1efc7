// Vite config for the render benchmark's own page (bench/render/index.html): the real TopologyStage
// and packet layer, fed synthetic hops. Not part of the app's build; `npm run bench:render` builds it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Build output, under node_modules so neither git nor ESLint ever sees it. */
export const BENCH_OUT_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/vip-lab-bench/stage', import.meta.url),
);

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  publicDir: false,
  build: { target: 'es2022', outDir: BENCH_OUT_DIR, emptyOutDir: true },
  preview: { host: '127.0.0.1', strictPort: true },
});
