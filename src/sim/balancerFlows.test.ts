// A balancer's flow map: flows found by their packets' five numbers through a small-integer hash,
// flows whose numbers share a hash told apart, one flow per five numbers.
import { describe, expect, it } from 'vitest';
import { ipOrThrow } from './addr';
import { FlowMap, flowKeyHash, type Flow } from './balancerFlows';
import type { Endpoints } from './types';

const TCP = 6;

function flowFrom(e: Endpoints): Flow {
  return {
    protocol: TCP,
    fromCaller: e,
    toCaller: { src: e.dst, srcPort: e.dstPort, dst: e.src, dstPort: e.srcPort },
    toBackend: e,
    backend: 0,
    blocked: false,
    finFromCaller: false,
    finFromBackend: false,
    lastSeen: 0,
  };
}

/** Two callers' packets to port 80 whose five numbers mix to the same hash, 141,370,917 (addresses signed, as addr.ts keeps them). */
const first: Endpoints = { src: 2886785282 | 0, srcPort: 61971, dst: 167772240, dstPort: 80 };
const second: Endpoints = { src: 2886793974 | 0, srcPort: 65271, dst: 167772260, dstPort: 80 };

describe('FlowMap', () => {
  it('finds a flow by its five numbers, replaces it by another, and forgets it', () => {
    const map = new FlowMap();
    const e: Endpoints = {
      src: ipOrThrow('172.16.0.1'),
      srcPort: 49152,
      dst: ipOrThrow('10.0.0.100'),
      dstPort: 80,
    };
    const a = flowFrom(e);
    const b = flowFrom(e);
    map.set(TCP, e, a);
    expect(map.get(TCP, e.src, e.srcPort, e.dst, e.dstPort)).toBe(a);
    expect(map.get(17, e.src, e.srcPort, e.dst, e.dstPort)).toBeUndefined(); // UDP: another flow
    expect(map.get(TCP, e.src, 49153, e.dst, e.dstPort)).toBeUndefined();
    map.set(TCP, e, b);
    expect(map.get(TCP, e.src, e.srcPort, e.dst, e.dstPort)).toBe(b);
    expect(map.size).toBe(1);
    map.delete(TCP, e);
    expect(map.get(TCP, e.src, e.srcPort, e.dst, e.dstPort)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('tells apart flows whose numbers share a hash', () => {
    expect(flowKeyHash(TCP, first.src, first.srcPort, first.dst, first.dstPort)).toBe(141370917);
    expect(flowKeyHash(TCP, second.src, second.srcPort, second.dst, second.dstPort)).toBe(141370917);
    const map = new FlowMap();
    const a = flowFrom(first);
    const b = flowFrom(second);
    map.set(TCP, first, a);
    expect(map.get(TCP, second.src, second.srcPort, second.dst, second.dstPort)).toBeUndefined();
    map.set(TCP, second, b);
    expect(map.get(TCP, first.src, first.srcPort, first.dst, first.dstPort)).toBe(a);
    expect(map.get(TCP, second.src, second.srcPort, second.dst, second.dstPort)).toBe(b);
    const again = flowFrom(second);
    map.set(TCP, second, again);
    expect(map.size).toBe(2);
    map.delete(TCP, first);
    expect(map.get(TCP, first.src, first.srcPort, first.dst, first.dstPort)).toBeUndefined();
    expect(map.get(TCP, second.src, second.srcPort, second.dst, second.dstPort)).toBe(again);
    map.delete(TCP, second);
    expect(map.size).toBe(0);
  });
});
