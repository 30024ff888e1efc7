// The feed's hop columns: batches naming their nodes in any order land on the same node indices,
// old hops are left out or compacted away in order, and indices kept elsewhere are known stale.
import { describe, expect, it } from 'vitest';
import type { Hop } from '../sim/types';
import { encodeHops } from '../worker/hopBatch';
import { HopColumns } from './hopColumns';

const hop = (frameId: number, from: string, to: string, t0: number, t1: number): Hop => ({
  frameId,
  connId: frameId % 7,
  from,
  to,
  t0,
  t1,
  kind: frameId % 2 ? 'syn' : 'ack',
  loopback: from === to,
});

describe('hop columns', () => {
  it('intern node ids across batches, so an index means one node for the feed’s life', () => {
    const columns = new HopColumns();
    columns.append(encodeHops([hop(1, 'client', 'router', 0, 1), hop(2, 'router', 'switch', 1, 2)]), 0);
    // A second batch names the same nodes in another order, and a new one.
    columns.append(encodeHops([hop(3, 'switch', 'A2', 2, 3), hop(4, 'router', 'client', 3, 4)]), 0);
    expect(columns.nodes).toEqual(['client', 'router', 'switch', 'A2']);
    expect(Array.from(columns.from.subarray(0, 4))).toEqual([0, 1, 2, 1]);
    expect(Array.from(columns.to.subarray(0, 4))).toEqual([1, 2, 3, 0]);
    expect(columns.toArray().map((h) => h.frameId)).toEqual([1, 2, 3, 4]);
    columns.clear();
    columns.append(encodeHops([hop(5, 'A2', 'A2', 5, 6)]), 0);
    expect(columns.hop(0)).toEqual(hop(5, 'A2', 'A2', 5, 6));
    expect(columns.from[0]).toBe(3);
  });

  it('leave out hops that ended before the batch’s cut-off, and grow past their first size', () => {
    const columns = new HopColumns();
    const many = Array.from({ length: 5_000 }, (_, i) => hop(i, 'switch', `A${i % 32}`, i, i + 0.5));
    columns.append(encodeHops(many), 2_500);
    // Hop i ends at i + 0.5: those from 2,500 on are kept.
    expect(columns.count).toBe(2_500);
    expect(columns.hop(0).frameId).toBe(2_500);
    expect(columns.hop(2_499)).toEqual(many[4_999]);
  });

  it('compact in order, keep the newest under a cap, and mark indices stale when hops move', () => {
    const columns = new HopColumns();
    const six = [1, 2, 3, 4, 5, 6].map((i) => hop(i, 'switch', 'A1', i, i + 1));
    columns.append(encodeHops(six), 0);
    const before = columns.generation;
    columns.retain((i) => columns.frameId[i]! % 2 === 0);
    expect(columns.toArray()).toEqual([six[1], six[3], six[5]]);
    expect(columns.generation).toBe(before + 1);
    // Keeping all moves nothing: indices stay good.
    columns.retain(() => true);
    expect(columns.generation).toBe(before + 1);
    columns.keepNewest(2);
    expect(columns.toArray()).toEqual([six[3], six[5]]);
    expect(columns.generation).toBe(before + 2);
    // Appending moves nothing either.
    columns.append(encodeHops([hop(7, 'A1', 'switch', 7, 8)]), 0);
    expect(columns.generation).toBe(before + 2);
    expect(columns.count).toBe(3);
  });

  it('give back their hops as one batch that a fresh copy takes in exactly', () => {
    const columns = new HopColumns();
    // Node indices in an order the copy has not seen: the batch carries its own node table.
    columns.append(encodeHops([hop(1, 'A2', 'switch', 0, 1), hop(2, 'router', 'client', 1, 2)]), 0);
    columns.append(encodeHops([hop(3, 'A1', 'A1', 2, 3.5), hop(4, 'switch', 'A2', 3, 4)]), 0);
    columns.retain((i) => i !== 1);
    const copy = new HopColumns();
    copy.append(encodeHops([hop(9, 'client', 'A1', 0, 1)]), 0);
    copy.clear();
    copy.append(columns.toBatch(), -Infinity);
    expect(copy.toArray()).toEqual(columns.toArray());
    expect(copy.toArray().map((h) => [h.frameId, h.loopback])).toEqual([
      [1, false],
      [3, true],
      [4, false],
    ]);
  });
});
