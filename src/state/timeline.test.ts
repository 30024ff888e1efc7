// The page's copy of the run's timeline: samples and markers accumulate in time order, a tick whose
// end time is earlier than what was kept cuts the replaced future, and times read as the slider says.
import { describe, expect, it } from 'vitest';
import type { StatsSample, TimelineMarker } from '../worker/protocol';
import { markerText, MAX_PAGE_SAMPLES, mergeMarkers, mergeSamples } from './timeline';

const sample = (t: number): StatsSample => ({
  t,
  served: [t],
  framesOnWire: t,
  loopbackConnections: 0,
  failedConnections: 0,
  retransmissions: 0,
});
const marker = (t: number, label: string): TimelineMarker => ({ t, kind: 'fault', label });

describe('timeline', () => {
  it('appends later samples and ignores repeats', () => {
    const merged = mergeSamples([sample(0), sample(10)], [sample(10), sample(20)], 20);
    expect(merged.map((s) => s.t)).toEqual([0, 10, 20]);
  });

  it('cuts what a new action replaced', () => {
    const merged = mergeSamples([sample(0), sample(10), sample(20)], [sample(15)], 15);
    expect(merged.map((s) => s.t)).toEqual([0, 10, 15]);
    expect(mergeMarkers([marker(5, 'a'), marker(30, 'b')], [], 15).map((m) => m.label)).toEqual(['a']);
  });

  it('keeps the same array when nothing changed', () => {
    const previous = [sample(0)];
    expect(mergeSamples(previous, [], 10)).toBe(previous);
  });

  it('thins samples past the cap but keeps the last', () => {
    const many = Array.from({ length: MAX_PAGE_SAMPLES }, (_, i) => sample(i));
    const merged = mergeSamples(many, [sample(MAX_PAGE_SAMPLES)], MAX_PAGE_SAMPLES);
    expect(merged.length).toBeLessThanOrEqual(MAX_PAGE_SAMPLES / 2 + 1);
    expect(merged.at(-1)!.t).toBe(MAX_PAGE_SAMPLES);
  });

  it('dedupes markers and sorts them by time', () => {
    const merged = mergeMarkers([marker(10, 'b')], [marker(10, 'b'), marker(5, 'a')], 20);
    expect(merged.map((m) => m.label)).toEqual(['a', 'b']);
  });

  it('names a marker with its moment, as the slider says it', () => {
    expect(markerText(marker(2500, 'Crash Host 3'))).toBe('Crash Host 3 at 2.5 s');
  });
});
