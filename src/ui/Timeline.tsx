// The run's timeline: a slider over simulated time from 0 to the furthest moment reached, which
// scrubs backwards and forwards (the worker rebuilds that moment), and the run's faults and
// convergence moments as buttons on it that jump there.
import { useShallow } from 'zustand/react/shallow';
import { formatSeconds, markerText } from '../state/timeline';
import { useLab } from '../state/store';
import type { TimelineMarker } from '../worker/protocol';

/** Each marker kind has its own shape as well as colour. */
const MARKER_PATHS: Record<TimelineMarker['kind'], string> = {
  fault: 'M-6,-5 L6,-5 L0,6 Z',
  convergence: 'M0,-5.5 A5.5,5.5 0 1 1 -0.01,-5.5 Z',
  converged: 'M0,-5.5 A5.5,5.5 0 1 1 -0.01,-5.5 Z',
  conflict: 'M-5,-5 L5,5 M5,-5 L-5,5',
};

function MarkerButton({ marker, endTime }: { marker: TimelineMarker; endTime: number }) {
  const seek = useLab((s) => s.seek);
  const left = endTime > 0 ? (marker.t / endTime) * 100 : 0;
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
  // Arrow keys: a tenth of a second (what the value text shows) on runs of a second or more.
  const step = endTime >= 1000 ? 100 : Math.max(endTime / 100, 0.1);
  return (
    <div className="control-group timeline" role="group" aria-label="Time">
      <label htmlFor="timeline" className="inline-label">
        Timeline
      </label>
      <div className="timeline-track">
        <input
          id="timeline"
          type="range"
          min={0}
          max={endTime}
          step="any"
          value={value}
          aria-valuetext={formatSeconds(value)}
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
          {markers.map((m) => (
            <MarkerButton key={`${m.t}:${m.label}`} marker={m} endTime={endTime} />
          ))}
        </ol>
      </div>
      <span className="timeline-time num">
        {formatSeconds(value)} <span className="of">/ {formatSeconds(endTime)}</span>
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
