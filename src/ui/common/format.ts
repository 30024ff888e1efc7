// Numbers as the panels show them: counts (digits only, as CONTRACT.md says), shares as percentages
// and playback speed. Simulated time has its own module, src/scenario/simTime.ts.

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
