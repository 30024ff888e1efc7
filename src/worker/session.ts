// Drives one run for the page and owns its run log: the starting scenario plus every change made
// after it (with its simulated time and source). Applies changes live, rebuilds the world when a
// change reshapes it, undoes and redoes, advances time against wall time x speed while playing,
// and posts batched updates. A moment is rebuilt by replaying the log (the engine is
// deterministic). Long work (a fast-forward, a replay to a moment, a batch of connections) runs in
// slices of a few tens of wall ms with progress between them, so `cancel` and the watchdog's `ping`
// are heard, and stops at a consistent moment. Step goes on until the caption would say something
// new; Next event runs on to the next timeline marker. A comparison of the load balancers runs the
// same batch through each in a fresh engine, as long work too, leaving the run as it was. No worker
// globals here.
import {
  applyChanges,
  isEvent,
  isLive,
  isMetaSetting,
  whyNotApplicable,
  type Change,
  type ChangeSource,
  type LogEntry,
} from '../scenario/changes';
import { describeChange, describeChanges } from '../scenario/changeText';
import { hostCommandOutput } from '../sim/hostCommands';
import {
  COMPARED_BALANCERS,
  compareSteps,
  type ComparisonRow,
  type ComparisonSetup,
} from '../sim/comparison';
import { MAX_BULK_CONNECTIONS, Simulation } from '../sim/simulation';
import type { BulkRunOutcome, ConnectionEnd, Decision, Hop, Stats } from '../sim/types';
import type { TimelineMarker } from '../sim/world';
import type { Scenario } from '../scenario/types';
import type { CaptureBuffer } from '../sim/capture';
import { restoreCheckpoint } from '../sim/checkpoint';
import { SeekCheckpoints } from './seekCheckpoints';
import {
  MAX_DECISIONS_PER_BATCH,
  MAX_DECISIONS_PER_STEP,
  MAX_ENDS_PER_BATCH,
  NEXT_EVENT_LIMIT_MS,
  PROTOCOL_VERSION,
  sampleOf,
  SIM_MS_PER_WALL_MS_AT_1X,
  CONFIRM_ABOVE_WALL_MS,
  comparisonBasis,
  comparisonSetup,
  type ComparisonState,
  type PacketDetail,
  type StatsSample,
  type WorkerCommand,
  type WorkerUpdate,
  type WorkKind,
} from './protocol';
import { formatTime } from '../scenario/simTime';
import { sameCaption } from './captionChoice';
import { encodeHops } from './hopBatch';
import { captionPick } from '../sim/notableDecision';

/** Wall ms between two batches while playing (about one animation frame). */
export const TICK_WALL_MS = 16;
/** A tick never advances more than this much wall time, so a stalled tab does not jump ahead. */
const MAX_TICK_WALL_MS = 250;
/**
 * Wall ms one playing tick may spend advancing the engine. A scenario heavier than the machine can
 * play at the chosen speed falls behind instead of blocking the worker (the page's pings and Pause
 * still get through between ticks).
 */
const TICK_BUDGET_WALL_MS = 100;
/** A seek replays the last this-many simulated ms at full detail, so packets and log are as they were. */
export const SEEK_DETAIL_WINDOW_MS = 300;
/** A seek may run this far past the timeline's end (a fast-forward), simulated ms: one day. */
const MAX_FAST_FORWARD_MS = 86_400_000;
/** Samples a fast-forward leaves on the timeline. */
const FAST_FORWARD_SAMPLES = 200;
/** Decisions kept for the inspector's "journey" of a packet. */
const DECISION_HISTORY = 20_000;
/** Samples kept for charts; past this, every other one is dropped (the timeline keeps its shape). */
const MAX_SAMPLES = 4_000;
/** What Undo says it takes back after a new scenario replaced the one on screen. */
export const LOAD_LABEL = 'Open another scenario';
/** Steps of Undo kept. */
export const MAX_UNDO = 100;

/** Long work runs this long (wall ms) before it lets the worker's message loop in. */
export const SLICE_WALL_MS = 30;
/** Each piece of a slice aims at this much wall time (ms): the slice checks the clock between pieces. */
const PIECE_WALL_MS = 4;
/** Progress goes to the page at most this often while long work runs (wall ms). */
export const PROGRESS_WALL_MS = 100;
/** The first this-many wall ms of long work are warm-up (the engine's code is still being optimised). */
const WARM_UP_WALL_MS = 150;
/** The pace of long work is measured over this much of it after the warm-up before an estimate (wall ms). */
export const ESTIMATE_AFTER_WALL_MS = 250;
/**
 * A batch of connections runs in chunks of this many (the slices of a bulk run). Fixed, so a batch
 * replayed by a seek runs exactly as it ran the first time (the run stays deterministic).
 */
export const BULK_CHUNK = 500;

export interface Clock {
  /** Wall ms. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /**
   * Runs `fn` once the messages waiting for the worker have been handled (between two slices);
   * without it, a zero-ms timer does.
   */
  defer?(fn: () => void): void;
}

/** Long work in progress: its steps (a generator that yields between pieces) and what it has done. */
interface Job {
  kind: WorkKind;
  steps: Generator<void, void, void>;
  /** Where the work began, how far it is now and where it ends (simulated ms, or connections). */
  measure(): { from: number; done: number; total: number };
  /** Posts the picture at the moment reached (finished, or stopped there). */
  finish(cancelled: boolean): void;
  busyWallMs: number;
  /** Where the pace is measured from (after the warm-up): busy wall ms and work done then. */
  paceFrom: { busyWallMs: number; done: number } | null;
  progressPosted: boolean;
  lastProgressWall: number;
  awaiting: boolean;
  confirmed: boolean;
  /** A slice is due (deferred); cleared when the job ends. */
  scheduled: boolean;
}

/** A logged batch of connections being run: its place in the log and how many have run. */
interface BulkInProgress {
  index: number;
  asked: number;
  ran: number;
  /** What its chunks did so far (null before the first). */
  outcome: BulkRunOutcome | null;
}

/** What the engine recorded over some work, gathered before it is posted. */
interface Recorded {
  hops: Hop[];
  decisions: Decision[];
  ended: ConnectionEnd[];
}

/** Two parts of one batch as one outcome: counts added, per-host and per-kind counts merged. */
function addBatch(total: BulkRunOutcome | null, part: BulkRunOutcome): BulkRunOutcome {
  if (!total) return structuredClone(part);
  const merged = (a: Record<string, number | undefined>, b: Record<string, number | undefined>) => {
    const out: Record<string, number> = {};
    for (const [k, v] of [...Object.entries(a), ...Object.entries(b)]) out[k] = (out[k] ?? 0) + (v ?? 0);
    return out;
  };
  return {
    ...part,
    connections: total.connections + part.connections,
    completed: total.completed + part.completed,
    failed: total.failed + part.failed,
    servedBy: merged(total.servedBy, part.servedBy),
    failedHow: merged(total.failedHow, part.failedHow),
  };
}

/** A state of the run's definition that Undo and Redo return to. */
interface RunDefinition {
  start: Scenario;
  log: LogEntry[];
  /** What was done to leave this state (the Undo button says it). */
  label: string;
}

/** Records in a classic pcap file (24-byte header, then 16-byte record headers). */
function countPcapRecords(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let offset = 24; offset + 16 <= bytes.byteLength; n++) offset += 16 + view.getUint32(offset + 8, true);
  return n;
}

function sameCounts(a: StatsSample, b: StatsSample): boolean {
  return (
    a.framesOnWire === b.framesOnWire &&
    a.loopbackConnections === b.loopbackConnections &&
    a.failedConnections === b.failedConnections &&
    a.retransmissions === b.retransmissions &&
    a.served.every((n, i) => n === b.served[i])
  );
}

/** The starting point of a scenario: without its run log and view settings. */
function startOf(scenario: Scenario): Scenario {
  const { log: _log, view: _view, ...start } = scenario;
  return structuredClone(start);
}

/** A logged batch at time t comes after t; any other change at t is in force at t. */
function dueBy(entry: LogEntry, t: number): boolean {
  return entry.change.type === 'runConnections' ? entry.t < t : entry.t <= t;
}

export class SimulationSession {
  private sim: Simulation | null = null;
  /** The run's starting point (no log, no view). */
  private start: Scenario | null = null;
  /** The run's changes in time order; replaying them on a fresh simulation rebuilds any moment. */
  private log: LogEntry[] = [];
  /** How many of `log` (from the first) the current simulation has applied. */
  private applied = 0;
  private undoStack: RunDefinition[] = [];
  private redoStack: RunDefinition[] = [];
  /** Bumped whenever `start` or `log` is replaced (the page saves the run then). */
  private revision = 0;
  private postedStart: Scenario | null = null;
  private postedLog: LogEntry[] | null = null;
  /** Sentences about the last change: what else it changed, what no longer applies. */
  private notices: string[] = [];
  private running = false;
  private speed = 1;
  private lastWall = 0;
  private timer: unknown = null;
  private samples: StatsSample[] = [];
  private samplesSent = 0;
  private markersSent = 0;
  /** Markers of the whole timeline (kept across seeks, cut when a new change rewrites the future). */
  private markers: TimelineMarker[] = [];
  /** The furthest simulated time reached, ms. */
  private endTime = 0;
  private decisionHistory: Decision[] = [];
  /** How many of the current simulation's markers are already on the timeline. */
  private markersSeen = 0;
  /** Long work in progress, and the commands that arrived meanwhile (handled when it ends). */
  private job: Job | null = null;
  private queue: WorkerCommand[] = [];
  /** A logged batch of connections part-way through (a cancel truncates it to what ran). */
  private bulk: BulkInProgress | null = null;
  /** The outcome of the last batch that finished (or was stopped), for the next tick. */
  private bulkDone: BulkRunOutcome | undefined = undefined;
  /** Simulated ms one piece of long work advances (grown or shrunk to take about PIECE_WALL_MS). */
  private pieceMs = 1;
  /**
   * The decision the page's caption narrates, as the worker last posted it (the caption's own pick
   * of each batch): what a Step must not repeat when the page does not say what it shows.
   */
  private captionShown: Decision | null = null;
  /** Comparisons started by this session (each one's id). */
  private comparisons = 0;
  /** Copies of the engine along the run: a seek restores the nearest one before where it goes. */
  private readonly checkpoints: SeekCheckpoints;
  /**
   * The pcap capture of the run from 0 s to `archiveEnd` (simulated ms), kept when a seek goes
   * back, so a simulation restored anywhere up to there gets its capture without recording it again.
   */
  private captureArchive: CaptureBuffer | null = null;
  private archiveEnd = 0;
  /** Where the last seek began replaying, simulated ms (the current moment when it carried on). */
  private lastReplayFrom: number | null = null;

  constructor(
    private readonly post: (update: WorkerUpdate) => void,
    private readonly clock: Clock,
    /** Events between two checkpoints at first (tests use fewer, to have many in a short run). */
    checkpointSpacingEvents?: number,
  ) {
    this.checkpoints = new SeekCheckpoints(checkpointSpacingEvents);
  }

  /** The current simulation (tests read it). */
  get simulation(): Simulation | null {
    return this.sim;
  }

  /** The run log (tests read it). */
  get runLog(): readonly LogEntry[] {
    return this.log;
  }

  /** Checkpoints kept of the run, and where the last seek's replay began, simulated ms (tests and the bench read them). */
  get seekFacts(): { checkpoints: number; checkpointObjects: number; lastReplayFrom: number | null } {
    return {
      checkpoints: this.checkpoints.size,
      checkpointObjects: this.checkpoints.objects,
      lastReplayFrom: this.lastReplayFrom,
    };
  }

  /** Whether long work is under way (tests read it). */
  get working(): boolean {
    return this.job !== null;
  }

  /**
   * Takes a command. While long work runs, `ping`, `setSpeed`, `cancel` and `confirmWork` are
   * answered at once; Pause, a new scenario and Reset stop the work where it got to first; anything
   * else waits, in order, until the work has ended.
   */
  handle(command: WorkerCommand): void {
    switch (command.type) {
      case 'ping':
        this.post({ type: 'pong', id: command.id });
        return;
      case 'setSpeed':
        this.speed = Math.min(100, Math.max(0.05, command.speed));
        return;
      case 'cancel':
        if (this.job) this.guarded(() => this.endJob(true));
        this.drain();
        return;
      case 'confirmWork': {
        const job = this.job;
        if (job?.awaiting) {
          job.awaiting = false;
          job.confirmed = true;
          this.scheduleSlice(job);
        }
        return;
      }
      case 'enableTestHooks':
      case 'testHang':
      case 'testMalformed':
        // The worker's entry handles these (only for a page opened with ?testHooks=1).
        return;
    }
    if (this.job && (command.type === 'pause' || command.type === 'load' || command.type === 'reset'))
      this.guarded(() => this.endJob(true));
    this.queue.push(command);
    this.drain();
  }

  /** Handles the commands waiting, in order, until one starts long work. */
  private drain(): void {
    while (!this.job && this.queue.length > 0) {
      const command = this.queue.shift()!;
      this.guarded(() => this.apply(command));
    }
  }

  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.stopLoop();
    this.running = false;
    if (this.job) {
      this.job.scheduled = false;
      this.job = null;
    }
    this.bulk = null;
    this.queue = [];
    const message = error instanceof Error ? error.message : String(error);
    this.post({ type: 'error', message: `The simulation stopped: ${message}` });
  }

  // ---- Long work in slices ----------------------------------------------------------------------

  /** Starts long work: its first slice runs now (short work is done with it, as before slices). */
  private startJob(
    kind: WorkKind,
    steps: Generator<void, void, void>,
    measure: Job['measure'],
    finish: (cancelled: boolean) => void,
  ): void {
    this.job = {
      kind,
      steps,
      measure,
      finish,
      busyWallMs: 0,
      paceFrom: null,
      progressPosted: false,
      lastProgressWall: 0,
      awaiting: false,
      confirmed: false,
      scheduled: false,
    };
    this.runSlice(this.job);
  }

  private scheduleSlice(job: Job): void {
    if (job.scheduled) return;
    job.scheduled = true;
    const defer = this.clock.defer ?? ((fn: () => void) => this.clock.setTimer(fn, 0));
    defer(() => {
      if (!job.scheduled || this.job !== job) return;
      job.scheduled = false;
      this.guarded(() => this.runSlice(job));
      this.drain();
    });
  }

  /** Runs the job's steps for about SLICE_WALL_MS, then posts progress and lets messages in. */
  private runSlice(job: Job): void {
    const start = this.clock.now();
    let finished = false;
    do {
      if (job.steps.next().done) {
        finished = true;
        break;
      }
    } while (this.clock.now() - start < SLICE_WALL_MS);
    const wall = this.clock.now();
    job.busyWallMs += wall - start;
    if (finished) {
      this.endJob(false);
      return;
    }
    const progress = this.progressOf(job);
    if (
      !job.confirmed &&
      progress.remainingWallMs !== null &&
      progress.remainingWallMs > CONFIRM_ABOVE_WALL_MS
    )
      job.awaiting = true;
    if (job.awaiting || !job.progressPosted || wall - job.lastProgressWall >= PROGRESS_WALL_MS) {
      job.progressPosted = true;
      job.lastProgressWall = wall;
      this.post({ type: 'progress', progress: { ...progress, awaitingConfirmation: job.awaiting } });
    }
    if (!job.awaiting) this.scheduleSlice(job);
  }

  private progressOf(job: Job) {
    const { from, done, total } = job.measure();
    if (job.paceFrom === null && job.busyWallMs >= WARM_UP_WALL_MS)
      job.paceFrom = { busyWallMs: job.busyWallMs, done };
    let remainingWallMs: number | null = null;
    if (job.paceFrom && job.busyWallMs - job.paceFrom.busyWallMs >= ESTIMATE_AFTER_WALL_MS) {
      const pace = (done - job.paceFrom.done) / (job.busyWallMs - job.paceFrom.busyWallMs);
      remainingWallMs = pace > 0 ? (total - done) / pace : null;
    }
    return { kind: job.kind, done, total, from, remainingWallMs };
  }

  /** Ends the job: finished, or stopped (its steps abandoned at a consistent moment). */
  private endJob(cancelled: boolean): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    job.scheduled = false;
    const { done, total } = job.measure();
    if (cancelled) {
      job.steps.return();
      this.settleStoppedBatch();
    }
    job.finish(cancelled);
    if (job.progressPosted)
      this.post({ type: 'workEnded', kind: job.kind, cancelled, now: this.sim?.now ?? 0, done, total });
  }

  /**
   * A batch stopped part-way: the log keeps the connections that ran (what the simulation holds),
   * so the run rebuilt from the log is this one; a notice says so.
   */
  private settleStoppedBatch(): void {
    const bulk = this.bulk;
    this.bulk = null;
    if (!bulk) return;
    const entry = this.log[bulk.index];
    if (!entry) return;
    const change: Change = { type: 'runConnections', count: bulk.ran };
    this.log = [...this.log.slice(0, bulk.index), { ...entry, change }, ...this.log.slice(bulk.index + 1)];
    this.checkpoints.prune(this.start!, this.log);
    this.applied = bulk.index + 1;
    this.bulkDone = bulk.outcome ?? undefined;
    this.notices = [
      ...this.notices,
      `Stopped after ${bulk.ran.toLocaleString('en')} of ${bulk.asked.toLocaleString('en')} connections: the run keeps the ${bulk.ran.toLocaleString('en')} that ran.`,
    ];
  }

  /** Drives steps to their end at once (short work). */
  /**
   * Run `steps` for at most `budgetMs` of wall time; what is left is dropped (the engine stays at
   * a consistent moment between pieces, and the next tick goes on from there).
   */
  private runWithin(steps: Generator<void, void, void>, budgetMs: number): void {
    const end = this.clock.now() + budgetMs;
    while (!steps.next().done) {
      if (this.clock.now() >= end) {
        steps.return();
        return;
      }
    }
  }

  private runToEnd(steps: Generator<void, void, void>): void {
    while (!steps.next().done) {
      /* on */
    }
  }

  private apply(command: WorkerCommand): void {
    switch (command.type) {
      case 'load':
        // The scenario the user had stays one step away: Undo brings it back (a link, a file or a
        // preset replaced it).
        if (this.start) this.pushUndo(LOAD_LABEL);
        this.start = startOf(command.scenario);
        this.log = structuredClone(command.scenario.log ?? []);
        this.notices = [];
        this.restart();
        this.postRunLog();
        return;
      case 'reset':
        this.reset();
        return;
      case 'play':
        if (!this.sim) return;
        this.running = true;
        this.lastWall = this.clock.now();
        this.scheduleTick();
        this.postTick();
        return;
      case 'pause':
        this.running = false;
        this.stopLoop();
        this.postTick();
        return;
      case 'step':
        this.step(command.shown);
        return;
      case 'nextEvent':
        this.nextEvent();
        return;
      case 'compare':
        this.compare(command.connections);
        return;
      case 'setSpeed':
        this.speed = Math.min(100, Math.max(0.05, command.speed));
        return;
      case 'change':
        this.change(command.changes, command.source);
        return;
      case 'undo':
        this.undoRedo(this.undoStack, this.redoStack);
        return;
      case 'redo':
        this.undoRedo(this.redoStack, this.undoStack);
        return;
      case 'capture':
        this.postCapture(command.pointId);
        return;
      case 'inspect':
        this.post({ type: 'inspection', frameId: command.frameId, detail: this.inspect(command.frameId) });
        return;
      case 'seek':
        this.seek(command.t);
        return;
      case 'hostCommand': {
        const sim = this.sim;
        if (!sim) return;
        const text = hostCommandOutput(sim, command.host, command.command);
        this.post({
          type: 'hostCommandOutput',
          host: command.host,
          command: command.command,
          now: sim.now,
          text,
        });
        return;
      }
    }
  }

  // ---- The run log -----------------------------------------------------------------------------

  private definition(label: string): RunDefinition {
    return { start: this.start!, log: this.log, label };
  }

  private pushUndo(label: string): void {
    this.undoStack.push(this.definition(label));
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.redoStack = [];
  }

  /**
   * Makes changes at the moment on screen, as one step of Undo. Live ones are logged and applied
   * in place; a change to the world's shape is folded into the starting point and the run is
   * rebuilt to this moment by replaying the log, which reports any logged change that no longer
   * applies. A change at a moment before the timeline's end replaces the future that was recorded.
   */
  private change(changes: readonly Change[], source: ChangeSource): void {
    const sim = this.sim;
    if (!sim || !this.start || changes.length === 0) return;
    const now = sim.now;
    const label = describeChanges(changes);
    // Before the run has started (0 s, nothing applied yet) a setting is part of the set-up: the
    // cluster starts with it, converged, instead of converging to it. Operations stay events.
    const settingUp = now === 0 && this.applied === 0 && !changes.some(isEvent);
    const live = settingUp ? [] : changes.filter(isLive);
    const shape = settingUp ? [...changes] : changes.filter((c) => !isLive(c));
    if (shape.length === 0) {
      // A host operation that does not fit the host's state changes nothing (its decision says why).
      if (live.length === 1 && live[0]!.type === 'hostAction' && !sim.canApply(live[0]!)) {
        sim.applyChange(live[0]!, source);
        this.postTick();
        return;
      }
      this.pushUndo(label);
      this.notices = [];
      this.cutFuture();
      const first = this.log.length;
      this.log = [...this.log, ...live.map((change) => ({ t: now, source, change }))];
      this.applyLoggedFrom(first);
      return;
    }
    this.pushUndo(label);
    const reshaped = applyChanges(this.start, shape);
    const onlyMeta = shape.every(isMetaSetting);
    this.start = reshaped.scenario;
    this.notices = reshaped.notices;
    if (onlyMeta && live.length === 0) {
      // A title or the scenario's own lesson: the run itself is unchanged.
      this.postRunLog();
      return;
    }
    // What the run had done up to now stays; the recorded future is replaced, as by any change.
    this.log = [...this.log.slice(0, this.applied), ...live.map((change) => ({ t: now, source, change }))];
    this.rebuild(now);
  }

  /** Forget the recorded future after the moment on screen (a new change replaces it). */
  private cutFuture(): void {
    const now = this.sim!.now;
    this.log = this.log.slice(0, this.applied);
    this.checkpoints.dropAfter(now);
    if (now < this.archiveEnd) {
      this.captureArchive = this.sim!.world.capture;
      this.archiveEnd = now;
    }
    if (now < this.endTime) {
      this.samples = this.samples.filter((s) => s.t <= now);
      this.markers = this.markers.filter((m) => m.t <= now);
      this.samplesSent = this.samples.length;
      this.markersSent = this.markers.length;
      this.endTime = now;
    }
  }

  private undoRedo(from: RunDefinition[], to: RunDefinition[]): void {
    const target = from.pop();
    if (!target || !this.sim) return;
    to.push(this.definition(target.label));
    this.start = target.start;
    this.log = target.log;
    this.notices = [];
    this.rebuild(this.sim.now);
  }

  /** Back to 0 s with the same starting point and no changes of its own (Undo brings them back). */
  private reset(): void {
    if (!this.start) return;
    if (this.log.length > 0) {
      this.pushUndo('Reset');
      this.log = [];
    }
    this.notices = [];
    this.restart();
    this.postRunLog();
  }

  /**
   * A new world from the starting point, replayed to `t`: logged changes that no longer apply
   * (a host that is gone) are taken out and listed in the notices.
   */
  private rebuild(t: number): void {
    const start = this.start!;
    const applicable: LogEntry[] = [];
    for (const entry of this.log) {
      const why = whyNotApplicable(start, entry.change);
      if (why === null) applicable.push(entry);
      else
        this.notices.push(
          `"${describeChange(entry.change)}" at ${formatTime(entry.t)} no longer applies (${why}), so it was taken out of the run.`,
        );
    }
    this.log = applicable;
    this.restart();
    if (t > 0) this.seek(t);
    else this.postRunLog();
  }

  /**
   * The configuration in force now: the engine's own (live changes applied), with the scenario's
   * name and lesson as the start has them (they change without a rebuild).
   */
  private config(sim: Simulation): Scenario {
    const { title: _t, lesson: _l, ...running } = structuredClone(sim.scenario);
    const { title, lesson } = this.start!;
    return { ...running, ...(title !== undefined ? { title } : {}), ...(lesson ? { lesson } : {}) };
  }

  private postRunLog(): void {
    // `start` and `log` are only ever replaced, never changed in place: a new object is a new revision.
    if (this.start !== this.postedStart || this.log !== this.postedLog) {
      this.revision++;
      this.postedStart = this.start;
      this.postedLog = this.log;
    }
    const sim = this.sim;
    if (!sim || !this.start) return;
    this.post({
      type: 'runLog',
      revision: this.revision,
      start: this.start,
      log: this.log,
      config: this.config(sim),
      undo: this.undoStack.at(-1)?.label ?? null,
      redo: this.redoStack.at(-1)?.label ?? null,
      notices: this.notices,
    });
  }

  // ---- Time ------------------------------------------------------------------------------------

  private newSimulation(): Simulation {
    const sim = new Simulation(this.start!);
    sim.enableCapture();
    return sim;
  }

  private restart(): void {
    this.stopLoop();
    this.running = false;
    if (!this.start) return;
    this.sim = this.newSimulation();
    this.applied = 0;
    this.checkpoints.clear();
    this.captureArchive = null;
    this.archiveEnd = 0;
    this.samples = [sampleOf(this.sim.stats())];
    this.samplesSent = this.samples.length;
    this.markers = [];
    this.markersSent = 0;
    this.markersSeen = 0;
    this.endTime = 0;
    this.decisionHistory = [];
    this.captionShown = null;
    this.post({
      type: 'loaded',
      version: PROTOCOL_VERSION,
      topology: this.sim.topology(),
      stats: this.sim.stats(),
      capturePoints: this.sim.capturePoints().map(({ id, label }) => ({ id, label })),
    });
  }

  private scheduleTick(): void {
    this.stopLoop();
    this.timer = this.clock.setTimer(() => this.tick(), TICK_WALL_MS);
  }

  private stopLoop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.timer = null;
    if (!this.running || !this.sim) return;
    try {
      const wall = this.clock.now();
      const elapsedWallMs = Math.min(MAX_TICK_WALL_MS, wall - this.lastWall);
      this.lastWall = wall;
      const before = this.applied;
      const to = this.sim.now + elapsedWallMs * this.speed * SIM_MS_PER_WALL_MS_AT_1X;
      const steps = this.advanceRun(to);
      if (this.logHasBatchDue(to)) {
        // Playing into a logged batch of connections: long work, in slices; playing goes on after it.
        this.startBatchJob(steps, (cancelled) => {
          this.postTick(this.takeBulkOutcome());
          this.postRunLog();
          if (!cancelled && this.running) {
            this.lastWall = this.clock.now();
            this.scheduleTick();
          }
        });
        return;
      }
      this.runWithin(steps, TICK_BUDGET_WALL_MS);
      this.postTick();
      if (this.applied !== before) this.postRunLog();
      this.scheduleTick();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Whether a logged batch of connections is due by `t` (so advancing there is long work). */
  private logHasBatchDue(t: number): boolean {
    for (let i = this.applied; i < this.log.length; i++) {
      const entry = this.log[i]!;
      if (!dueBy(entry, t)) return false;
      if (entry.change.type === 'runConnections') return true;
    }
    return false;
  }

  /** Long work around logged batches of connections: progress counts the batch's connections. */
  private startBatchJob(steps: Generator<void, void, void>, finish: (cancelled: boolean) => void): void {
    this.startJob(
      'bulk',
      steps,
      () => {
        const bulk = this.bulk;
        if (bulk) return { from: 0, done: bulk.ran, total: bulk.asked };
        const n = this.bulkDone?.connections ?? 0;
        return { from: 0, done: n, total: n };
      },
      finish,
    );
  }

  /** The outcome of the batch that just ended (posted once, with the tick after it). */
  private takeBulkOutcome(): BulkRunOutcome | undefined {
    const outcome = this.bulkDone;
    this.bulkDone = undefined;
    return outcome;
  }

  /**
   * Applies the log's entries from `first` on, at the moment on screen (changes made just now):
   * at once, or, with a batch of connections among them, as long work in slices.
   */
  private applyLoggedFrom(first: number, end = this.log.length): void {
    const steps = this.applyLoggedRange(first, end);
    const finish = () => {
      this.lastWall = this.clock.now();
      this.postTick(this.takeBulkOutcome());
      this.postRunLog();
    };
    if (this.log.slice(first, end).some((e) => e.change.type === 'runConnections')) {
      this.startBatchJob(steps, finish);
      return;
    }
    this.runToEnd(steps);
    finish();
  }

  private *applyLoggedRange(first: number, end: number): Generator<void, void, void> {
    for (let i = first; i < end; i++) yield* this.applyLogged(i);
  }

  /**
   * Applies the logged change at `index` to the simulation: a batch of connections in chunks of
   * BULK_CHUNK (yielding between them), anything else at once.
   */
  private *applyLogged(index: number): Generator<void, void, void> {
    const sim = this.sim!;
    const entry = this.log[index]!;
    const change = entry.change;
    if (change.type !== 'runConnections') {
      sim.applyChange(change, entry.source);
      this.applied = index + 1;
      return;
    }
    const asked = Math.max(0, Math.min(MAX_BULK_CONNECTIONS, Math.floor(change.count)));
    sim.world.mark('change', describeChange(change), entry.source);
    const bulk: BulkInProgress = { index, asked, ran: 0, outcome: null };
    this.bulk = bulk;
    do {
      const n = Math.min(BULK_CHUNK, asked - bulk.ran);
      bulk.outcome = addBatch(bulk.outcome, sim.runConnections(n));
      bulk.ran += n;
      if (bulk.ran < asked) yield;
    } while (bulk.ran < asked);
    this.bulk = null;
    this.bulkDone = bulk.outcome ?? undefined;
    this.applied = index + 1;
  }

  /**
   * Step: on decision by decision until the caption would say something other than `shown` (what
   * it narrates now), so no two Steps in a row read the same; at most MAX_DECISIONS_PER_STEP
   * decisions on. A logged change due first is applied at its moment on the way (a batch of
   * connections is a step of its own). The tick says where the step began, so the page can show
   * the hops in between moving.
   */
  private step(shown: Decision | null | undefined): void {
    const sim = this.sim;
    if (!sim) return;
    this.running = false;
    this.stopLoop();
    const stepFrom = sim.now;
    const current = shown === undefined ? this.captionShown : shown;
    const made: Recorded = { hops: [], decisions: [], ended: [] };
    let changed = false;
    for (let taken = 0; taken < MAX_DECISIONS_PER_STEP; taken++) {
      const next = this.log[this.applied];
      if (next && next.t <= sim.world.queue.peekTime()) {
        // The next thing to happen is a logged change.
        if (next.change.type === 'runConnections') {
          if (taken > 0) break;
          this.runToEnd(this.advanceRecording(next.t));
          this.applyLoggedFrom(this.applied, this.applied + 1);
          return;
        }
        this.runToEnd(this.advanceRecording(next.t));
        this.runToEnd(this.applyLogged(this.applied));
        changed = true;
      } else if (!sim.stepToNextDecision()) break;
      const { hops, decisions, ended } = sim.take();
      made.hops.push(...hops);
      made.decisions.push(...decisions);
      made.ended.push(...ended);
      const pick = captionPick(made.decisions);
      if (pick && !sameCaption(pick, current)) break;
    }
    this.postTick(undefined, { made, stepFrom });
    if (changed) this.postRunLog();
  }

  /**
   * Compares the load balancers from the configuration in force now: the same batch of connections
   * from one backend to its own VIP through every balancer of COMPARED_BALANCERS, each in a fresh
   * engine (the run on screen is not touched, only paused). Long work in slices, a row's chunks
   * apart, with progress in rows; a `comparison` update at the start, after each row and at the end.
   */
  private compare(connections: number): void {
    const sim = this.sim;
    if (!sim || !this.start) return;
    if (this.running) {
      // Playing on meanwhile would start work of its own (a logged batch); the run waits instead.
      this.running = false;
      this.stopLoop();
      this.postTick();
    }
    const config = this.config(sim);
    const setup = comparisonSetup(config, connections);
    const rows: ComparisonRow[] = [];
    const total = COMPARED_BALANCERS.length;
    const partial = { ran: 0 };
    const id = ++this.comparisons;
    const basis = comparisonBasis(config);
    const post = (state: ComparisonState) =>
      this.post({ type: 'comparison', id, state, setup, basis, rows: [...rows], total });
    post('running');
    this.startJob(
      'compare',
      this.compareSteps(config, setup, rows, partial, () => post('running')),
      () => ({ from: 0, done: rows.length + partial.ran / setup.connections, total }),
      (cancelled) => post(cancelled ? 'stopped' : 'done'),
    );
  }

  /** A comparison's work: row after row, yielding between a row's chunks and after each row. */
  private *compareSteps(
    config: Scenario,
    setup: ComparisonSetup,
    rows: ComparisonRow[],
    partial: { ran: number },
    rowDone: () => void,
  ): Generator<void, void, void> {
    for (const balancer of COMPARED_BALANCERS) {
      const steps = compareSteps(config, balancer, setup);
      for (;;) {
        const next = steps.next();
        if (next.done) {
          rows.push(next.value);
          break;
        }
        partial.ran = next.value;
        yield;
      }
      partial.ran = 0;
      if (rows.length < COMPARED_BALANCERS.length) {
        rowDone();
        yield;
      }
    }
  }

  /**
   * Next event: on to the next marker of the timeline (a fault, a change, convergence starting or
   * finishing), event by event, so it stops right at the marker's moment, paused. Long work in
   * slices, like a fast-forward (the same progress and Cancel), at full detail so the moment comes
   * with its packets and decisions (only the last SEEK_DETAIL_WINDOW_MS of them are kept on the way).
   * Gives up NEXT_EVENT_LIMIT_MS (simulated) ahead; the `nextEvent` update says which it was.
   */
  private nextEvent(): void {
    const sim = this.sim;
    if (!sim) return;
    this.stopLoop();
    this.running = false;
    const from = sim.now;
    const limit = from + NEXT_EVENT_LIMIT_MS;
    // What came before was posted already; the picture at the end is what this work records.
    sim.take();
    sim.setDetail('full');
    const recent: Recorded = { hops: [], decisions: [], ended: [] };
    const search: { found: TimelineMarker | null } = { found: null };
    this.startJob(
      'nextEvent',
      this.nextEventSteps(limit, recent, search),
      () => ({ from, done: Math.min(sim.now, limit), total: limit }),
      (cancelled) => {
        this.keepRecent(recent);
        this.postPicture(recent.hops, recent.decisions);
        this.post({
          type: 'nextEvent',
          marker: cancelled ? null : search.found,
          cancelled,
          from,
          now: sim.now,
          limitMs: NEXT_EVENT_LIMIT_MS,
        });
      },
    );
  }

  /**
   * Next event's work: one event at a time until the world marks its timeline (or `limit`),
   * applying logged changes at their moments (each marks it); then the rest of that moment, as a
   * seek to it would show. Past the timeline's end, leaves samples behind as a fast-forward does.
   */
  private *nextEventSteps(
    limit: number,
    recent: Recorded,
    search: { found: TimelineMarker | null },
  ): Generator<void, void, void> {
    const sim = this.sim!;
    const world = sim.world;
    const markersBefore = world.markers.length;
    const sampleEveryMs = NEXT_EVENT_LIMIT_MS / FAST_FORWARD_SAMPLES;
    let nextSampleAt = sim.now + sampleEveryMs;
    let pieceStarted = this.clock.now();
    let events = 0;
    while (world.markers.length === markersBefore) {
      const entry = this.log[this.applied];
      const nextEventAt = world.queue.peekTime();
      if (entry && entry.t <= limit && nextEventAt > entry.t) {
        // Every event up to the logged change has run: the change is applied at its moment.
        sim.advanceTo(entry.t);
        yield* this.applyLogged(this.applied);
        continue;
      }
      if (nextEventAt > limit) {
        sim.advanceTo(limit);
        break;
      }
      world.step();
      if (world.now >= nextSampleAt) {
        this.recordTimeline(sim.stats());
        nextSampleAt = world.now + sampleEveryMs;
      }
      // The clock is read every 256 events (reading it costs more than an event).
      if ((++events & 255) === 0 && this.clock.now() - pieceStarted >= PIECE_WALL_MS) {
        this.keepRecent(recent);
        yield;
        pieceStarted = this.clock.now();
      }
    }
    const found = world.markers[markersBefore];
    if (!found) return;
    search.found = found;
    // The rest of the marker's moment (other events then, changes logged for then) runs too.
    yield* this.advanceRun(Math.max(found.t, sim.now));
  }

  /** Keeps in `recent` what the engine recorded in the last SEEK_DETAIL_WINDOW_MS (simulated). */
  private keepRecent(recent: Recorded): void {
    const sim = this.sim!;
    const { hops, decisions } = sim.take();
    const after = sim.now - SEEK_DETAIL_WINDOW_MS;
    recent.hops = recent.hops.concat(hops).filter((h) => h.t1 >= after);
    recent.decisions = recent.decisions.concat(decisions).filter((d) => d.t >= after);
  }

  /**
   * Advance to `t`, applying the logged changes due on the way at their moments (with
   * `before`, only those strictly before `t`). Yields between pieces of work.
   */
  private *advanceRun(t: number, before = false): Generator<void, void, void> {
    while (this.applied < this.log.length) {
      const entry = this.log[this.applied]!;
      if (before ? entry.t >= t : !dueBy(entry, t)) break;
      yield* this.advanceRecording(entry.t);
      yield* this.applyLogged(this.applied);
    }
    yield* this.advanceRecording(t);
  }

  /** Record the current counts and markers on the timeline (only past its recorded end). */
  private recordTimeline(stats: Stats): void {
    const sim = this.sim!;
    if (sim.now < this.endTime) return;
    const sample = sampleOf(stats);
    const last = this.samples.at(-1);
    if (!last || (sample.t > last.t && !sameCounts(sample, last))) this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0 || i === this.samples.length - 1);
      this.samplesSent = Math.min(this.samplesSent, this.samples.length);
    }
    for (const m of sim.world.markers.slice(this.markersSeen)) this.addMarker(m);
    this.markersSeen = sim.world.markers.length;
    this.endTime = sim.now;
  }

  private addMarker(m: TimelineMarker): void {
    if (m.t < this.endTime) return;
    if (this.markers.some((x) => x.t === m.t && x.label === m.label)) return;
    this.markers.push(m);
  }

  /**
   * Posts what happened since the last batch. A Step passes what it `made` (taken from the engine
   * already, decision by decision) and where it began (`stepFrom`, simulated ms).
   */
  private postTick(bulkRun?: BulkRunOutcome, step?: { made: Recorded; stepFrom: number }): void {
    const sim = this.sim;
    if (!sim) return;
    const taken = sim.take();
    const hops = step ? step.made.hops.concat(taken.hops) : taken.hops;
    const decisions = step ? step.made.decisions.concat(taken.decisions) : taken.decisions;
    const ended = step ? step.made.ended.concat(taken.ended) : taken.ended;
    this.remember(decisions);
    const stats = sim.stats();
    this.recordTimeline(stats);
    const samples = this.samples.slice(this.samplesSent);
    const markers = this.markers.slice(this.markersSent);
    this.samplesSent = this.samples.length;
    this.markersSent = this.markers.length;
    const sent =
      decisions.length > MAX_DECISIONS_PER_BATCH ? decisions.slice(-MAX_DECISIONS_PER_BATCH) : decisions;
    // The page's caption: nothing after a batch of connections, else this batch's pick if it has one.
    if (bulkRun) this.captionShown = null;
    else this.captionShown = captionPick(sent) ?? this.captionShown;
    this.post({
      type: 'tick',
      now: sim.now,
      running: this.running,
      hops: encodeHops(hops),
      decisions: sent,
      decisionsNotSent: Math.max(0, decisions.length - MAX_DECISIONS_PER_BATCH),
      ended: ended.length > MAX_ENDS_PER_BATCH ? ended.slice(-MAX_ENDS_PER_BATCH) : ended,
      endsNotSent: Math.max(0, ended.length - MAX_ENDS_PER_BATCH),
      stats,
      samples,
      markers,
      endTime: this.endTime,
      ...(bulkRun ? { bulkRun } : {}),
      ...(step ? { stepFrom: step.stepFrom } : {}),
    });
  }

  private remember(decisions: Decision[]): void {
    if (decisions.length === 0) return;
    this.decisionHistory.push(...decisions);
    if (this.decisionHistory.length > DECISION_HISTORY * 1.5)
      this.decisionHistory = this.decisionHistory.slice(-DECISION_HISTORY);
  }

  /**
   * Move the run to simulated time `t`. The engine restores the latest checkpoint before the
   * moment's last stretch (or starts again from 0 s when there is none) if `t` is behind it, or if
   * that checkpoint is ahead of it; otherwise the current simulation carries on (past the
   * timeline's end too: a fast-forward, recorded on the timeline as it goes). It runs counters-only
   * up to the last moments, then in full, so packets in flight and the log are as they were (the
   * engine is deterministic: the same moment as a replay from 0 s). A batch logged at time t belongs
   * after t: seeking to t shows the moment before it. Long work, in slices: stopped part-way, the
   * run is at the moment it reached.
   */
  private seek(t: number): void {
    if (!this.start || !this.sim) return;
    this.stopLoop();
    this.running = false;
    const target = Math.max(0, Math.min(t, Math.max(this.endTime, MAX_FAST_FORWARD_MS)));
    const kind: WorkKind = target > this.endTime ? 'fastForward' : 'seek';
    let sim = this.sim;
    this.archiveCapture();
    const saved = this.checkpoints.before(target - SEEK_DETAIL_WINDOW_MS, this.start, this.log);
    // The capture the run gets back at the end (from the archive), when the replay records none.
    let fromArchive = false;
    if (target < sim.now || (saved && saved.checkpoint.t > sim.now)) {
      sim = saved ? restoreCheckpoint(saved.checkpoint) : new Simulation(this.start);
      this.applied = saved ? saved.applied : 0;
      this.markersSeen = saved ? sim.world.markers.length : 0;
      const archive = this.captureArchive;
      if (archive && target <= this.archiveEnd) {
        // The capture up to `target` is kept: the replay must not record those frames a second time.
        sim.world.capture = null;
        fromArchive = true;
      } else {
        // Past what was ever recorded: the replay records from where it starts.
        sim.world.capture = archive?.until(sim.now) ?? null;
        sim.enableCapture();
      }
    }
    this.sim = sim;
    sim.take();
    const from = sim.now;
    this.lastReplayFrom = from;
    const fullFrom = Math.max(sim.now, target - SEEK_DETAIL_WINDOW_MS);
    const toFull = () => {
      if (sim.world.recorder.detail === 'full') return;
      sim.take();
      sim.setDetail('full');
    };
    sim.setDetail(fullFrom > sim.now ? 'counters' : 'full');
    const steps = this.seekSteps(fullFrom, target, toFull);
    this.startJob(
      kind,
      steps,
      () => ({ from, done: Math.min(sim.now, target), total: target }),
      () => {
        toFull();
        // Stopped short of `target`, the capture kept goes no further than the moment reached.
        if (fromArchive) sim.world.capture = this.captureArchive!.until(Math.min(sim.now, target));
        const { hops, decisions } = sim.take();
        this.postPicture(hops, decisions);
      },
    );
  }

  /**
   * Before a seek leaves the current simulation: if it has got at least as far as the archive, its
   * capture becomes the archive (it holds every frame from 0 s to its moment, once).
   */
  private archiveCapture(): void {
    const sim = this.sim!;
    const capture = sim.world.capture;
    if (capture && sim.now >= this.archiveEnd) {
      this.captureArchive = capture;
      this.archiveEnd = sim.now;
    }
  }

  /**
   * Posts the moment on screen afresh (`seeked`, after a seek or a Next event) from the hops and
   * decisions of its last moments, with the whole timeline, then the run log (the configuration in
   * force may differ at the new moment: a weight logged in between).
   */
  private postPicture(hops: Hop[], decisions: Decision[]): void {
    const sim = this.sim!;
    if (sim.now > this.endTime) this.recordTimeline(sim.stats());
    this.markersSeen = sim.world.markers.length;
    this.decisionHistory = decisions.slice(-DECISION_HISTORY);
    this.bulkDone = undefined;
    const sent = decisions.slice(-MAX_DECISIONS_PER_BATCH);
    this.captionShown = captionPick(sent);
    this.post({
      type: 'seeked',
      now: sim.now,
      hops: encodeHops(hops),
      decisions: sent,
      stats: sim.stats(),
      samples: this.samples,
      markers: this.markers,
      endTime: this.endTime,
    });
    this.samplesSent = this.samples.length;
    this.markersSent = this.markers.length;
    this.postRunLog();
  }

  /** A seek's work: counters only up to the last moments (changes logged at `fullFrom` in full). */
  private *seekSteps(fullFrom: number, target: number, toFull: () => void): Generator<void, void, void> {
    yield* this.advanceRun(fullFrom, true);
    toFull();
    yield* this.advanceRun(target);
  }

  /**
   * Advance the simulation to `t` in pieces of about PIECE_WALL_MS, yielding between them; past the
   * timeline's recorded end (a fast-forward), in steps that leave samples and markers behind, so
   * charts and the timeline show the stretch as if played.
   */
  private *advanceRecording(t: number): Generator<void, void, void> {
    const sim = this.sim!;
    if (t <= this.endTime) {
      yield* this.advanceInPieces(t);
      return;
    }
    yield* this.advanceInPieces(this.endTime);
    const step = Math.max(1, (t - sim.now) / FAST_FORWARD_SAMPLES);
    while (sim.now < t) {
      yield* this.advanceInPieces(Math.min(t, sim.now + step));
      this.recordTimeline(sim.stats());
    }
  }

  /**
   * The simulation to `t` (as one advanceTo would: the same events, the same result), in pieces
   * of simulated time sized to take about PIECE_WALL_MS each, yielding between them.
   */
  private *advanceInPieces(t: number): Generator<void, void, void> {
    const sim = this.sim!;
    for (;;) {
      const to = Math.min(t, sim.now + this.pieceMs);
      const started = this.clock.now();
      sim.advanceTo(to);
      // Between two pieces the engine is at a consistent moment; inside a batch it is not offered.
      if (!this.bulk) this.checkpoints.offer(sim, this.start!, this.log, this.applied);
      const took = this.clock.now() - started;
      if (took < PIECE_WALL_MS / 2) this.pieceMs = Math.min(this.pieceMs * 2, MAX_FAST_FORWARD_MS);
      else if (took > PIECE_WALL_MS * 2) this.pieceMs = Math.max(this.pieceMs / 2, 0.001);
      if (to >= t) return;
      yield;
    }
  }

  private inspect(frameId: number): PacketDetail | null {
    const sim = this.sim;
    const base = sim?.inspectFrame(frameId);
    if (!sim || !base) return null;
    const frameIds = new Set<number>();
    for (const d of this.decisionHistory) {
      if (d.frameId > 0 && sim.packetIdOf(d.frameId) === base.packetId) frameIds.add(d.frameId);
    }
    frameIds.add(frameId);
    const journey = this.decisionHistory.filter((d) => frameIds.has(d.frameId));
    const connection =
      base.connId > 0 ? this.decisionHistory.filter((d) => d.connId === base.connId).slice(-200) : [];
    return { ...base, journey, connection };
  }

  private postCapture(pointId: string): void {
    const sim = this.sim;
    if (!sim) return;
    const point = sim.capturePoints().find((p) => p.id === pointId);
    const bytes = sim.pcap(pointId);
    if (!point || !bytes) {
      // Not a failure of the run: only this download cannot be made (e.g. a host that was removed).
      this.post({
        type: 'captureFailed',
        pointId,
        message: `Nothing saved: there is no capture point "${pointId}" in this scenario any more. Choose one from the list.`,
      });
      return;
    }
    const fileName = `vip-lab-${point.label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.pcap`;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    this.post({
      type: 'capture',
      pointId: point.id,
      fileName,
      bytes: buffer,
      frames: countPcapRecords(bytes),
      truncated: sim.world.capture?.truncated ?? false,
    });
  }
}
