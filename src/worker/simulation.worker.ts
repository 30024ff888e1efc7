// The Web Worker entry: the only file that touches the worker's globals. It hands every command to
// a SimulationSession and posts its updates back to the page.
/// <reference lib="webworker" />
import { SimulationSession } from './session';
import type { WorkerCommand, WorkerUpdate } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const session = new SimulationSession(
  (update: WorkerUpdate) =>
    // A capture's bytes are transferred, not copied.
    update.type === 'capture' ? scope.postMessage(update, [update.bytes]) : scope.postMessage(update),
  {
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
);

scope.addEventListener('message', (event: MessageEvent<WorkerCommand>) => session.handle(event.data));
