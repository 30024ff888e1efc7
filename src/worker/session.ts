// Drives one run for the page and owns its run log: the starting scenario plus every change made
// after it (with its simulated time and source). Applies changes live, rebuilds the world when a
// change reshapes it, undoes and redoes, advances time against wall time x speed while playing,
// and posts batched updates. A moment is rebuilt by replaying the log (the engine is
// deterministic). No worker globals here.
import {
  applyChanges,
  isLive,
  isMetaSetting,
  whyNotApplicable,
  type Change,
  type ChangeSource,
  type LogEntry,
} from '../scenario/changes';
import { describeChange, describeChanges } from '../scenario/changeText';
import { hostCommandOutput } from '../sim/hostCommands';
import { Simulation } from '../sim/simulation';
import type { BulkRunOutcome, Decision, Stats } from '../sim/types';
import type { TimelineMarker } from '../sim/world';
import type { Scenario } from '../scenario/types';
import {
  MAX_DECISIONS_PER_BATCH,
  MAX_ENDS_PER_BATCH,
  PROTOCOL_VERSION,
  sampleOf,
  SIM_MS_PER_WALL_MS_AT_1X,
  type PacketDetail,
  type StatsSample,
  type WorkerCommand,
  type WorkerUpdate,
} from './protocol';
import { formatTime } from '../scenario/simTime';

/** Wall ms between two batches while playing (about one animation frame). */
export const TICK_WALL_MS = 16;
/** A tick never advances more than this much wall time, so a stalled tab does not jump ahead. */
const MAX_TICK_WALL_MS = 250;
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

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
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

  constructor(
    private readonly post: (update: WorkerUpdate) => void,
    private readonly clock: Clock,
  ) {}

  /** The current simulation (tests read it). */
  get simulation(): Simulation | null {
    return this.sim;
  }

  /** The run log (tests read it). */
  get runLog(): readonly LogEntry[] {
    return this.log;
  }

  handle(command: WorkerCommand): void {
    try {
      this.apply(command);
    } catch (error) {
      this.stopLoop();
      this.running = false;
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', message: `The simulation stopped: ${message}` });
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
        this.step();
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
    const settingUp =
      now === 0 &&
      this.applied === 0 &&
      changes.every((c) => c.type !== 'hostAction' && c.type !== 'runConnections');
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
      let bulk: BulkRunOutcome | undefined;
      for (const change of live) {
        this.log = [...this.log, { t: now, source, change }];
        this.applied = this.log.length;
        sim.applyChange(change, source);
        if (change.type === 'runConnections') {
          bulk = sim.lastBulkRun;
          this.lastWall = this.clock.now();
        }
      }
      this.postTick(bulk);
      this.postRunLog();
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
    this.samples = [sampleOf(this.sim.stats())];
    this.samplesSent = this.samples.length;
    this.markers = [];
    this.markersSent = 0;
    this.markersSeen = 0;
    this.endTime = 0;
    this.decisionHistory = [];
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
      this.advanceRun(this.sim.now + elapsedWallMs * this.speed * SIM_MS_PER_WALL_MS_AT_1X);
      this.postTick();
      if (this.applied !== before) this.postRunLog();
      this.scheduleTick();
    } catch (error) {
      this.handle({ type: 'pause' });
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', message: `The simulation stopped: ${message}` });
    }
  }

  /** Step: the next logged change if it comes first, else on to the next decision. */
  private step(): void {
    const sim = this.sim;
    if (!sim) return;
    this.running = false;
    this.stopLoop();
    const next = this.log[this.applied];
    if (next && next.t <= sim.world.queue.peekTime()) {
      // The next thing to happen is a logged change: that is this step.
      this.advanceRecording(next.t);
      sim.applyChange(next.change, next.source);
      this.applied++;
      this.postTick(next.change.type === 'runConnections' ? sim.lastBulkRun : undefined);
      this.postRunLog();
      return;
    }
    sim.stepToNextDecision();
    if (sim.now > this.endTime) this.recordTimeline(sim.stats());
    this.postTick();
  }

  /** Advance to `t`, applying the logged changes due on the way at their moments. */
  private advanceRun(t: number, beforeChange?: (at: number) => void): void {
    const sim = this.sim!;
    while (this.applied < this.log.length) {
      const entry = this.log[this.applied]!;
      if (!dueBy(entry, t)) break;
      beforeChange?.(entry.t);
      this.advanceRecording(entry.t);
      sim.applyChange(entry.change, entry.source);
      this.applied++;
    }
    this.advanceRecording(t);
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

  private postTick(bulkRun?: BulkRunOutcome): void {
    const sim = this.sim;
    if (!sim) return;
    const { hops, decisions, ended } = sim.take();
    this.remember(decisions);
    const stats = sim.stats();
    this.recordTimeline(stats);
    const samples = this.samples.slice(this.samplesSent);
    const markers = this.markers.slice(this.markersSent);
    this.samplesSent = this.samples.length;
    this.markersSent = this.markers.length;
    this.post({
      type: 'tick',
      now: sim.now,
      running: this.running,
      hops,
      decisions:
        decisions.length > MAX_DECISIONS_PER_BATCH ? decisions.slice(-MAX_DECISIONS_PER_BATCH) : decisions,
      decisionsNotSent: Math.max(0, decisions.length - MAX_DECISIONS_PER_BATCH),
      ended: ended.length > MAX_ENDS_PER_BATCH ? ended.slice(-MAX_ENDS_PER_BATCH) : ended,
      endsNotSent: Math.max(0, ended.length - MAX_ENDS_PER_BATCH),
      stats,
      samples,
      markers,
      endTime: this.endTime,
      ...(bulkRun ? { bulkRun } : {}),
    });
  }

  private remember(decisions: Decision[]): void {
    if (decisions.length === 0) return;
    this.decisionHistory.push(...decisions);
    if (this.decisionHistory.length > DECISION_HISTORY * 1.5)
      this.decisionHistory = this.decisionHistory.slice(-DECISION_HISTORY);
  }

  /**
   * Move the run to simulated time `t`. Forwards, the current simulation carries on (past the
   * timeline's end too: a fast-forward, recorded on the timeline as it goes); backwards, a fresh
   * one replays the starting point and the run log (the engine is deterministic), keeping the
   * capture already recorded up to `t` instead of recording it again. Either way it runs
   * counters-only up to the last moments, then in full, so packets in flight and the log are as
   * they were. A batch logged at time t belongs after t: seeking to t shows the moment before it.
   */
  private seek(t: number): void {
    if (!this.start || !this.sim) return;
    this.stopLoop();
    this.running = false;
    const target = Math.max(0, Math.min(t, Math.max(this.endTime, MAX_FAST_FORWARD_MS)));
    let sim = this.sim;
    let capture = null;
    if (target < sim.now) {
      capture = sim.world.capture?.until(target) ?? null;
      sim = new Simulation(this.start);
      // The capture up to `target` is kept: the replay must not record those frames a second time.
      sim.world.capture = null;
      this.applied = 0;
      this.markersSeen = 0;
    }
    this.sim = sim;
    sim.take();
    const fullFrom = Math.max(sim.now, target - SEEK_DETAIL_WINDOW_MS);
    const toFull = () => {
      if (sim.world.recorder.detail === 'full') return;
      this.advanceRecording(fullFrom);
      sim.take();
      sim.setDetail('full');
    };
    sim.setDetail(fullFrom > sim.now ? 'counters' : 'full');
    this.advanceRun(fullFrom, (at) => {
      if (at >= fullFrom) toFull();
    });
    toFull();
    this.advanceRun(target);
    if (capture) sim.world.capture = capture;
    if (sim.now > this.endTime) this.recordTimeline(sim.stats());
    this.markersSeen = sim.world.markers.length;
    const { hops, decisions } = sim.take();
    this.decisionHistory = decisions.slice(-DECISION_HISTORY);
    this.post({
      type: 'seeked',
      now: sim.now,
      hops,
      decisions: decisions.slice(-MAX_DECISIONS_PER_BATCH),
      stats: sim.stats(),
      samples: this.samples,
      markers: this.markers,
      endTime: this.endTime,
    });
    this.samplesSent = this.samples.length;
    this.markersSent = this.markers.length;
    // The configuration in force may differ at the new moment (a weight logged in between).
    this.postRunLog();
  }

  /**
   * Advance the simulation to `t`; past the timeline's recorded end (a fast-forward), in steps that
   * leave samples and markers behind, so charts and the timeline show the stretch as if played.
   */
  private advanceRecording(t: number): void {
    const sim = this.sim!;
    if (t <= this.endTime) {
      sim.advanceTo(t);
      return;
    }
    sim.advanceTo(this.endTime);
    const step = Math.max(1, (t - sim.now) / FAST_FORWARD_SAMPLES);
    while (sim.now < t) {
      sim.advanceTo(Math.min(t, sim.now + step));
      this.recordTimeline(sim.stats());
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
