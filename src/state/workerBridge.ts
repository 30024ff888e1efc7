// Owns the one simulation Web Worker: starts it, posts typed commands, checks every message it
// sends against the protocol, and hands each update (and any crash, hang or malformed message, as
// an `error` update the user can recover from) to a single callback. A watchdog pings the worker;
// one that stops answering is stopped and reported. Nothing else in the page talks to the worker.
import type { WorkerCommand, WorkerUpdate } from '../worker/protocol';
import { checkUpdate } from '../worker/protocolCheck';

export interface WorkerBridge {
  send(command: WorkerCommand): void;
  terminate(): void;
}

/** The watchdog pings the worker this often (wall ms). */
export const PING_EVERY_WALL_MS = 1_000;
/** A worker silent for this long (wall ms) is taken for stuck: long work answers between slices. */
export const UNRESPONSIVE_AFTER_WALL_MS = 5_000;
/** A worker that has not said anything yet gets this long to load and start (wall ms). */
const FIRST_ANSWER_WALL_MS = 15_000;

/**
 * Browser-test hooks, only when the page was opened with `?testHooks=1`: `window.__vipLabTest`
 * gets `hangWorker()` (the worker loops forever, as with an endless loop in the engine) and
 * `breakProtocol()` (the worker posts a message that does not fit the protocol).
 */
const TEST_HOOKS =
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('testHooks') === '1';

declare global {
  interface Window {
    __vipLabTest?: { hangWorker(): void; breakProtocol(): void };
  }
}

export function createWorkerBridge(onUpdate: (update: WorkerUpdate) => void): WorkerBridge {
  const worker = new Worker(new URL('../worker/simulation.worker.ts', import.meta.url), { type: 'module' });
  let alive = true;
  const started = performance.now();
  /** When the worker last said anything, and when the watchdog last ran (wall ms). */
  let lastHeard: number | null = null;
  let lastBeat = started;
  let pingId = 0;

  const fail = (message: string) => {
    if (!alive) return;
    stop();
    onUpdate({ type: 'error', message });
  };
  const stop = () => {
    alive = false;
    clearInterval(watchdog);
    worker.terminate();
  };

  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (!alive) return;
    lastHeard = performance.now();
    const checked = checkUpdate(event.data);
    if (!checked.ok) {
      // A message the page cannot use is reported, never thrown: the worker is restarted on request.
      fail(
        `The simulation sent ${checked.problem}, so the page stopped it. Restart simulation starts it again with the same scenario at the same moment.`,
      );
      return;
    }
    if (checked.update.type !== 'pong') onUpdate(checked.update);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Keep the page in charge: report the crash as an ordinary update the user can recover from.
    event.preventDefault();
    if (!alive) return;
    // A script that never loaded gives a plain Event with no message; a crash gives an ErrorEvent.
    fail(
      event.message
        ? `The simulation stopped unexpectedly: ${event.message}${event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno})` : ''}.`
        : 'The simulation could not start: its worker script did not load.',
    );
  };
  worker.onmessageerror = () => {
    if (alive) onUpdate({ type: 'error', message: 'The simulation sent a message the page could not read.' });
  };

  const watchdog = setInterval(() => {
    const now = performance.now();
    // The page itself was held up (a background tab, a long task): judge the worker from now on.
    if (now - lastBeat > 2 * PING_EVERY_WALL_MS && lastHeard !== null) lastHeard = now;
    lastBeat = now;
    const silentFor = lastHeard === null ? now - started - FIRST_ANSWER_WALL_MS : now - lastHeard;
    if (silentFor > UNRESPONSIVE_AFTER_WALL_MS) {
      fail(
        `The simulation stopped answering (nothing for ${Math.round(silentFor / 1000)} s), so the page stopped it. Restart simulation starts it again with the same scenario at the same moment.`,
      );
      return;
    }
    worker.postMessage({ type: 'ping', id: ++pingId } satisfies WorkerCommand);
  }, PING_EVERY_WALL_MS);

  const send = (command: WorkerCommand) => {
    if (alive) worker.postMessage(command);
  };
  if (TEST_HOOKS) {
    send({ type: 'enableTestHooks' });
    window.__vipLabTest = {
      hangWorker: () => send({ type: 'testHang' }),
      breakProtocol: () => send({ type: 'testMalformed' }),
    };
  }
  return {
    send,
    terminate() {
      if (alive) stop();
    },
  };
}
