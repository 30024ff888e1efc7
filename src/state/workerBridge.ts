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
    const where = event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno})` : '';
    onUpdate({
      type: 'error',
      message: `The simulation stopped unexpectedly: ${event.message || 'the worker failed to start'}${where}.`,
    });
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
