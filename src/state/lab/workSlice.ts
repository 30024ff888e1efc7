// The work slice: long work the worker does in slices (a fast-forward, a replay to a moment, a batch
// of connections) as the page shows it: its progress, a way to stop it or let it go on when it asked
// first, and where it stopped.
import type { LabRuntime } from './labRuntime';
import type { SetLab, WorkSlice } from './labState';

export function createWorkSlice(runtime: LabRuntime, set: SetLab): WorkSlice {
  return {
    work: null,
    workStopped: null,
    cancelWork() {
      runtime.send({ type: 'cancel' });
    },
    confirmWork() {
      set((s) => (s.work ? { work: { ...s.work, awaitingConfirmation: false } } : {}));
      runtime.send({ type: 'confirmWork' });
    },
    dismissWorkStopped() {
      set({ workStopped: null });
    },
  };
}
