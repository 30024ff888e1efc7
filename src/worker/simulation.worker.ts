// The Web Worker entry: the only file that touches the worker's globals. It hands every command to
// a SimulationSession and posts its updates back to the page; it also keeps the test hooks.
/// <reference lib="webworker" />
import { SimulationSession } from './session';
import { transferablesOf, type WorkerCommand, type WorkerUpdate } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// Between two slices of long work the session lets waiting messages in: a message posted to itself
// through a channel runs after them, without the 4 ms floor nested zero-ms timers get.
const channel = new MessageChannel();
const deferred: (() => void)[] = [];
channel.port1.onmessage = () => deferred.shift()?.();

const session = new SimulationSession(
  // A capture's bytes and the hop columns are transferred, not copied.
  (update: WorkerUpdate) => scope.postMessage(update, transferablesOf(update)),
  {
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    defer: (fn) => {
      deferred.push(fn);
      channel.port2.postMessage(null);
    },
  },
);

/**
 * Test hooks, for the browser tests only: the page sends `enableTestHooks` only when it was opened
 * with `?testHooks=1` (see state/workerBridge.ts), and until then the others are ignored.
 * `testHang` loops forever (a worker that stops answering); `testMalformed` posts a message that
 * breaks the protocol (a tick without its numbers).
 */
let testHooks = false;
function testHook(command: WorkerCommand): boolean {
  switch (command.type) {
    case 'enableTestHooks':
      testHooks = true;
      return true;
    case 'testHang':
      if (testHooks) for (;;) performance.now();
      return true;
    case 'testMalformed':
      if (testHooks) scope.postMessage({ type: 'tick', now: 'soon' });
      return true;
    default:
      return false;
  }
}

scope.addEventListener('message', (event: MessageEvent<WorkerCommand>) => {
  if (!testHook(event.data)) session.handle(event.data);
});
