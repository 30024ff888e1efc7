// Layered stamping (PixelFrame.beginLayers, as stampInto draws every frame) against a plain
// back-to-front reference written out here: many random overlapping stamps, faded and whole, clipped
// at the frame edges, must give exactly the same bytes.
import { describe, expect, it } from 'vitest';
import {
  FADE_STEPS,
  PacketSpriteSet,
  PixelFrame,
  spriteCode,
  spriteFromRgba,
  type Sprite,
} from './packetSprites';
import { stampInto } from './packetStamper';
import type { PacketGroup } from './packetStyle';

/** A deterministic pseudo-random sequence in [0, 1), so a failure can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An anti-aliased disc of radius `radius` with a dark rim: opaque middle, partial edge pixels. */
function disc(rgb: [number, number, number], radius: number): Sprite {
  const half = Math.ceil(radius) + 1;
  const size = half * 2 + 1;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - half, y - half);
      const coverage = Math.max(0, Math.min(1, radius + 0.5 - d));
      const colour = d > radius - 1.2 ? [29, 29, 31] : rgb;
      rgba.set([...colour, Math.round(coverage * 255)], (y * size + x) * 4);
    }
  }
  return spriteFromRgba(rgba, size, size, half, half);
}

const div255 = (x: number) => Math.floor((x + 128 + Math.floor((x + 128) / 256)) / 256);

/**
 * The reference: every stamp in order, every pixel source-over onto what is there (un-premultiplied,
 * rounded as the frame documents it), exact repeats of a later stamp left out as stampInto does.
 */
function referenceStamp(
  width: number,
  height: number,
  set: PacketSpriteSet,
  stamps: readonly [number, number, number][],
): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  const seen = new Set<string>();
  const kept = [...stamps].reverse().filter((stamp) => {
    const key = stamp.join();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // kept holds them last first: draw from its end.
  for (let k = kept.length - 1; k >= 0; k--) {
    const [code, x, y] = kept[k]!;
    const sprite = set.byCode(code);
    if (!sprite) continue;
    for (const p of sprite.pixels) {
      const px = x + p.dx;
      const py = y + p.dy;
      if (px < 0 || px >= width || py < 0 || py >= height) continue;
      const o = (py * width + px) * 4;
      const da = out[o + 3]!;
      if (p.a === 255 || da === 0) {
        out.set([p.r, p.g, p.b, p.a], o);
      } else if (da === 255) {
        for (const [c, s] of [p.r, p.g, p.b].entries())
          out[o + c] = div255(s * p.a + out[o + c]! * (255 - p.a));
      } else {
        const keep = da * (255 - p.a);
        const total = p.a * 255 + keep;
        for (const [c, s] of [p.r, p.g, p.b].entries()) {
          out[o + c] = Math.round((s * p.a * 255 + out[o + c]! * keep) / total);
        }
        out[o + 3] = div255(total);
      }
    }
  }
  return out;
}

const GROUPS: PacketGroup[] = ['syn', 'data', 'finrst'];

function spriteSet(radius: number): PacketSpriteSet {
  return new PacketSpriteSet(
    1,
    new Map<PacketGroup, Sprite>([
      ['syn', disc([0, 114, 178], radius)],
      ['data', disc([0, 158, 115], radius + 0.6)],
      ['finrst', disc([213, 94, 0], radius - 0.4)],
    ]),
  );
}

/** `count` stamps, most in stacks along a few lines (as packets on links), some anywhere, some off the frame. */
function randomStamps(
  random: () => number,
  count: number,
  width: number,
  height: number,
): [number, number, number][] {
  const stamps: [number, number, number][] = [];
  while (stamps.length < count) {
    const x0 = random() * (width + 20) - 10;
    const y0 = random() * (height + 20) - 10;
    const angle = random() * Math.PI * 2;
    let t = 0;
    const along = 5 + Math.floor(random() * 40);
    for (let k = 0; k < along && stamps.length < count; k++) {
      const group = GROUPS[Math.floor(random() * GROUPS.length)]!;
      // A third faded (dithered sprites, so some stamps have no opaque pixel at all).
      const alpha = random() < 0.35 ? Math.ceil(random() * (FADE_STEPS - 1)) / FADE_STEPS : 1;
      const x = Math.round(x0 + Math.cos(angle) * t);
      const y = Math.round(y0 + Math.sin(angle) * t);
      stamps.push([spriteCode(group, alpha), x, y]);
      // Sometimes the same packet again on the same pixel: the repeats stampInto leaves out.
      if (random() < 0.2) stamps.push([spriteCode(group, alpha), x, y]);
      t += 0.3 + random() * 2;
    }
  }
  return stamps.slice(0, count);
}

function stampedFrame(
  frame: PixelFrame,
  set: PacketSpriteSet,
  stamps: readonly [number, number, number][],
): Uint8ClampedArray {
  frame.clear();
  stampInto(frame, set, Int32Array.from(stamps.flat()), stamps.length);
  return frame.clamped;
}

describe('layered stamping', () => {
  it('draws exactly what plain back-to-front source-over draws, over many random overlapping stamps', () => {
    const random = randomSource(7);
    // Widths not a multiple of 32: a row's coverage bits then start mid-word. Radius 18 and 25
    // make sprites wider than 32 pixels (rows of two or more mask words, as at deep zoom).
    for (const [width, height, radius] of [
      [45, 31, 4],
      [64, 40, 6.5],
      [97, 23, 8],
      [33, 70, 2.5],
      [101, 67, 18],
      [150, 90, 25],
    ] as const) {
      const set = spriteSet(radius);
      // One frame reused across jobs, as the worker does: each job must start from nothing covered.
      const frame = new PixelFrame(width, height);
      for (let job = 0; job < 6; job++) {
        const stamps = randomStamps(random, 50 + Math.floor(random() * 600), width, height);
        const got = stampedFrame(frame, set, stamps);
        const expected = referenceStamp(width, height, set, stamps);
        let differing = 0;
        for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) differing++;
        expect(differing).toBe(0);
      }
    }
  });

  it('matches stamp() in order when every stamp is faded (no opaque pixels) or clipped', () => {
    const random = randomSource(11);
    const set = spriteSet(5);
    const width = 20;
    const height = 12;
    const stamps: [number, number, number][] = [];
    for (let i = 0; i < 400; i++) {
      const group = GROUPS[i % 3]!;
      const alpha = i % 2 === 0 ? 0.5 : 1;
      stamps.push([spriteCode(group, alpha), Math.floor(random() * 34) - 7, Math.floor(random() * 26) - 7]);
    }
    const frame = new PixelFrame(width, height);
    const got = [...stampedFrame(frame, set, stamps)];
    const expected = referenceStamp(width, height, set, stamps);
    expect(got).toEqual([...expected]);
  });

  it('keeps working past its first buffers (many thousands of visible edge pixels)', () => {
    const random = randomSource(3);
    const set = spriteSet(7);
    const width = 300;
    const height = 200;
    // Spread out, so nearly every edge pixel stays visible.
    const stamps: [number, number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      stamps.push([
        spriteCode(GROUPS[i % 3]!, 1),
        Math.floor(random() * width),
        Math.floor(random() * height),
      ]);
    }
    const frame = new PixelFrame(width, height);
    const got = stampedFrame(frame, set, stamps);
    const expected = referenceStamp(width, height, set, stamps);
    let differing = 0;
    for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) differing++;
    expect(differing).toBe(0);
  });
});
