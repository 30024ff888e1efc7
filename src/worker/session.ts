// Drives one Simulation for the page: applies commands, advances simulated time against wall time
// x speed while playing, and posts batched updates. No worker globals here, so it runs in tests too.
import { Simulation } from '../sim/simulation';
import type { Scenario } from '../scenario/types';
import {
  PROTOCOL_VERSION,
  SIM_MS_PER_WALL_MS_AT_1X,
  type WorkerCommand,
  type WorkerUpdate,
} from './protocol';

/** At most this many decisions go to the page per batch (the newest); the rest only count. */
const MAX_DECISIONS_PER_BATCH = 400;
/** Wall ms between two batches while playing (about one animation frame). */
export const TICK_WALL_MS = 16;
/** A tick never advances more than this much wall time, so a stalled tab does not jump ahead. */
const MAX_TICK_WALL_MS = 250;

/** Records in a classic pcap file (24-byte header, then 16-byte record headers). */
function countPcapRecords(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let offset = 24; offset + 16 <= bytes.byteLength; n++) offset += 16 + view.getUint32(offset + 8, true);
  return n;
}

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class SimulationSession {
  private sim: Simulation | null = null;
  private scenario: Scenario | null = null;
  private running = false;
  private speed = 1;
  private lastWall = 0;
  private timer: unknown = null;

  constructor(
    private readonly post: (update: WorkerUpdate) => void,
    private readonly clock: Clock,
  ) {}

  /** The current simulation (tests and the capture command read it). */
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
      case 'capture': {
        if (!this.sim) return;
        const point = this.sim.capturePoints().find((p) => p.id === command.pointId);
        const bytes = this.sim.pcap(command.pointId);
        if (!point || !bytes) {
          this.post({
            type: 'error',
            message: `There is no capture point "${command.pointId}" in this scenario.`,
          });
          return;
        }
        const fileName = `vip-lab-${point.label
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}.pcap`;
        const frames = countPcapRecords(bytes);
        const buffer = bytes.buffer.slice(
          bytes.byteOffset,
          bytes.byteOffset + bytes.byteLength,
        ) as ArrayBuffer;
        this.post({
          type: 'capture',
          pointId: point.id,
          fileName,
          bytes: buffer,
          frames,
          truncated: this.sim.world.capture?.truncated ?? false,
        });
        return;
      }
      case 'hostAction':
        if (!this.sim) return;
        this.sim.applyHostAction(command.cluster, command.hostIndex, command.action);
        this.postTick();
        return;
      case 'runConnections': {
        if (!this.sim) return;
        const count = Math.max(0, Math.min(100_000, Math.floor(command.count)));
        this.sim.runConnections(count);
        this.lastWall = this.clock.now();
        this.postTick(count);
        return;
      }
    }
  }

  private restart(): void {
    this.stopLoop();
    this.running = false;
    if (!this.scenario) return;
    this.sim = new Simulation(this.scenario);
    this.sim.enableCapture();
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
      this.sim.advanceTo(this.sim.now + elapsedWallMs * this.speed * SIM_MS_PER_WALL_MS_AT_1X);
      this.postTick();
      this.scheduleTick();
    } catch (error) {
      this.handle({ type: 'pause' });
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', message: `The simulation stopped: ${message}` });
    }
  }

  private postTick(bulkRunCompleted?: number): void {
    const sim = this.sim;
    if (!sim) return;
    const { hops, decisions } = sim.take();
    this.post({
      type: 'tick',
      now: sim.now,
      running: this.running,
      hops,
      decisions:
        decisions.length > MAX_DECISIONS_PER_BATCH ? decisions.slice(-MAX_DECISIONS_PER_BATCH) : decisions,
      stats: sim.stats(),
      ...(bulkRunCompleted !== undefined ? { bulkRunCompleted } : {}),
    });
  }
}
