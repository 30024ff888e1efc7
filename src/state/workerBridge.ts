// Owns the one simulation Web Worker: starts it, posts typed commands, and hands every update (and
// any crash, as an `error` update) to a single callback. Nothing else in the page talks to the worker.
import type { WorkerCommand, WorkerUpdate } from '../worker/protocol';

export interface WorkerBridge {
  send(command: WorkerCommand): void;
  terminate(): void;
}

export function createWorkerBridge(onUpdate: (update: WorkerUpdate) => void): WorkerBridge {
  const worker = new Worker(new URL('../worker/simulation.worker.ts', import.meta.url), { type: 'module' });
  let alive = true;
  worker.onmessage = (event: MessageEvent<WorkerUpdate>) => {
    if (alive) onUpdate(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Keep the page in charge: report the crash as an ordinary update the user can recover from.
    event.preventDefault();
    if (!alive) return;
    // A script that never loaded gives a plain Event with no message; a crash gives an ErrorEvent.
    const message = event.message
      ? `The simulation stopped unexpectedly: ${event.message}${event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno})` : ''}.`
      : 'The simulation could not start: its worker script did not load.';
    onUpdate({ type: 'error', message });
  };
  worker.onmessageerror = () => {
    if (alive) onUpdate({ type: 'error', message: 'The simulation sent a message the page could not read.' });
  };
  return {
    send(command) {
      if (alive) worker.postMessage(command);
    },
    terminate() {
      alive = false;
      worker.terminate();
    },
  };
}
