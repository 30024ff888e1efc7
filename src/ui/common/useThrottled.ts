// Lets a panel beside the drawing follow a fast run a few times a second instead of on every update
// of the store (up to 10 a wall second): at 100x nobody reads numbers that change faster, and their
// DOM work took the main thread from the drawing (issue 15). Paused, stepped or sought: at once.
// A throttled panel changes only with the lab store's flushes (its uiPulse), never on a timer of its
// own: all the panels and the clock then change in the same commit, one layout and paint for them all.
import { useState } from 'react';
import { UI_FLUSH_WALL_MS } from '../../state/lab/workerUpdates';
import { useLab } from '../../state/store';

/**
 * From this Speed up a run counts as fast: the top three stops (20x, 50x, 100x; 100x is real time).
 * Slower, a packet's trip takes long enough to watch, and the counters keep step with it.
 */
export const FAST_SPEED = 20;

/** Whether the lab plays at or above FAST_SPEED: the panels that are not the focus may then follow less often. */
export function usePlayingFast(): boolean {
  return useLab((s) => s.running && s.speed >= FAST_SPEED);
}

/**
 * `value` as it was at the lab store's flush about `wallMs` (wall ms) ago while `throttle` holds, the
 * latest one at once otherwise. While playing the store flushes every UI_FLUSH_WALL_MS, so a throttled
 * panel shows the latest value every round(wallMs / UI_FLUSH_WALL_MS) flushes.
 */
export function useThrottled<T>(value: T, wallMs: number, throttle: boolean): T {
  const pulse = useLab((s) => s.uiPulse);
  const every = Math.max(1, Math.round(wallMs / UI_FLUSH_WALL_MS));
  const [state, setState] = useState({ shown: value, throttle, pulse });
  // State set during render, as React allows for state that follows a prop: no render shows a stale
  // value, and the change lands in the commit of the flush that brought it.
  if (!throttle) {
    if (state.throttle) setState({ shown: value, throttle, pulse });
    return value;
  }
  // Throttling starts from the value of the moment, never an older one; then every `every` flushes.
  if (!state.throttle || pulse - state.pulse >= every || pulse < state.pulse) {
    setState({ shown: value, throttle, pulse });
    return value;
  }
  return state.shown;
}
