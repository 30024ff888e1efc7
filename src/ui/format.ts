// Number and time formatting shared by the panels, so every place says "ms" and "%" the same way.

/** Simulated milliseconds as a short readable duration: `0.42 ms`, `12.3 ms`, `4.567 s`. */
export function formatSimTime(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

/** A share as a percentage with one decimal: `33.3%`. Zero of zero is `0.0%`. */
export function formatShare(part: number, whole: number): string {
  return `${(whole > 0 ? (part / whole) * 100 : 0).toFixed(1)}%`;
}

/** Playback speed as the slider shows it: `0.05x`, `1x`, `100x`. */
export function formatSpeed(speed: number): string {
  return `${Number(speed.toPrecision(2))}x`;
}

/** Integer counts without separators, because the contract says counters are digits only. */
export function formatCount(n: number): string {
  return String(Math.max(0, Math.round(n)));
}
