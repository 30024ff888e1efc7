// Hops as columns for the trip from the simulation worker to the page: two typed arrays that are
// transferred, not cloned, plus the few node ids they name. Structured-cloning thousands of small
// hop objects per update cost the page about 15 % of its main thread at the app's heaviest load.
import type { Hop, NodeId, PacketKind } from '../sim/types';

/** Every packet kind, by the index a batch stores (the compiler checks the list is complete). */
const KIND_INDEX: Record<PacketKind, number> = {
  syn: 0,
  synack: 1,
  ack: 2,
  data: 3,
  fin: 4,
  rst: 5,
  arp: 6,
  heartbeat: 7,
  udp: 8,
  fragment: 9,
  igmp: 10,
  icmp: 11,
};
export const PACKET_KINDS: readonly PacketKind[] = (Object.keys(KIND_INDEX) as PacketKind[]).sort(
  (a, b) => KIND_INDEX[a] - KIND_INDEX[b],
);

export function packetKindIndex(kind: PacketKind): number {
  return KIND_INDEX[kind];
}

/** Int32 words per hop in `ints`: frame id, connection id, from, to, flags. */
export const HOP_INTS = 5;
/** Float64 words per hop in `times`: t0, t1 (simulated ms). */
export const HOP_TIMES = 2;
/** Bit of the flags word set for a loopback hop; the low byte is the packet kind's index. */
export const LOOPBACK_FLAG = 0x100;

/**
 * `count` hops. Hop i's words are `ints[5i..5i+4]` (frameId, connId, index into `nodes` of its
 * source and of its destination, kind index | LOOPBACK_FLAG) and `times[2i], times[2i+1]` (t0, t1).
 */
export interface HopBatch {
  count: number;
  /** The node ids the hops name, by index (a few dozen at most). */
  nodes: NodeId[];
  ints: Int32Array<ArrayBuffer>;
  times: Float64Array<ArrayBuffer>;
}

export function emptyHopBatch(): HopBatch {
  return { count: 0, nodes: [], ints: new Int32Array(0), times: new Float64Array(0) };
}

/** Packs `hops` into a batch (a fresh one: its buffers are meant to be transferred). */
export function encodeHops(hops: readonly Hop[]): HopBatch {
  const count = hops.length;
  const ints = new Int32Array(count * HOP_INTS);
  const times = new Float64Array(count * HOP_TIMES);
  const nodes: NodeId[] = [];
  const indexOf = new Map<NodeId, number>();
  const nodeIndex = (id: NodeId) => {
    let i = indexOf.get(id);
    if (i === undefined) {
      i = nodes.length;
      nodes.push(id);
      indexOf.set(id, i);
    }
    return i;
  };
  for (let i = 0; i < count; i++) {
    const hop = hops[i]!;
    const o = i * HOP_INTS;
    ints[o] = hop.frameId;
    ints[o + 1] = hop.connId;
    ints[o + 2] = nodeIndex(hop.from);
    ints[o + 3] = nodeIndex(hop.to);
    ints[o + 4] = KIND_INDEX[hop.kind] | (hop.loopback ? LOOPBACK_FLAG : 0);
    times[i * HOP_TIMES] = hop.t0;
    times[i * HOP_TIMES + 1] = hop.t1;
  }
  return { count, nodes, ints, times };
}

/** Hop `i` of a batch as an object (for tests and the rare reader; the canvas reads the columns). */
export function hopOf(batch: HopBatch, i: number): Hop {
  const o = i * HOP_INTS;
  const flags = batch.ints[o + 4]!;
  return {
    frameId: batch.ints[o]!,
    connId: batch.ints[o + 1]!,
    from: batch.nodes[batch.ints[o + 2]!]!,
    to: batch.nodes[batch.ints[o + 3]!]!,
    kind: PACKET_KINDS[flags & 0xff]!,
    loopback: (flags & LOOPBACK_FLAG) !== 0,
    t0: batch.times[i * HOP_TIMES]!,
    t1: batch.times[i * HOP_TIMES + 1]!,
  };
}

/** Every hop of a batch as objects. */
export function decodeHops(batch: HopBatch): Hop[] {
  const hops: Hop[] = [];
  for (let i = 0; i < batch.count; i++) hops.push(hopOf(batch, i));
  return hops;
}

/** The buffers to transfer with a message that carries `batch`. */
export function hopBatchTransfer(batch: HopBatch): ArrayBuffer[] {
  return [batch.ints.buffer, batch.times.buffer];
}

/** Whether `value` has a hop batch's shape and sizes (the page checks every update it gets). */
export function isHopBatch(value: unknown): value is HopBatch {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Partial<HopBatch>;
  return (
    typeof b.count === 'number' &&
    Number.isInteger(b.count) &&
    b.count >= 0 &&
    Array.isArray(b.nodes) &&
    b.ints instanceof Int32Array &&
    b.times instanceof Float64Array &&
    b.ints.length >= b.count * HOP_INTS &&
    b.times.length >= b.count * HOP_TIMES
  );
}
