// Simulated time in words, the same everywhere (the page, the lesson player, the worker's notices):
// `formatTime` for the timeline and sentences, `formatTimestamp` where events microseconds apart
// must read apart, `formatAxisTime` for a chart's ticks. Pure.

/** Simulated time as the timeline and sentences say it: `0 s`, `18.5 ms` (under a second), `12.4 s`. */
export function formatTime(ms: number): string {
  const t = Math.max(0, ms);
  if (t === 0) return '0 s';
  if (t < 1000) return `${t.toFixed(1)} ms`;
  return `${(t / 1000).toFixed(1)} s`;
}

/** When an event happened, precise enough to tell events apart: `0.42 ms`, `12.3 ms`, `4.567 s`. */
export function formatTimestamp(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

/** A chart axis tick, in one unit for the whole axis (`span` ms long): `0`, `250 ms`, `1.5 s`, `5 s`. */
export function formatAxisTime(ms: number, span: number): string {
  if (ms === 0) return '0';
  if (span < 2000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
