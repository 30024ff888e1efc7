// Play/Pause, Step back, Step, Next event, Speed (log scale), Reset and the Reduced motion toggle:
// how simulated time moves.
import { useLab, SPEED_STOPS } from '../../state/store';
import { useExplain } from '../../state/explainStore';
import { formatSpeed } from '../common/format';
import './playbackControls.css';

function nearestStop(speed: number): number {
  let best = 0;
  SPEED_STOPS.forEach((s, i) => {
    if (Math.abs(Math.log(s / speed)) < Math.abs(Math.log(SPEED_STOPS[best]! / speed))) best = i;
  });
  return best;
}

/**
 * The moment of the decision before the one on screen, simulated ms: the latest decision the page
 * holds from before `now`, or 1 ms back when it holds none (the engine replays to any moment).
 */
export function previousDecisionTime(now: number, history: readonly { t: number }[]): number {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.t < now) return history[i]!.t;
  return Math.max(0, now - 1);
}

export function PlaybackControls() {
  const running = useLab((s) => s.running);
  const speed = useLab((s) => s.speed);
  const togglePlay = useLab((s) => s.togglePlay);
  const step = useLab((s) => s.step);
  const nextEvent = useLab((s) => s.nextEvent);
  const working = useLab((s) => s.work !== null);
  const setSpeed = useLab((s) => s.setSpeed);
  const reset = useLab((s) => s.reset);
  // Whether the run has left 0 s, not the moment itself: the moment changes with every update of a
  // playing run, and re-rendering these controls each time rewrote their inputs' attributes (issue 15).
  const started = useLab((s) => (s.stats?.now ?? 0) > 0);
  const seek = useLab((s) => s.seek);
  const reducedMotion = useLab((s) => s.reducedMotion);
  const setReducedMotion = useLab((s) => s.setReducedMotion);
  const speedText = formatSpeed(speed);
  return (
    <div className="control-group playback" role="group" aria-label="Playback">
      <button type="button" className="primary play" onClick={togglePlay}>
        <svg aria-hidden="true" className="icon" width="14" height="14" viewBox="0 0 14 14">
          <path
            d={running ? 'M2,1 H5.5 V13 H2 Z M8.5,1 H12 V13 H8.5 Z' : 'M2,1 L13,7 L2,13 Z'}
            fill="currentColor"
          />
        </svg>
        {running ? 'Pause' : 'Play'}
      </button>
      {/* An icon button named Step back keeps the transport row on one line at 1280 px. */}
      <button
        type="button"
        className="icon-button"
        aria-label="Step back"
        title="Step back: to the moment of the previous decision"
        onClick={() =>
          seek(previousDecisionTime(useLab.getState().stats?.now ?? 0, useExplain.getState().history))
        }
        disabled={running || !started}
      >
        <svg width="16" height="14" viewBox="0 0 16 14" aria-hidden="true">
          <path d="M2,1 V13 M14,1 L5,7 L14,13 Z" fill="currentColor" stroke="currentColor" strokeWidth="2" />
        </svg>
      </button>
      {/* Step says what the caption shows, so the step goes on until the caption would say something new. */}
      <button type="button" onClick={() => step(useExplain.getState().caption)} disabled={running}>
        Step
      </button>
      {/* At 1x a crash takes minutes of wall time to converge: this jumps to the next marker instead. */}
      <button
        type="button"
        className="icon-button"
        aria-label="Next event"
        title="Skip to the next interesting moment (the next marker on the timeline)"
        onClick={nextEvent}
        disabled={working}
      >
        {/* A play triangle up to a marker's diamond: on to the next marker. */}
        <svg width="16" height="14" viewBox="0 0 16 14" aria-hidden="true">
          <path d="M0,1 L7,7 L0,13 Z" fill="currentColor" />
          <path d="M12,2 L16,7 L12,12 L8,7 Z" fill="currentColor" />
        </svg>
      </button>
      <div className="speed">
        <label htmlFor="speed" className="inline-label">
          Speed
        </label>
        {/* Discrete 1-2-5 stops: a log scale from 0.05x to 100x that arrow keys walk through. */}
        <input
          id="speed"
          type="range"
          min={0}
          max={SPEED_STOPS.length - 1}
          step={1}
          value={nearestStop(speed)}
          aria-valuetext={speedText}
          onChange={(e) => setSpeed(SPEED_STOPS[Number(e.target.value)] ?? 1)}
        />
        <output htmlFor="speed" className="speed-value" aria-hidden="true">
          {speedText}
        </output>
      </div>
      <button type="button" onClick={reset}>
        Reset
      </button>
      <label className="checkbox">
        <input type="checkbox" checked={reducedMotion} onChange={(e) => setReducedMotion(e.target.checked)} />
        Reduced motion
      </label>
    </div>
  );
}
