// Checkpoints of a running engine: a deep copy of a Simulation's whole object graph, taken between
// two events and restored as a new Simulation that runs on exactly as the original would have.
// Possible because events are data (a component, a method name, arguments; see eventQueue.ts) and
// no component holds a closure; the copy refuses to go on if one ever does.
import { Balancer } from './balancer';
import { Recorder } from './recorder';
import { Simulation } from './simulation';
import { World } from './world';

/** A copy of a simulation at one moment, kept apart from the running one (never run itself). */
export interface SimulationCheckpoint {
  /** Simulated ms. */
  readonly t: number;
  /** Events processed up to this moment (the checkpoint's place in the run). */
  readonly events: number;
  /** Objects in the copy: what it costs to keep and to restore. */
  readonly objects: number;
  readonly state: Simulation;
}

/**
 * What a field holds for the page, not for the run (the pcap capture, hops, decisions, frames and
 * connection ends waiting to be taken, a balancer's rewrites for the inspector): a checkpoint starts
 * these empty, as a replay at counters detail would have them. Each is checked to exist, so a
 * renamed field fails loudly instead of being copied.
 */
const TRANSIENT: ReadonlyArray<{
  owner: abstract new (...args: never[]) => object;
  field: string;
  empty: () => unknown;
}> = [
  { owner: World, field: 'capture', empty: () => null },
  { owner: Recorder, field: 'hops', empty: () => [] },
  { owner: Recorder, field: 'decisions', empty: () => [] },
  { owner: Recorder, field: 'frames', empty: () => new Map() },
  { owner: Simulation, field: 'ended', empty: () => [] },
  { owner: Balancer, field: 'rewrites', empty: () => new Map() },
];

/**
 * Copies an object graph: every object reached is copied once (shared references and cycles stay
 * shared and cyclic in the copy), class instances keep their prototypes, Maps and Sets their
 * entries (keys copied too), typed arrays their bytes. Frozen objects are immutable and stay shared.
 * A function found on the way is an error: it would carry the old graph inside it.
 *
 * Written here rather than taken from a library: structuredClone drops prototypes, and lodash's
 * cloneDeep shares functions silently and leaves Map keys uncopied, both wrong for this use.
 */
class GraphCopier {
  private readonly copies = new Map<object, unknown>();

  constructor(transient: Map<object, unknown>) {
    for (const [from, to] of transient) this.copies.set(from, to);
  }

  get objects(): number {
    return this.copies.size;
  }

  copy<T>(value: T): T {
    if (typeof value === 'function')
      throw new Error(
        `A checkpoint cannot copy a function (${value.name || 'anonymous'}): state must be data`,
      );
    if (value === null || typeof value !== 'object') return value;
    const seen = this.copies.get(value);
    if (seen !== undefined || this.copies.has(value)) return seen as T;
    if (Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      this.copies.set(value, out);
      for (let i = 0; i < value.length; i++) out[i] = this.copy(value[i]);
      return out as T;
    }
    if (value instanceof Map) {
      const out = new Map();
      this.copies.set(value, out);
      for (const [k, v] of value) out.set(this.copy(k), this.copy(v));
      return out as T;
    }
    if (value instanceof Set) {
      const out = new Set();
      this.copies.set(value, out);
      for (const v of value) out.add(this.copy(v));
      return out as T;
    }
    if (ArrayBuffer.isView(value)) {
      const out = (value as unknown as Uint8Array).slice();
      this.copies.set(value, out);
      return out as T;
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null && !isClassInstance(value))
      throw new Error(`A checkpoint cannot copy a ${Object.prototype.toString.call(value)}`);
    const out = Object.create(proto) as Record<string, unknown>;
    this.copies.set(value, out);
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) out[key] = this.copy(source[key]);
    return out as T;
  }
}

/** A plain object of a class of ours (not a Date, a RegExp, a Promise or another built-in with hidden state). */
function isClassInstance(value: object): boolean {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object Object]';
}

/** The transient fields of the simulation's graph, each mapped to the empty value a copy gets. */
function transientOf(sim: Simulation): Map<object, unknown> {
  const out = new Map<object, unknown>();
  const holders: object[] = [sim.world, sim.world.recorder, sim, ...sim.balancers];
  for (const { owner, field, empty } of TRANSIENT) {
    for (const holder of holders) {
      if (!(holder instanceof owner)) continue;
      if (!(field in holder)) throw new Error(`Checkpoint: no field "${field}" where it was expected`);
      const value = (holder as Record<string, unknown>)[field];
      if (value !== null && typeof value === 'object') out.set(value, empty());
    }
  }
  return out;
}

/** A copy of `sim` at its current moment (between two events); `sim` itself is not touched. */
export function takeCheckpoint(sim: Simulation): SimulationCheckpoint {
  const copier = new GraphCopier(transientOf(sim));
  const state = copier.copy(sim);
  // The capture field may have been null already (nothing to substitute): the copy never records.
  state.world.capture = null;
  return { t: sim.now, events: sim.world.eventsProcessed, objects: copier.objects, state };
}

/**
 * A new simulation at the checkpoint's moment, to run on (the checkpoint stays as it was, to be
 * restored again). It records nothing for the pcap capture until one is given to it.
 */
export function restoreCheckpoint(checkpoint: SimulationCheckpoint): Simulation {
  return new GraphCopier(new Map()).copy(checkpoint.state);
}
