// Test support: a SimulationSession in Node with a fake wall clock, the updates it posted, and ways
// to let wall time pass and find the newest update of a kind. Used by the worker's tests only.
import type { WorkerUpdate } from './protocol';
import { SimulationSession } from './session';

export interface HarnessOptions {
  /**
   * Wall ms that pass each time the session reads the clock, standing for the work done between
   * two reads (0: work takes no wall time, so long work finishes in its first slice).
   */
  wallMsPerRead?: number;
  /** Events between two seek checkpoints at first (default: the app's). */
  checkpointSpacingEvents?: number;
}

export function sessionHarness(options: HarnessOptions = {}) {
  const perRead = options.wallMsPerRead ?? 0;
  const updates: WorkerUpdate[] = [];
  let wall = 0;
  const timers: { fn: () => void; at: number; seq: number }[] = [];
  let seq = 0;
  const session = new SimulationSession(
    (u) => updates.push(u),
    {
      now: () => (wall += perRead),
      setTimer: (fn, ms) => {
        const t = { fn, at: wall + ms, seq: seq++ };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => {
        const i = timers.indexOf(h as (typeof timers)[number]);
        if (i >= 0) timers.splice(i, 1);
      },
    },
    options.checkpointSpacingEvents,
  );
  /**
   * Lets wall time pass (ms), running the session's timers (its play loop, the slices of long work)
   * as they fall due.
   */
  const advanceWall = (ms: number) => {
    const end = wall + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      wall = Math.max(wall, next.at);
      next.fn();
    }
    wall = Math.max(wall, end);
  };
  /** The newest update of a type. */
  const last = <T extends WorkerUpdate['type']>(type: T) =>
    [...updates].reverse().find((u) => u.type === type) as Extract<WorkerUpdate, { type: T }> | undefined;
  return { session, updates, advanceWall, last };
}
