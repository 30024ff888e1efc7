// The run's timeline: a slider over simulated time from 0 to the furthest moment reached, which
// scrubs backwards and forwards (the worker rebuilds that moment), and the run's faults, changes and
// convergence moments as buttons on it that jump there.
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWidth } from '../common/useWidth';
import { formatTime } from '../../scenario/simTime';
import { markerText } from '../../state/timeline';
import { useLab } from '../../state/store';
import type { TimelineMarker } from '../../worker/protocol';

/** Each marker kind has its own shape as well as colour. */
const MARKER_PATHS: Record<TimelineMarker['kind'], string> = {
  fault: 'M-6,-5 L6,-5 L0,6 Z',
  change: 'M0,-6 L6,0 L0,6 L-6,0 Z',
  convergence: 'M0,-5.5 A5.5,5.5 0 1 1 -0.01,-5.5 Z',
  converged: 'M0,-5.5 A5.5,5.5 0 1 1 -0.01,-5.5 Z',
  conflict: 'M-5,-5 L5,5 M5,-5 L-5,5',
};

/** Width of a marker button, px: markers closer than this are nudged apart so each can be pressed. */
const MARKER_PX = 19;

/**
 * Where each marker sits, in percent of the track: at its moment, but never on top of the one
 * before it (moments close together share a stretch of the track; each label keeps its time).
 */
export function markerPositions(times: readonly number[], endTime: number, trackPx: number): number[] {
  const gap = trackPx > 0 ? (MARKER_PX / trackPx) * 100 : 0;
  const out: number[] = [];
  for (const t of times) {
    const at = endTime > 0 ? (t / endTime) * 100 : 0;
    out.push(out.length > 0 ? Math.max(at, out[out.length - 1]! + gap) : at);
  }
  // Pushed past the end: pull the last ones back, keeping the gap.
  for (let i = out.length - 1, limit = 100; i >= 0 && out[i]! > limit; i--, limit -= gap) out[i] = limit;
  return out;
}

function MarkerButton({ marker, left }: { marker: TimelineMarker; left: number }) {
  const seek = useLab((s) => s.seek);
  const text = markerText(marker);
  return (
    <li style={{ left: `${left}%` }}>
      <button
        type="button"
        className={`marker marker-${marker.kind}`}
        aria-label={text}
        title={text}
        onClick={() => seek(marker.t)}
      >
        <svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">
          <path d={MARKER_PATHS[marker.kind]} />
        </svg>
      </button>
    </li>
  );
}

export function Timeline() {
  const now = useLab((s) => s.stats?.now ?? 0);
  const endTime = useLab((s) => s.endTime);
  const seekTarget = useLab((s) => s.seekTarget);
  const markers = useLab(useShallow((s) => s.markers));
  const seek = useLab((s) => s.seek);
  const value = Math.min(seekTarget ?? now, endTime);
  const trackRef = useRef<HTMLDivElement>(null);
  const trackPx = useWidth(trackRef);
  const lefts = markerPositions(
    markers.map((m) => m.t),
    endTime,
    trackPx,
  );
  // Arrow keys: a tenth of a second (what the value text shows) on runs of a second or more.
  const step = endTime >= 1000 ? 100 : Math.max(endTime / 100, 0.1);
  return (
    <div className="control-group timeline" role="group" aria-label="Time">
      <label htmlFor="timeline" className="inline-label">
        Timeline
      </label>
      <div className="timeline-track" ref={trackRef}>
        <input
          id="timeline"
          type="range"
          min={0}
          max={endTime}
          step="any"
          value={value}
          aria-valuetext={formatTime(value)}
          onChange={(e) => seek(Number(e.target.value))}
          onKeyDown={(e) => {
            // Page keys move by a tenth of the run.
            const moves: Record<string, number> = {
              ArrowLeft: -step,
              ArrowDown: -step,
              ArrowRight: step,
              ArrowUp: step,
              PageDown: -endTime / 10,
              PageUp: endTime / 10,
            };
            const delta = moves[e.key];
            if (delta === undefined) return;
            e.preventDefault();
            seek(Math.min(endTime, Math.max(0, value + delta)));
          }}
        />
        <ol className="timeline-markers" aria-label="Timeline markers">
          {markers.map((m, i) => (
            <MarkerButton key={`${m.t}:${m.label}`} marker={m} left={lefts[i]!} />
          ))}
        </ol>
      </div>
      <span className="timeline-time num">
        {formatTime(value)} <span className="of">/ {formatTime(endTime)}</span>
      </span>
      <button
        type="button"
        className="quiet icon-button"
        aria-label="Jump to end"
        title="Jump to end"
        disabled={value >= endTime}
        onClick={() => seek(endTime)}
      >
        <svg width="16" height="14" viewBox="0 0 16 14" aria-hidden="true">
          <path d="M1,1 L8,7 L1,13 Z M7,1 L14,7 L7,13 Z" fill="currentColor" />
          <rect x="14" y="1" width="2" height="12" fill="currentColor" />
        </svg>
      </button>
    </div>
  );
}
