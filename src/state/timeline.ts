// The run's timeline as the page keeps it: count samples (for charts) and markers (faults,
// convergence) accumulated from worker ticks, cut back when a new action rewrites the future, and
// replaced wholesale after a seek. Pure functions over plain data.
import { SOURCE_NAMES } from '../scenario/changeText';
import { formatTime } from '../scenario/simTime';
import type { StatsSample, TimelineMarker } from '../worker/protocol';

/** Samples the page keeps; past this, every other one is dropped (the shape of the run stays). */
export const MAX_PAGE_SAMPLES = 4000;

function thin(samples: StatsSample[]): StatsSample[] {
  if (samples.length <= MAX_PAGE_SAMPLES) return samples;
  return samples.filter((_, i) => i % 2 === 0 || i === samples.length - 1);
}

/**
 * Appends new samples in time order. Anything recorded after `endTime` belonged to a future that a
 * new action replaced, so it goes first; a sample not later than the last one kept is a repeat.
 */
export function mergeSamples(
  previous: readonly StatsSample[],
  incoming: readonly StatsSample[],
  endTime: number,
): StatsSample[] {
  const kept = previous.filter((s) => s.t <= endTime);
  const changed = kept.length !== previous.length;
  if (incoming.length === 0) return changed ? kept : (previous as StatsSample[]);
  for (const s of incoming) {
    const last = kept[kept.length - 1];
    if (last === undefined || s.t > last.t) kept.push(s);
  }
  return thin(kept);
}

/** Appends new markers (no duplicates of time and label), dropping those after `endTime`. */
export function mergeMarkers(
  previous: readonly TimelineMarker[],
  incoming: readonly TimelineMarker[],
  endTime: number,
): TimelineMarker[] {
  const kept = previous.filter((m) => m.t <= endTime);
  const changed = kept.length !== previous.length;
  if (incoming.length === 0) return changed ? kept : (previous as TimelineMarker[]);
  for (const m of incoming) {
    if (!kept.some((k) => k.t === m.t && k.label === m.label)) kept.push(m);
  }
  return kept.sort((a, b) => a.t - b.t);
}

/** A marker's accessible name, e.g. `Crash Host 3 at 2.5 s, by hand`. */
export function markerText(marker: TimelineMarker): string {
  const source = marker.source ? `, ${SOURCE_NAMES[marker.source]}` : '';
  return `${marker.label} at ${formatTime(marker.t)}${source}`;
}
