// Lets a panel beside the drawing follow a fast run a few times a second instead of on every update
// of the store (up to 10 a wall second): at 100x nobody reads numbers that change faster, and their
// DOM work took the main thread from the drawing (issue 15). Paused, stepped or sought: at once.
import { useEffect, useRef, useState } from 'react';
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
 * `value` as it was at most `wallMs` (wall ms) ago while `throttle` holds; the latest one at once
 * otherwise. The last value always shows within `wallMs`, so a throttled panel never lags further.
 */
export function useThrottled<T>(value: T, wallMs: number, throttle: boolean): T {
  const [state, setState] = useState({ shown: value, throttle });
  /** performance.now() (wall ms) when a throttled value was last shown. */
  const shownAt = useRef(0);
  let shown = state.shown;
  // Throttling starts (or stops) from the value of the moment, never an older one: state set during
  // render, as React allows for state that follows a prop, so no render shows the stale one.
  if (state.throttle !== throttle) {
    setState({ shown: value, throttle });
    shown = value;
  }
  useEffect(() => {
    if (!throttle || Object.is(shown, value)) return;
    const show = () => {
      shownAt.current = performance.now();
      setState({ shown: value, throttle: true });
    };
    const timer = setTimeout(show, Math.max(0, wallMs - (performance.now() - shownAt.current)));
    return () => clearTimeout(timer);
  }, [value, shown, wallMs, throttle]);
  return throttle ? shown : value;
}
