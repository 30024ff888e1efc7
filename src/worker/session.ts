// Drives one Simulation for the page: applies commands, advances simulated time against wall time
// x speed while playing, and posts batched updates. Keeps the run's timeline (actions, samples,
// markers) so the page can seek to any moment: the engine is deterministic, so a moment is rebuilt
// by replaying the scenario and the logged actions up to it. No worker globals here.
import { Simulation } from '../sim/simulation';
import type { BulkRunOutcome, Decision, Stats } from '../sim/types';
import type { TimelineMarker } from '../sim/world';
import type { Scenario } from '../scenario/types';
import {
  MAX_DECISIONS_PER_BATCH,
  PROTOCOL_VERSION,
  sampleOf,
  SIM_MS_PER_WALL_MS_AT_1X,
  type PacketDetail,
  type StatsSample,
  type WorkerCommand,
  type WorkerUpdate,
} from './protocol';

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

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** An action that changes the run, with the simulated time it was applied at. */
type LoggedAction = { t: number; command: Extract<WorkerCommand, { type: 'runConnections' | 'hostAction' }> };

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

export class SimulationSession {
  private sim: Simulation | null = null;
  private scenario: Scenario | null = null;
  private running = false;
  private speed = 1;
  private lastWall = 0;
  private timer: unknown = null;
  /** The run's actions, in order: replaying them on a fresh simulation rebuilds any moment. */
  private actions: LoggedAction[] = [];
  /** How many of `actions` (from the first) the current simulation has applied. */
  private applied = 0;
  private samples: StatsSample[] = [];
  private samplesSent = 0;
  private markersSent = 0;
  /** Markers of the whole timeline (kept across seeks, cut when a new action changes the future). */
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
        this.scenario = command.scenario;
        this.restart();
        return;
      case 'reset':
        this.restart();
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
        if (!this.sim) return;
        this.running = false;
        this.stopLoop();
        this.sim.stepToNextDecision();
        this.postTick();
        return;
      case 'setSpeed':
        this.speed = Math.min(100, Math.max(0.05, command.speed));
        return;
      case 'runConnections': {
        if (!this.sim) return;
        const count = Math.max(0, Math.min(100_000, Math.floor(command.count)));
        this.logAction({ type: 'runConnections', count });
        const outcome = this.sim.runConnections(count);
        this.lastWall = this.clock.now();
        this.postTick(outcome);
        return;
      }
      case 'hostAction':
        if (!this.sim) return;
        this.logAction(command);
        this.sim.applyHostAction(command.cluster, command.hostIndex, command.action);
        this.postTick();
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
    }
  }

  private newSimulation(): Simulation {
    const sim = new Simulation(this.scenario!);
    sim.enableCapture();
    return sim;
  }

  private restart(): void {
    this.stopLoop();
    this.running = false;
    if (!this.scenario) return;
    this.sim = this.newSimulation();
    this.actions = [];
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

  /** A new action at a moment before the timeline's end replaces the future that was recorded. */
  private logAction(command: LoggedAction['command']): void {
    const now = this.sim!.now;
    // Whatever the current simulation has not applied is a future this action replaces.
    this.actions = this.actions.slice(0, this.applied);
    if (now < this.endTime) {
      this.samples = this.samples.filter((s) => s.t <= now);
      this.markers = this.markers.filter((m) => m.t <= now);
      this.samplesSent = this.samples.length;
      this.markersSent = this.markers.length;
      this.endTime = now;
    }
    this.actions.push({ t: now, command });
    this.applied = this.actions.length; // the caller applies it at once
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
      this.sim.advanceTo(this.sim.now + elapsedWallMs * this.speed * SIM_MS_PER_WALL_MS_AT_1X);
      this.postTick();
      this.scheduleTick();
    } catch (error) {
      this.handle({ type: 'pause' });
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', message: `The simulation stopped: ${message}` });
    }
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
    const { hops, decisions } = sim.take();
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
   * one replays the scenario and the logged actions (the engine is deterministic), reusing the
   * capture already recorded instead of recording it again. Either way it runs counters-only up to
   * the last moments, then in full, so packets in flight and the log are as they were.
   * A bulk run logged at time t belongs after t: seeking to t shows the moment before it.
   */
  private seek(t: number): void {
    if (!this.scenario || !this.sim) return;
    this.stopLoop();
    this.running = false;
    const target = Math.max(0, Math.min(t, Math.max(this.endTime, MAX_FAST_FORWARD_MS)));
    let sim = this.sim;
    if (target < sim.now) {
      const capture = sim.world.capture?.until(target) ?? null;
      sim = new Simulation(this.scenario);
      sim.world.capture = capture;
      this.applied = 0;
      this.markersSeen = 0;
    }
    this.sim = sim;
    sim.take();
    const fullFrom = Math.max(sim.now, target - SEEK_DETAIL_WINDOW_MS);
    sim.setDetail(fullFrom > sim.now ? 'counters' : 'full');
    const toFull = () => {
      if (sim.world.recorder.detail === 'full') return;
      this.advanceRecording(fullFrom);
      sim.take();
      sim.setDetail('full');
    };
    while (this.applied < this.actions.length) {
      const { t: at, command } = this.actions[this.applied]!;
      if (command.type === 'runConnections' ? at >= target : at > target) break;
      if (at >= fullFrom) toFull();
      this.advanceRecording(at);
      if (command.type === 'runConnections') sim.runConnections(command.count);
      else sim.applyHostAction(command.cluster, command.hostIndex, command.action);
      this.applied++;
    }
    toFull();
    this.advanceRecording(target);
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
