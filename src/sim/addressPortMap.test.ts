// AddressPortMap: values by (address, port), with pairs that mix to the same number told apart.
import { describe, expect, it } from 'vitest';
import { ipOrThrow } from './addr';
import { AddressPortMap, addressPortMix } from './addressPortMap';
import { outsideSourceAddress } from './client';
import { Prng } from './prng';

/**
 * 200,000 distinct pairs of the outside client's addresses and ports, then pairs of arbitrary
 * addresses and ports found to mix to a number an earlier one has (searched for, with a seeded
 * generator), until 20 such pairs are in.
 */
function pairs(): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Map<number, string>();
  const add = (ip: number, port: number): boolean => {
    const key = `${ip}:${port}`;
    const mix = addressPortMix(ip, port);
    const earlier = seen.get(mix);
    if (earlier === key) return false;
    seen.set(mix, key);
    out.push([ip, port]);
    return earlier !== undefined;
  };
  for (let i = 0; i < 200_000; i++) add(outsideSourceAddress(i % 50_000), 49152 + Math.floor(i / 50_000) * 7);
  const rng = new Prng(7);
  for (let shared = 0; shared < 20;) if (add(rng.uint32() | 0, rng.int(65536))) shared++;
  return out;
}

describe('AddressPortMap', () => {
  it('finds, replaces and deletes values by address and port', () => {
    const map = new AddressPortMap<number>();
    const a = ipOrThrow('172.16.0.1');
    map.set(a, 49152, 3);
    map.set(a, 49153, 4);
    map.set(ipOrThrow('10.0.0.11'), 49152, 5);
    expect(map.get(a, 49152)).toBe(3);
    expect(map.get(a, 49154)).toBeUndefined();
    map.set(a, 49152, 7);
    expect(map.get(a, 49152)).toBe(7);
    expect(map.size).toBe(3);
    expect(map.delete(a, 49152)).toBe(true);
    expect(map.delete(a, 49152)).toBe(false);
    expect(map.has(a, 49152)).toBe(false);
    expect(map.has(a, 49153)).toBe(true);
    expect(map.size).toBe(2);
    expect([...map.entries()].sort((x, y) => x[2] - y[2])).toEqual([
      [a, 49153, 4],
      [ipOrThrow('10.0.0.11'), 49152, 5],
    ]);
  });

  it('tells apart two ports of one address that mix to the same number', () => {
    // Found by a search over the outside client's addresses and ephemeral ports (the first such pair).
    const ip = ipOrThrow('172.16.0.130');
    const [first, second] = [49526, 56216];
    expect(addressPortMix(ip, first)).toBe(addressPortMix(ip, second));
    const map = new AddressPortMap<string>();
    map.set(ip, first, 'first');
    map.set(ip, second, 'second');
    expect([map.get(ip, first), map.get(ip, second), map.size]).toEqual(['first', 'second', 2]);
    map.delete(ip, second);
    expect([map.get(ip, first), map.get(ip, second), map.has(ip, second)]).toEqual([
      'first',
      undefined,
      false,
    ]);
  });

  it('keeps apart 200,000 pairs, some of which mix to the same number', () => {
    const all = pairs();
    const mixes = new Set(all.map(([ip, port]) => addressPortMix(ip, port)));
    expect(all.length - mixes.size).toBe(20); // shared numbers: the chains are exercised
    const map = new AddressPortMap<number>();
    all.forEach(([ip, port], i) => map.set(ip, port, i));
    expect(map.size).toBe(all.length);
    expect(all.filter(([ip, port], i) => map.get(ip, port) !== i)).toEqual([]);
    // Every other pair leaves; the rest stay, whichever place in a chain either had.
    all.forEach(([ip, port], i) => i % 2 === 0 && map.delete(ip, port));
    const odd = all.filter((_, i) => i % 2 === 1).length;
    expect(map.size).toBe(odd);
    expect(all.filter(([ip, port], i) => map.get(ip, port) !== (i % 2 === 0 ? undefined : i))).toEqual([]);
    const gone = map.deleteWhere((v) => v % 4 === 1);
    expect(gone).toBe(all.filter((_, i) => i % 4 === 1).length);
    expect(map.size).toBe(odd - gone);
    expect([...map.entries()].every(([, , v]) => v % 4 === 3)).toBe(true);
  });
});
