// The packet feed's hops as columns (typed arrays that grow by doubling), appended from the worker's
// hop batches and compacted in place: no object per hop, so tens of thousands of hops in flight cost
// the page neither decoding nor garbage. Node ids are interned once per feed, so a hop's ends are
// small numbers the canvas can look its routes up by.
import type { Hop, NodeId } from '../sim/types';
import { HOP_INTS, HOP_TIMES, LOOPBACK_FLAG, PACKET_KINDS, type HopBatch } from '../worker/hopBatch';

const INITIAL_CAPACITY = 1024;

export class HopColumns {
  count = 0;
  frameId = new Int32Array(INITIAL_CAPACITY);
  connId = new Int32Array(INITIAL_CAPACITY);
  /** Index into `nodes` of each hop's source and destination. */
  from = new Uint16Array(INITIAL_CAPACITY);
  to = new Uint16Array(INITIAL_CAPACITY);
  /** Index into PACKET_KINDS. */
  kind = new Uint8Array(INITIAL_CAPACITY);
  loopback = new Uint8Array(INITIAL_CAPACITY);
  /** Simulated ms the hop leaves its source and reaches its destination. */
  t0 = new Float64Array(INITIAL_CAPACITY);
  t1 = new Float64Array(INITIAL_CAPACITY);
  /**
   * Every node id seen, by index; never shrinks, so an index keeps its meaning for the feed's life
   * (the canvas caches routes by it). Topologies name a few hundred nodes at most.
   */
  readonly nodes: NodeId[] = [];
  private readonly nodeIndex = new Map<NodeId, number>();
  /** Bumped whenever hops move to other indices (compaction, clearing), so an index kept elsewhere is known stale. */
  generation = 0;

  internNode(id: NodeId): number {
    let i = this.nodeIndex.get(id);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push(id);
      this.nodeIndex.set(id, i);
    }
    return i;
  }

  private grow(needed: number): void {
    if (needed <= this.frameId.length) return;
    let capacity = this.frameId.length;
    while (capacity < needed) capacity *= 2;
    const widen = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(capacity);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.frameId = widen(this.frameId, (n) => new Int32Array(n));
    this.connId = widen(this.connId, (n) => new Int32Array(n));
    this.from = widen(this.from, (n) => new Uint16Array(n));
    this.to = widen(this.to, (n) => new Uint16Array(n));
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.loopback = widen(this.loopback, (n) => new Uint8Array(n));
    this.t0 = widen(this.t0, (n) => new Float64Array(n));
    this.t1 = widen(this.t1, (n) => new Float64Array(n));
  }

  /** Appends the batch's hops that end at or after `keepAfter` (simulated ms). */
  append(batch: HopBatch, keepAfter: number): void {
    if (batch.count === 0) return;
    const local = batch.nodes.map((id) => this.internNode(id));
    this.grow(this.count + batch.count);
    const { ints, times } = batch;
    let n = this.count;
    for (let i = 0; i < batch.count; i++) {
      const t1 = times[i * HOP_TIMES + 1]!;
      if (t1 < keepAfter) continue;
      const o = i * HOP_INTS;
      const flags = ints[o + 4]!;
      this.frameId[n] = ints[o]!;
      this.connId[n] = ints[o + 1]!;
      this.from[n] = local[ints[o + 2]!]!;
      this.to[n] = local[ints[o + 3]!]!;
      this.kind[n] = flags & 0xff;
      this.loopback[n] = flags & LOOPBACK_FLAG ? 1 : 0;
      this.t0[n] = times[i * HOP_TIMES]!;
      this.t1[n] = t1;
      n++;
    }
    this.count = n;
  }

  /** The hops as one batch in the worker's layout (append's inverse): what a copy of the feed starts from. */
  toBatch(): HopBatch {
    const ints = new Int32Array(this.count * HOP_INTS);
    const times = new Float64Array(this.count * HOP_TIMES);
    for (let i = 0; i < this.count; i++) {
      const o = i * HOP_INTS;
      ints[o] = this.frameId[i]!;
      ints[o + 1] = this.connId[i]!;
      // Indices into this feed's own node table, which goes with the batch.
      ints[o + 2] = this.from[i]!;
      ints[o + 3] = this.to[i]!;
      ints[o + 4] = this.kind[i]! | (this.loopback[i] ? LOOPBACK_FLAG : 0);
      times[i * HOP_TIMES] = this.t0[i]!;
      times[i * HOP_TIMES + 1] = this.t1[i]!;
    }
    return { count: this.count, nodes: [...this.nodes], ints, times };
  }

  /** Keeps only the hops for which `keep(i)` holds, in order. */
  retain(keep: (i: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (!keep(i)) continue;
      if (n !== i) this.move(i, n);
      n++;
    }
    if (n !== this.count) {
      this.count = n;
      this.generation += 1;
    }
  }

  /** Keeps only the newest `max` hops. */
  keepNewest(max: number): void {
    const drop = this.count - max;
    if (drop <= 0) return;
    for (let i = drop; i < this.count; i++) this.move(i, i - drop);
    this.count = max;
    this.generation += 1;
  }

  clear(): void {
    if (this.count === 0) return;
    this.count = 0;
    this.generation += 1;
  }

  private move(from: number, to: number): void {
    this.frameId[to] = this.frameId[from]!;
    this.connId[to] = this.connId[from]!;
    this.from[to] = this.from[from]!;
    this.to[to] = this.to[from]!;
    this.kind[to] = this.kind[from]!;
    this.loopback[to] = this.loopback[from]!;
    this.t0[to] = this.t0[from]!;
    this.t1[to] = this.t1[from]!;
  }

  /** Hop `i` as an object (tests, a click on a packet, the view export: never per frame). */
  hop(i: number): Hop {
    return {
      frameId: this.frameId[i]!,
      connId: this.connId[i]!,
      from: this.nodes[this.from[i]!]!,
      to: this.nodes[this.to[i]!]!,
      kind: PACKET_KINDS[this.kind[i]!]!,
      loopback: this.loopback[i] === 1,
      t0: this.t0[i]!,
      t1: this.t1[i]!,
    };
  }

  /** Every hop as objects, in order (tests). */
  toArray(): Hop[] {
    const hops: Hop[] = [];
    for (let i = 0; i < this.count; i++) hops.push(this.hop(i));
    return hops;
  }
}
