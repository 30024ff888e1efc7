// The stamping worker's half, in Node: sprites survive the trip to the worker exactly, a sprite code
// names the same look on both sides, and a frame job stamps the same pixels as the main thread does.
import { describe, expect, it } from 'vitest';
import {
  FADE_STEPS,
  PacketSpriteSet,
  PixelFrame,
  packPixels,
  spriteCode,
  spriteFromRgba,
  unpackSprite,
  type Sprite,
} from './packetSprites';
import { dropRepeatedStamps, Stamper } from './packetStamper';
import { PACKET_GROUPS, type PacketGroup } from './packetStyle';

/** A 5 x 5 disc-ish sprite with opaque middle and partial rim, in colour `rgb`, anchored at its centre. */
function disc(rgb: [number, number, number]): Sprite {
  const rgba = new Uint8ClampedArray(5 * 5 * 4);
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const d = Math.hypot(x - 2, y - 2);
      const a = d <= 1.1 ? 255 : d <= 2.1 ? 130 : d <= 2.9 ? 40 : 0;
      rgba.set([...rgb, a], (y * 5 + x) * 4);
    }
  }
  return spriteFromRgba(rgba, 5, 5, 2, 2);
}

const BASE = new Map<PacketGroup, Sprite>([
  ['syn', disc([0, 114, 178])],
  ['data', disc([0, 158, 115])],
  ['finrst', disc([213, 94, 0])],
]);

describe('packing sprites for the worker', () => {
  it('rebuilds a sprite exactly: same pixels, runs, edge pixels and extent', () => {
    const original = BASE.get('syn')!;
    const copy = unpackSprite(packPixels(original.pixels));
    expect(copy.pixels).toEqual(original.pixels);
    expect([...copy.solid.word]).toEqual([...original.solid.word]);
    expect([...copy.edge.word]).toEqual([...original.edge.word]);
    expect([copy.minDx, copy.maxDx, copy.minDy, copy.maxDy]).toEqual([
      original.minDx,
      original.maxDx,
      original.minDy,
      original.maxDy,
    ]);
  });
});

describe('sprite codes', () => {
  it('name the same sprite as get() at every fade step, and nothing when invisible', () => {
    const set = new PacketSpriteSet(1, BASE);
    for (const group of ['syn', 'data', 'finrst'] as const) {
      for (let step = 0; step <= FADE_STEPS; step++) {
        const alpha = step / FADE_STEPS;
        const code = spriteCode(group, alpha);
        if (step === 0) expect(code).toBe(-1);
        else expect(set.byCode(code)).toBe(set.get(group, alpha));
      }
    }
    // Distinct per group and step.
    const codes = new Set<number>();
    for (const group of PACKET_GROUPS)
      for (let step = 1; step <= FADE_STEPS; step++) codes.add(spriteCode(group, step / FADE_STEPS));
    expect(codes.size).toBe(PACKET_GROUPS.length * FADE_STEPS);
    expect(set.byCode(-1)).toBeNull();
    expect(set.byCode(spriteCode('arp', 1))).toBeNull();
  });
});

describe('Stamper', () => {
  /** Overlapping packets, some faded, some clipped at the edges. */
  const packets: [PacketGroup, number, number, number][] = [
    ['syn', 1, 3, 3],
    ['data', 1, 4, 3],
    ['finrst', 0.5, 5, 4],
    ['data', 0.25, 0, 0],
    ['syn', 1, 11, 7],
    ['finrst', 1, 6, 3],
  ];

  it('stamps a frame job exactly as the main thread stamps the same packets', () => {
    const stamper = new Stamper();
    const set = new PacketSpriteSet(1, BASE);
    stamper.setSprites(1, set.packed());
    const stamps = new Int32Array(packets.length * 3);
    packets.forEach(([group, alpha, x, y], i) => stamps.set([spriteCode(group, alpha), x, y], i * 3));
    const frame = stamper.render({ seq: 1, key: 1, width: 12, height: 8, count: packets.length, stamps });

    const expected = new PixelFrame(12, 8);
    for (const [group, alpha, x, y] of packets) expected.stamp(set.get(group, alpha)!, x, y);
    expect([...frame.clamped]).toEqual([...expected.clamped]);
    expect(frame.dirtyRows()).toEqual(expected.dirtyRows());
  });

  it('starts each job from a clear frame, follows a new size, and draws nothing for a forgotten set', () => {
    const stamper = new Stamper();
    stamper.setSprites(2, new PacketSpriteSet(2, BASE).packed());
    const one = new Int32Array([spriteCode('syn', 1), 3, 3]);
    const first = stamper.render({ seq: 1, key: 2, width: 8, height: 8, count: 1, stamps: one });
    expect(first.dirtyRows()).toEqual({ top: 1, bottom: 5 });
    const moved = new Int32Array([spriteCode('syn', 1), 3, 10]);
    const second = stamper.render({ seq: 2, key: 2, width: 8, height: 14, count: 1, stamps: moved });
    expect(second.height).toBe(14);
    expect(second.dirtyRows()).toEqual({ top: 8, bottom: 12 });
    expect([...second.clamped.subarray(0, 8 * 8 * 4)].every((v) => v === 0)).toBe(true);
    stamper.forget(2);
    const third = stamper.render({ seq: 3, key: 2, width: 8, height: 14, count: 1, stamps: moved });
    expect(third.dirtyRows()).toBeNull();
  });
});

describe('stacked repeats', () => {
  const syn = spriteCode('syn', 1);
  const data = spriteCode('data', 1);

  it('keep the latest of each exact repeat, in order, and change nothing without repeats', () => {
    const stamps = new Int32Array([syn, 1, 1, data, 2, 2, syn, 1, 1, syn, 1, 2, data, 2, 2, 7, 7, 7]);
    // The last triple is beyond `count`: untouched.
    expect(dropRepeatedStamps(stamps, 5)).toBe(3);
    expect([...stamps.subarray(0, 9)]).toEqual([syn, 1, 1, syn, 1, 2, data, 2, 2]);
    const distinct = new Int32Array([syn, 1, 1, data, 1, 1, syn, 2, 1]);
    expect(dropRepeatedStamps(distinct, 3)).toBe(3);
    expect([...distinct]).toEqual([syn, 1, 1, data, 1, 1, syn, 2, 1]);
  });

  it('a stack of one packet draws exactly one packet, under what came later and over what came before', () => {
    const set = new PacketSpriteSet(1, BASE);
    const stamper = new Stamper();
    stamper.setSprites(1, set.packed());
    const stack: number[] = [data, 4, 3];
    for (let i = 0; i < 40; i++) stack.push(syn, 5, 4);
    stack.push(data, 6, 4);
    const stamps = new Int32Array(stack);
    const frame = stamper.render({ seq: 1, key: 1, width: 12, height: 8, count: stamps.length / 3, stamps });
    const expected = new PixelFrame(12, 8);
    expected.stamp(set.get('data', 1)!, 4, 3);
    expected.stamp(set.get('syn', 1)!, 5, 4);
    expected.stamp(set.get('data', 1)!, 6, 4);
    expect([...frame.clamped]).toEqual([...expected.clamped]);
  });

  it('are found among many thousands (the hash table grows and probes past collisions)', () => {
    const n = 30_000;
    const stamps = new Int32Array(n * 3);
    // 10,000 distinct pixels, each stamped three times over.
    for (let i = 0; i < n; i++) stamps.set([syn, i % 100, Math.floor((i % 10_000) / 100)], i * 3);
    expect(dropRepeatedStamps(stamps, n)).toBe(10_000);
    // The kept ones are the last round, in order.
    expect([...stamps.subarray(0, 6)]).toEqual([syn, 0, 0, syn, 1, 0]);
  });
});
