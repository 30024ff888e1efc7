// Hop batches: the columns the worker transfers decode to exactly the hops the engine recorded, for
// every packet kind, and the page's check turns away what does not fit.
import { describe, expect, it } from 'vitest';
import type { Hop } from '../sim/types';
import { decodeHops, encodeHops, hopBatchTransfer, isHopBatch, PACKET_KINDS } from './hopBatch';

const hops: Hop[] = PACKET_KINDS.map((kind, i) => ({
  frameId: 1_000_000 + i,
  connId: i % 3,
  from: i % 2 ? 'switch' : `h${i}`,
  to: i === 5 ? `h${i}` : 'switch',
  t0: 0.125 * i,
  t1: 1_234.5 + i,
  kind,
  loopback: i === 5,
}));

describe('hop batches', () => {
  it('decode to the hops encoded, every kind and the loopback flag included', () => {
    expect(PACKET_KINDS).toHaveLength(12);
    const batch = encodeHops(hops);
    expect(batch.count).toBe(12);
    // Each node id once: 'switch' and the six even-numbered hosts (h5 only as a destination).
    expect(batch.nodes).toHaveLength(1 + 6 + 1);
    expect(decodeHops(batch)).toEqual(hops);
  });

  it('travel as transferred buffers and arrive whole', () => {
    const batch = encodeHops(hops);
    const arrived = structuredClone(batch, { transfer: hopBatchTransfer(batch) });
    // The sender's buffers are gone (moved, not copied); the receiver's decode the same.
    expect(batch.ints.byteLength).toBe(0);
    expect(decodeHops(arrived)).toEqual(hops);
    expect(isHopBatch(arrived)).toBe(true);
  });

  it('are checked for shape and size', () => {
    const batch = encodeHops(hops);
    expect(isHopBatch(batch)).toBe(true);
    expect(isHopBatch(hops)).toBe(false);
    expect(isHopBatch({ ...batch, count: 13 })).toBe(false);
    expect(isHopBatch({ ...batch, times: Array.from(batch.times) })).toBe(false);
    expect(isHopBatch({ ...batch, count: -1 })).toBe(false);
  });
});
