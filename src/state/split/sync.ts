// Keeps Lab 2 in step with Lab 1 in split view: the same run (Lab 1's scenario, seed and log of
// changes, with Lab 2's own load balancer, client location and target from time zero), the same
// play state and the same moment.
//
// - The shared controls drive both: while split view is on, Lab 1's time actions (play, pause, step,
//   next event, speed, reset, seek, a batch of connections, reduced motion) are wrapped so each also
//   reaches Lab 2. Components and the lesson driver keep calling Lab 1's store as before.
// - Lab 1 leads the clock. Whenever both labs are settled (no long work, batch or seek in flight),
//   Lab 2 is checked against Lab 1: a different run (a host added, a crash, an undo, Lab 2's own
//   settings changed) is loaded afresh and brought to Lab 1's moment; a different play state is
//   matched; paused at a different moment, Lab 2 goes to Lab 1's exact time.
// - A batch of connections is the one exception: it runs until its last connection has ended, which
//   takes each lab its own time (an Azure hairpin waits for its SYN timeouts; a loopback does not).
//   After Run, each lab stays at the end of its own batch, so both count the same batch and nothing
//   else, until the next time action brings them together.
import type { LogEntry } from '../../scenario/changes';
import type { LabState } from '../lab/labState';
import type { UpdateListener } from '../lab/labRuntime';
import type { LabStoreHook } from '../store';
import {
  fitOverrides,
  labTwoRun,
  runAsScenario,
  sameRun,
  type LabOverrides,
  type RunDefinition,
} from './overrides';

/** How often (wall ms) the labs are compared while anything changes. */
export const CHECK_EVERY_WALL_MS = 120;
/**
 * How long (wall ms) Lab 2's run must differ from what it should be before it is loaded afresh:
 * the two workers answer one after the other (a batch's end, then its log entry), and a difference
 * seen between the two messages is not one.
 */
export const SETTLE_WALL_MS = 250;
/** Moments closer than this (simulated ms) are the same moment. */
export const SAME_MOMENT_MS = 1e-6;
/** A batch logged at t is due after t: Lab 2 is sent just past it to run its own batch. */
const PAST_BATCH_MS = 1e-3;

/** The actions of Lab 1 that split view forwards to Lab 2. */
const FORWARDED = [
  'togglePlay',
  'play',
  'pause',
  'step',
  'nextEvent',
  'setSpeed',
  'reset',
  'seek',
  'runConnections',
  'setReducedMotion',
] as const;
type Forwarded = Pick<LabState, (typeof FORWARDED)[number]>;

export interface SyncOptions {
  lab1: LabStoreHook;
  lab2: LabStoreHook;
  /** Lab 1's and Lab 2's worker updates, as they arrive. */
  onLab1Update: (listener: UpdateListener) => () => void;
  onLab2Update: (listener: UpdateListener) => () => void;
  /** Lab 2's settings as they are now. */
  overrides: () => LabOverrides;
  /** Lab 2's settings had to be fitted to Lab 1's run (a host went away): the fitted ones, and why. */
  onFitted?: (overrides: LabOverrides, notices: string[]) => void;
  /** Lab 2's run could not be loaded (its problems), or loads again (an empty list). */
  onProblem?: (problems: string[]) => void;
  /** After a batch, each lab stays at the end of its own (true) until the next time action (false). */
  onApart?: (apart: boolean) => void;
  /** Wall clock and timers (tests pass their own). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface SplitSync {
  /** Check the labs now (Lab 2's settings just changed: no need to wait for the difference to settle). */
  poke(): void;
  /** Stop: Lab 1's actions are its own again and nothing listens any more. */
  stop(): void;
}

/** Long work, a batch or a seek in flight: the lab's picture is about to change. */
function busy(s: LabState): boolean {
  return s.work !== null || s.bulkPending !== null || s.seekTarget !== null;
}

/** The moment Lab 2 should be brought to after its run was loaded afresh. */
function moment(lab1: LabState, batchAt: number | null): number {
  const ran = (at: number) =>
    lab1.runLog.some((e) => e.change.type === 'runConnections' && Math.abs(e.t - at) <= SAME_MOMENT_MS);
  // Not a batch of this run (a new run was loaded since): Lab 1's moment.
  if (batchAt === null || !ran(batchAt)) return lab1.stats?.now ?? 0;
  // After a batch, Lab 2 runs its own batch to its own end, then every later change of the log.
  const later = lab1.runLog.filter((e: LogEntry) => e.t > batchAt).map((e) => e.t);
  return Math.max(batchAt + PAST_BATCH_MS, ...later);
}

export function startSplitSync(options: SyncOptions): SplitSync {
  const { lab1, lab2 } = options;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));

  let stopped = false;
  let timer: unknown = null;
  /** A reload or a seek of Lab 2 sent and not yet answered. */
  let pending = false;
  /** Since when Lab 2's run has differed from what it should be (wall ms), or null. */
  let differsSince: number | null = null;
  /** Lab 1's moment (simulated ms) when a batch was run, until the next time action; or null. */
  let batchAt: number | null = null;
  /** The moment of Lab 1 Lab 2 was last sent to, so a seek that lands elsewhere is not repeated. */
  let alignedTo: number | null = null;
  /** A run that would not load: not tried again until what it should be changes. */
  let refused: RunDefinition | null = null;
  /** The run Lab 2 was last loaded with: if its worker reports it otherwise, it is not loaded again and again. */
  let loaded: RunDefinition | null = null;
  /** The last comparison of the runs, by identity of what it compared (most checks change nothing). */
  let compared: { inputs: readonly unknown[]; want: RunDefinition; same: boolean } | null = null;

  /** What Lab 2's run should be, and whether it is (remembered while the inputs stay the same). */
  const compareRuns = (a: LabState, b: LabState) => {
    const settings = options.overrides();
    const inputs = [a.runStart, a.runLog, b.runStart, b.runLog, settings];
    if (compared && compared.inputs.every((x, i) => x === inputs[i])) return compared;
    const fitted = fitOverrides(settings, a.runStart);
    if (fitted.notices.length > 0) options.onFitted?.(fitted.overrides, fitted.notices);
    const want = labTwoRun({ start: a.runStart, log: a.runLog }, fitted.overrides);
    compared = { inputs, want, same: sameRun(want, { start: b.runStart, log: b.runLog }) };
    return compared;
  };

  const schedule = (ms = CHECK_EVERY_WALL_MS) => {
    if (stopped || timer !== null) return;
    timer = setTimer(() => {
      timer = null;
      check();
    }, ms);
  };

  const setBatchAt = (at: number | null) => {
    if ((batchAt === null) !== (at === null)) options.onApart?.(at !== null);
    batchAt = at;
  };

  /** A time action: the labs come together again at Lab 1's next moment. */
  const timeMoved = () => {
    setBatchAt(null);
    alignedTo = null;
    schedule();
  };

  const original: Forwarded = Object.fromEntries(
    FORWARDED.map((name) => [name, lab1.getState()[name]]),
  ) as unknown as Forwarded;
  const two = () => lab2.getState();

  const forwarded: Forwarded = {
    togglePlay() {
      const wasRunning = lab1.getState().running;
      original.togglePlay();
      if (wasRunning) two().pause();
      else two().play();
      timeMoved();
    },
    play() {
      original.play();
      two().play();
      timeMoved();
    },
    pause() {
      original.pause();
      two().pause();
      schedule();
    },
    step(shown) {
      // Lab 1's caption says what Step skips to; Lab 2 then goes to that very moment.
      original.step(shown);
      two().pause();
      timeMoved();
    },
    nextEvent() {
      original.nextEvent();
      two().pause();
      timeMoved();
    },
    setSpeed(speed) {
      original.setSpeed(speed);
      two().setSpeed(speed);
    },
    reset() {
      original.reset();
      two().reset();
      timeMoved();
      alignedTo = 0;
    },
    seek(t, fastForward) {
      original.seek(t, fastForward);
      // Where Lab 1 is going (its seek keeps to its timeline unless fast-forwarding).
      const target = lab1.getState().seekTarget ?? t;
      timeMoved();
      if (alignedTo !== null && Math.abs(alignedTo - target) <= SAME_MOMENT_MS) return;
      alignedTo = target;
      // Lab 2's own timeline may end earlier: it may always run on to Lab 1's moment.
      two().seek(target, true);
    },
    runConnections(count, source) {
      const at = lab1.getState().stats?.now ?? 0;
      original.runConnections(count, source);
      two().runConnections(count, source);
      setBatchAt(at);
      alignedTo = null;
      schedule();
    },
    setReducedMotion(on) {
      original.setReducedMotion(on);
      two().setReducedMotion(on);
    },
  };
  lab1.setState(forwarded);

  const load = (want: RunDefinition, a: LabState) => {
    const target = moment(a, batchAt);
    const problems = two().loadScenario(runAsScenario(want));
    if (problems.length > 0) {
      refused = want;
      options.onProblem?.(problems);
      return;
    }
    refused = null;
    loaded = want;
    options.onProblem?.([]);
    pending = true;
    alignedTo = batchAt === null ? target : null;
    two().seek(target, true);
  };

  const check = () => {
    if (stopped || pending) return;
    const a = lab1.getState();
    const b = two();
    if (a.topology === null || b.topology === null || b.error !== null) return;
    if (busy(a) || busy(b)) return;

    // 1. The same run, with Lab 2's settings.
    const { want, same } = compareRuns(a, b);
    if (!same) {
      if (refused && sameRun(refused, want)) return;
      // Loaded with exactly this run already, and its worker reads it otherwise: once is enough.
      if (loaded && sameRun(loaded, want)) return;
      const since = differsSince ?? now();
      differsSince = since;
      const waited = now() - since;
      if (waited < SETTLE_WALL_MS) {
        schedule(SETTLE_WALL_MS - waited);
        return;
      }
      differsSince = null;
      load(want, a);
      return;
    }
    differsSince = null;
    loaded = null;

    // 2. The same play state.
    if (a.running !== b.running) {
      if (a.running) two().play();
      else two().pause();
      return;
    }

    // 3. Paused: the same moment (after a batch, each stays at the end of its own).
    if (a.running || batchAt !== null) return;
    const t = a.stats?.now ?? 0;
    const at = b.stats?.now ?? 0;
    if (Math.abs(at - t) <= SAME_MOMENT_MS) return;
    if (alignedTo !== null && Math.abs(alignedTo - t) <= SAME_MOMENT_MS) return;
    alignedTo = t;
    pending = true;
    two().seek(t, true);
  };

  const offs = [
    lab1.subscribe(() => schedule()),
    lab2.subscribe(() => schedule()),
    options.onLab1Update((update) => {
      // A new run in Lab 1 (a preset, a link, a rebuild): its moments are new ones to go to.
      if (update.type === 'loaded') alignedTo = null;
    }),
    options.onLab2Update((update) => {
      if (update.type === 'seeked' || update.type === 'error') {
        pending = false;
        schedule();
      }
      // Lab 1's user already agreed to long work of this run: Lab 2 does not ask again.
      if (update.type === 'progress' && update.progress.awaitingConfirmation) two().confirmWork();
    }),
  ];

  // Lab 2 takes Lab 1's speed and motion setting, then is checked at once.
  const a = lab1.getState();
  if (two().speed !== a.speed) two().setSpeed(a.speed);
  if (two().reducedMotion !== a.reducedMotion) two().setReducedMotion(a.reducedMotion);
  schedule(0);

  return {
    poke() {
      differsSince = -Infinity;
      refused = null;
      if (timer !== null) clearTimer(timer);
      timer = null;
      schedule(0);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      for (const off of offs) off();
      setBatchAt(null);
      // Lab 1's actions are its own again (only those still wrapped by this sync).
      const s = lab1.getState();
      const restore: Partial<Forwarded> = {};
      for (const name of FORWARDED) {
        if (s[name] === forwarded[name]) (restore as Record<string, unknown>)[name] = original[name];
      }
      lab1.setState(restore);
      two().pause();
    },
  };
}
