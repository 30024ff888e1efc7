// Test support: a SimulationSession in Node with a fake wall clock, the updates it posted, and ways
// to let wall time pass and find the newest update of a kind. Used by the worker's tests only.
import type { WorkerUpdate } from './protocol';
import { SimulationSession } from './session';

export function sessionHarness() {
  const updates: WorkerUpdate[] = [];
  let wall = 0;
  const timers: { fn: () => void; at: number }[] = [];
  const session = new SimulationSession((u) => updates.push(u), {
    now: () => wall,
    setTimer: (fn, ms) => {
      const t = { fn, at: wall + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  /** Lets wall time pass (ms), running the session's timers (its play loop) as they fall due. */
  const advanceWall = (ms: number) => {
    const end = wall + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      wall = next.at;
      next.fn();
    }
    wall = end;
  };
  /** The newest update of a type. */
  const last = <T extends WorkerUpdate['type']>(type: T) =>
    [...updates].reverse().find((u) => u.type === type) as Extract<WorkerUpdate, { type: T }> | undefined;
  return { session, updates, advanceWall, last };
}
