// The checkpoints a session keeps of its run, so a seek restores the nearest one before the moment
// it wants and replays only from there (issue 15: a seek in constant time, whatever the run's length).
// Each remembers which part of the run log it had applied; one the log no longer agrees with is
// never used. Memory is bounded: past MAX_CHECKPOINTS (or MAX_CHECKPOINT_OBJECTS objects in all), every
// other one goes and the spacing doubles.
import { takeCheckpoint, type SimulationCheckpoint } from '../sim/checkpoint';
import type { Simulation } from '../sim/simulation';
import type { LogEntry } from '../scenario/changes';
import type { Scenario } from '../scenario/types';

/** Events between two checkpoints at first: replaying this many takes a few tens of wall ms. */
export const CHECKPOINT_SPACING_EVENTS = 10_000;
/** Checkpoints kept at most. */
export const MAX_CHECKPOINTS = 256;
/**
 * Objects held in all checkpoints at most (each object of the engine's state is some tens of bytes:
 * this is a few tens of MB). A quiet run's checkpoint is a few hundred objects; 32 busy hosts', thousands.
 */
export const MAX_CHECKPOINT_OBJECTS = 600_000;

/** A checkpoint and the run it belongs to: the starting point and the log entries it had applied. */
export interface SessionCheckpoint {
  readonly checkpoint: SimulationCheckpoint;
  readonly start: Scenario;
  /** The run log when it was taken (logs are replaced, never changed in place). */
  readonly log: readonly LogEntry[];
  /** How many of `log`'s entries the simulation had applied. */
  readonly applied: number;
}

export class SeekCheckpoints {
  private list: SessionCheckpoint[] = [];
  /** Events between two checkpoints now (doubles each time the list is thinned). */
  private spacing: number;

  constructor(private readonly firstSpacing = CHECKPOINT_SPACING_EVENTS) {
    this.spacing = firstSpacing;
  }

  /** Events between two checkpoints now. */
  get spacingEvents(): number {
    return this.spacing;
  }

  get size(): number {
    return this.list.length;
  }

  /** Objects held in all checkpoints (what they cost in memory). */
  get objects(): number {
    return this.list.reduce((n, c) => n + c.checkpoint.objects, 0);
  }

  clear(): void {
    this.list = [];
    this.spacing = this.firstSpacing;
  }

  /**
   * Take a checkpoint of `sim` if the last one before its moment is `spacing` events or more behind
   * (call between pieces of work, never in the middle of a batch of connections).
   */
  offer(sim: Simulation, start: Scenario, log: readonly LogEntry[], applied: number): void {
    const events = sim.world.eventsProcessed;
    let i = this.list.length;
    while (i > 0 && this.list[i - 1]!.checkpoint.t > sim.now) i--;
    const before = this.list[i - 1];
    const after = this.list[i];
    if (before && events - before.checkpoint.events < this.spacing) return;
    if (after && after.checkpoint.events - events < this.spacing / 2 && this.usable(after, start, log))
      return;
    this.list.splice(i, 0, { checkpoint: takeCheckpoint(sim), start, log, applied });
    if (this.list.length > MAX_CHECKPOINTS || this.objects > MAX_CHECKPOINT_OBJECTS) this.thin();
  }

  /**
   * The latest usable checkpoint strictly before simulated time `t` (ms): one of this run whose
   * applied log entries are still the log's first ones, and no later entry of the log falls before it.
   */
  before(t: number, start: Scenario, log: readonly LogEntry[]): SessionCheckpoint | null {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const c = this.list[i]!;
      if (c.checkpoint.t < t && this.usable(c, start, log)) return c;
    }
    return null;
  }

  /** Forget the checkpoints after simulated time `t` (ms): a change at `t` replaces that future. */
  dropAfter(t: number): void {
    this.list = this.list.filter((c) => c.checkpoint.t <= t);
  }

  /** Forget every checkpoint the run as it now stands cannot use (a logged batch was cut short). */
  prune(start: Scenario, log: readonly LogEntry[]): void {
    this.list = this.list.filter((c) => this.usable(c, start, log));
  }

  private usable(c: SessionCheckpoint, start: Scenario, log: readonly LogEntry[]): boolean {
    if (c.start !== start || c.applied > log.length) return false;
    for (let i = 0; i < c.applied; i++) if (c.log[i] !== log[i]) return false;
    const next = log[c.applied];
    return next === undefined || next.t >= c.checkpoint.t;
  }

  /** Keep every other checkpoint (the first stays) and space new ones twice as far apart. */
  private thin(): void {
    this.list = this.list.filter((_, i) => i % 2 === 0);
    this.spacing *= 2;
  }
}
