// Drives the lab one awaited step at a time for lessons and shared links: load a scenario, open
// connections, apply a host action, advance simulated time. Every step goes through the store's
// actions and resolves when the worker's answer has arrived (and the store has taken it in), so a
// sequence of steps reproduces exactly what the same commands typed by hand would.
import type { Change, ChangeSource } from '../scenario/changes';
import type { ClusterId, HostAction, Scenario } from '../scenario/types';
import type { WorkerUpdate } from '../worker/protocol';
import { scenarioCheckerReady, useLab } from './store';

/**
 * Thrown when a newer sequence took over the lab, or the user stopped the long work a step was
 * waiting for (Cancel, Pause, Stop here): whoever awaited should stop quietly.
 */
export class Superseded extends Error {
  constructor() {
    super('superseded');
  }
}

type Waiter = {
  match: (update: WorkerUpdate) => boolean;
  resolve: (update: WorkerUpdate) => void;
  reject: (error: Error) => void;
};

const waiters = new Set<Waiter>();

/** Settles the steps waiting for this update (wired to the lab store's tap in wireLab.ts). */
export function settleWaiters(update: WorkerUpdate): void {
  for (const w of [...waiters]) {
    if (update.type === 'error') {
      waiters.delete(w);
      w.reject(new Error(update.message));
    } else if (w.match(update)) {
      waiters.delete(w);
      w.resolve(update);
    }
  }
}

interface Wait {
  promise: Promise<WorkerUpdate>;
  /** Forget this wait (its command was never sent). */
  cancel(): void;
}

/**
 * Waits for the first update that matches. Listeners run before the store handles an update; the
 * promise settles a microtask later, when the store has.
 */
function waitFor(match: (update: WorkerUpdate) => boolean): Wait {
  let waiter!: Waiter;
  const promise = new Promise<WorkerUpdate>((resolve, reject) => {
    waiter = { match, resolve, reject };
    waiters.add(waiter);
  });
  return {
    promise,
    cancel() {
      waiters.delete(waiter);
    },
  };
}

/** Fails every step in flight (a newer sequence took over). */
export function cancelWaits(): void {
  for (const w of [...waiters]) {
    waiters.delete(w);
    w.reject(new Superseded());
  }
}

/** The simulated time on screen, ms. */
export function labNow(): number {
  return useLab.getState().stats?.now ?? 0;
}

export interface Progress {
  /** Simulated ms reached and aimed at. */
  now: number;
  target: number;
}

/** A handle on the lab for one sequence of steps; `alive()` false makes every later step stop. */
export class LabDriver {
  constructor(
    private readonly alive: () => boolean = () => true,
    /** Who the changes it makes come from, in the run log (a lesson's steps, or a link replayed). */
    private readonly source: ChangeSource = 'lesson',
  ) {}

  private check(): void {
    if (!this.alive()) throw new Superseded();
  }

  /** Validates and loads `scenario` (time back to zero). Throws with the problems if it is invalid. */
  async load(scenario: Scenario): Promise<void> {
    await scenarioCheckerReady;
    this.check();
    const loaded = waitFor((u) => u.type === 'loaded');
    const errors = useLab.getState().loadScenario(scenario);
    if (errors.length > 0) {
      loaded.cancel();
      throw new Error(errors.join(' '));
    }
    await loaded.promise;
    this.check();
  }

  /** Back to time zero with the same scenario. */
  async reset(): Promise<void> {
    this.check();
    const loaded = waitFor((u) => u.type === 'loaded');
    useLab.getState().reset();
    await loaded.promise;
    this.check();
  }

  /** Opens `count` connections as fast as the engine can (the Run button); stopped part-way, stops. */
  async run(count: number): Promise<void> {
    this.check();
    await this.pause();
    const done = waitFor((u) => u.type === 'tick' && u.bulkRun !== undefined);
    useLab.getState().runConnections(count, this.source);
    const outcome = await done.promise;
    this.check();
    if (outcome.type === 'tick' && (outcome.bulkRun?.connections ?? count) < count) throw new Superseded();
  }

  async hostAction(cluster: ClusterId, hostIndex: number, action: HostAction): Promise<void> {
    this.check();
    await this.pause();
    const ticked = waitFor((u) => u.type === 'tick');
    useLab.getState().hostAction(cluster, hostIndex, action, this.source);
    await ticked.promise;
    this.check();
  }

  /**
   * Makes changes at the current moment (a client moved, a weight); resolves when the worker has
   * taken them in. Changes that would change nothing resolve at once.
   */
  async change(changes: Change[]): Promise<void> {
    this.check();
    await this.pause();
    const taken = waitFor((u) => u.type === 'runLog');
    if (useLab.getState().change(changes, this.source)) await taken.promise;
    else taken.cancel();
    this.check();
  }

  /** Pauses if the worker is playing. */
  async pause(): Promise<void> {
    if (!useLab.getState().running) return;
    const paused = waitFor((u) => (u.type === 'tick' && !u.running) || u.type === 'seeked');
    useLab.getState().pause();
    await paused.promise;
    this.check();
  }

  /**
   * Brings the run to simulated time `target` exactly: a seek, which past the timeline's end
   * fast-forwards the run in the worker (deterministic, so the same as playing there), telling
   * `onProgress` how far it has got. Stopped short (Cancel), the sequence stops there.
   */
  async advanceTo(target: number, onProgress?: (p: Progress) => void): Promise<void> {
    this.check();
    await this.pause();
    if (Math.abs(target - labNow()) < 1e-9) return;
    onProgress?.({ now: labNow(), target });
    // Never matches: it only passes the worker's progress on while the seek runs.
    const progress = waitFor((u) => {
      if (u.type === 'progress' && u.progress.kind !== 'bulk') onProgress?.({ now: u.progress.done, target });
      return false;
    });
    progress.promise.catch(() => undefined);
    try {
      await this.seek(target, true);
    } finally {
      progress.cancel();
    }
    onProgress?.({ now: labNow(), target });
    if (labNow() < target - 1e-6) throw new Superseded();
  }

  /** Moves the time cursor to `t` (past the recorded timeline only with `fastForward`). */
  async seek(t: number, fastForward = false): Promise<void> {
    this.check();
    const seeked = waitFor((u) => u.type === 'seeked');
    useLab.getState().seek(t, fastForward);
    await seeked.promise;
    this.check();
  }
}
