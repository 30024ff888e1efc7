// The sprite stamper: pixels land where they should, blend as source-over on un-premultiplied colour
// (what putImageData expects), never wrap round a row or leave the frame, and fade by dithering.
import { describe, expect, it } from 'vitest';
import {
  FADE_STEPS,
  fadedSprite,
  MAX_SPRITE_SCALE,
  PacketSpriteSet,
  PixelFrame,
  spriteFromRgba,
  spriteScaleFor,
  type Sprite,
} from './packetSprites';

type Rgba = [number, number, number, number];

/** A sprite from rows of pixels (null = transparent), anchored at (originX, originY). */
function sprite(rows: (Rgba | null)[][], originX = 0, originY = 0): Sprite {
  const h = rows.length;
  const w = rows[0]!.length;
  const rgba = new Uint8ClampedArray(w * h * 4);
  rows.forEach((row, y) =>
    row.forEach((px, x) => {
      if (px) rgba.set(px, (y * w + x) * 4);
    }),
  );
  return spriteFromRgba(rgba, w, h, originX, originY);
}

function pixel(frame: PixelFrame, x: number, y: number): Rgba {
  const o = (y * frame.width + x) * 4;
  return [...frame.clamped.subarray(o, o + 4)] as Rgba;
}

function pixelCount(s: Sprite): number {
  let n = s.edge.count;
  for (let k = 0; k < s.solid.count; k++) n += s.solid.length[k]!;
  return n;
}

/** Source-over of un-premultiplied colours, in floating point, rounded to nearest: the reference. */
function over(src: Rgba, dst: Rgba): Rgba {
  const sa = src[3] / 255;
  const da = dst[3] / 255;
  const outA = sa + da * (1 - sa);
  const c = (i: number) => Math.round((src[i]! * sa + dst[i]! * da * (1 - sa)) / outA);
  return [c(0), c(1), c(2), Math.round(outA * 255)];
}

/** Src-over pairs across every alpha the stamper blends and a spread of colours. */
function blendCases(): [Rgba, Rgba][] {
  const cases: [Rgba, Rgba][] = [];
  for (let a = 17; a < 240; a += 7) {
    cases.push(
      [[255, 0, 0, a], BLUE],
      [
        [0, 114, 178, a],
        [230, 159, 0, 255],
      ],
      [
        [29, 29, 31, a],
        [255, 255, 255, 255],
      ],
    );
  }
  return cases;
}

const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];

describe('spriteFromRgba', () => {
  it('keeps opaque pixels as runs, partial ones as edge pixels, and leaves out the faint fringe', () => {
    const s = sprite(
      [
        [null, [1, 2, 3, 10], null],
        [RED, RED, [9, 9, 9, 128]],
        [null, [4, 5, 6, 250], null],
      ],
      1,
      1,
    );
    // Two runs: (-1..0, 0) and the near-opaque (0, 1) snapped to opaque; one edge pixel; alpha 10 dropped.
    expect(s.solid.count).toBe(2);
    expect([...s.solid.length]).toEqual([2, 1]);
    expect([s.solid.dx[0], s.solid.dy[0], s.solid.dx[1], s.solid.dy[1]]).toEqual([-1, 0, 0, 1]);
    expect(s.edge.count).toBe(1);
    expect([s.edge.dx[0], s.edge.dy[0], s.edge.rgba[0]! >>> 24]).toEqual([1, 0, 128]);
    expect([s.minDx, s.maxDx, s.minDy, s.maxDy]).toEqual([-1, 1, 0, 1]);
  });
});

describe('PixelFrame.stamp', () => {
  it('copies a sprite onto an empty frame exactly, at its anchor', () => {
    const frame = new PixelFrame(8, 6);
    frame.stamp(sprite([[RED, [0, 128, 0, 100]]], 0, 0), 3, 2);
    expect(pixel(frame, 3, 2)).toEqual(RED);
    expect(pixel(frame, 4, 2)).toEqual([0, 128, 0, 100]);
    expect(pixel(frame, 2, 2)).toEqual([0, 0, 0, 0]);
    expect(pixel(frame, 3, 3)).toEqual([0, 0, 0, 0]);
  });

  it('lets an opaque pixel cover what is under it', () => {
    const frame = new PixelFrame(4, 4);
    frame.stamp(sprite([[BLUE]]), 1, 1);
    frame.stamp(sprite([[RED]]), 1, 1);
    expect(pixel(frame, 1, 1)).toEqual(RED);
  });

  it('blends a partial pixel onto an opaque one exactly as source-over (the packed path)', () => {
    const frame = new PixelFrame(1, 1);
    for (const [src, dst] of blendCases()) {
      frame.clear();
      frame.stamp(sprite([[dst]]), 0, 0);
      frame.stamp(sprite([[src]]), 0, 0);
      expect(pixel(frame, 0, 0)).toEqual(over(src, dst));
    }
  });

  it('blends the same way for a sprite clipped at the frame edge (the byte-wise path)', () => {
    const frame = new PixelFrame(2, 1);
    for (const [src, dst] of blendCases()) {
      frame.clear();
      frame.stamp(sprite([[dst]]), 1, 0);
      // Its left pixel lands on (1, 0), its right one off the frame.
      frame.stamp(sprite([[src, src]]), 1, 0);
      expect(pixel(frame, 1, 0)).toEqual(over(src, dst));
      expect(pixel(frame, 0, 0)).toEqual([0, 0, 0, 0]);
    }
  });

  it('blends a partial pixel onto a partial one with the resulting alpha', () => {
    const frame = new PixelFrame(1, 1);
    frame.stamp(sprite([[[0, 0, 255, 128]]]), 0, 0);
    frame.stamp(sprite([[[255, 0, 0, 128]]]), 0, 0);
    // outA = 128 + 128 * 127 / 255 = 191.75; red weighs 128 against blue's 63.75.
    expect(pixel(frame, 0, 0)).toEqual([170, 0, 85, 192]);
    expect(pixel(frame, 0, 0)).toEqual(over([255, 0, 0, 128], [0, 0, 255, 128]));
  });

  it('clips at every edge without wrapping into the next row or leaving the frame', () => {
    const frame = new PixelFrame(5, 4);
    const block = sprite(
      [
        [RED, RED, RED],
        [RED, [0, 0, 0, 100], RED],
        [RED, RED, RED],
      ],
      1,
      1,
    );
    // Centred on each corner: only the quarter inside the frame is drawn.
    frame.stamp(block, 0, 0);
    frame.stamp(block, 4, 3);
    const lit: string[] = [];
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 5; x++) if (pixel(frame, x, y)[3] > 0) lit.push(`${x},${y}`);
    expect(lit).toEqual(['0,0', '1,0', '0,1', '1,1', '3,2', '4,2', '3,3', '4,3']);
    expect(pixel(frame, 0, 0)).toEqual([0, 0, 0, 100]);
    // Wholly outside: nothing at all.
    frame.clear();
    frame.stamp(block, -2, 1);
    frame.stamp(block, 7, 1);
    frame.stamp(block, 2, -2);
    frame.stamp(block, 2, 6);
    expect([...frame.clamped].every((v) => v === 0)).toBe(true);
  });

  it('ignores a position that is not a number instead of drawing at the origin', () => {
    const frame = new PixelFrame(4, 4);
    frame.stamp(sprite([[[9, 9, 9, 100], RED]]), NaN, 1);
    frame.stamp(sprite([[RED]]), 1, NaN);
    expect([...frame.clamped].every((v) => v === 0)).toBe(true);
    expect(frame.dirtyRows()).toBeNull();
  });

  it('reports the rows it drew in, for a partial canvas update', () => {
    const frame = new PixelFrame(6, 10);
    frame.stamp(sprite([[RED], [RED], [RED]], 0, 1), 2, 4);
    frame.stamp(sprite([[BLUE]]), 5, 7);
    expect(frame.dirtyRows()).toEqual({ top: 3, bottom: 7 });
    frame.clear();
    expect(frame.dirtyRows()).toBeNull();
  });

  it('builds a sprite far bigger than a function call can take arguments', () => {
    const side = 500;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    const big = spriteFromRgba(rgba, side, side, side / 2, side / 2);
    expect([big.minDx, big.maxDx, big.minDy, big.maxDy]).toEqual([-250, 249, -250, 249]);
    expect(big.solid.count).toBe(side);
  });

  it('clears everything it drew', () => {
    const frame = new PixelFrame(6, 6);
    frame.stamp(sprite([[RED], [RED]]), 2, 1);
    frame.stamp(sprite([[BLUE]]), 5, 5);
    frame.clear();
    expect([...frame.clamped].every((v) => v === 0)).toBe(true);
  });

  it('follows a frame of another width (offsets are recomputed per stride)', () => {
    const s = sprite([[RED], [BLUE]]);
    const narrow = new PixelFrame(3, 3);
    narrow.stamp(s, 1, 0);
    const wide = new PixelFrame(9, 3);
    wide.stamp(s, 7, 1);
    expect(pixel(narrow, 1, 1)).toEqual(BLUE);
    expect(pixel(wide, 7, 2)).toEqual(BLUE);
    expect(pixel(wide, 7, 1)).toEqual(RED);
  });
});

describe('spriteScaleFor', () => {
  it('keeps whole scales, rounds others to steps of 2^(1/8), and stops at the maximum', () => {
    expect(spriteScaleFor(1)).toBe(1);
    expect(spriteScaleFor(2)).toBe(2);
    expect(spriteScaleFor(1.03)).toBe(1);
    expect(spriteScaleFor(1.25)).toBeCloseTo(2 ** (3 / 8), 12);
    expect(spriteScaleFor(40)).toBe(MAX_SPRITE_SCALE);
    // A zoom gesture from 1x to 5x at dpr 2 meets a few sets, not one per frame.
    const seen = new Set<number>();
    for (let s = 2; s <= 10; s += 0.01) seen.add(spriteScaleFor(s));
    expect(seen.size).toBeLessThanOrEqual(18);
    for (let s = 0.5; s <= MAX_SPRITE_SCALE; s += 0.01) {
      expect(Math.abs(spriteScaleFor(s) / s - 1)).toBeLessThan(0.05);
    }
  });
});

describe('fading', () => {
  const solid4x4 = sprite(Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => RED)));

  it('dithers: step n of 16 keeps n of every 16 pixels, unchanged', () => {
    expect(pixelCount(fadedSprite(solid4x4, 0))).toBe(0);
    expect(pixelCount(fadedSprite(solid4x4, 1))).toBe(1);
    expect(pixelCount(fadedSprite(solid4x4, 8))).toBe(8);
    expect(pixelCount(fadedSprite(solid4x4, FADE_STEPS))).toBe(16);
    // Half faded is a checkerboard, so it reads as the same shape, lighter.
    const half = fadedSprite(solid4x4, 8);
    const frame = new PixelFrame(4, 4);
    frame.stamp(half, 0, 0);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) expect(pixel(frame, x, y)[3]).toBe((x + y) % 2 === 0 ? 255 : 0);
    }
  });

  it('gives the whole sprite at full opacity, nothing when invisible, and caches each step', () => {
    const set = new PacketSpriteSet(1, new Map([['syn', solid4x4]]));
    expect(set.get('syn', 1)).toBe(solid4x4);
    expect(set.get('syn', 0.01)).toBeNull();
    const half = set.get('syn', 0.5)!;
    expect(pixelCount(half)).toBe(8);
    expect(set.get('syn', 0.51)).toBe(half);
    expect(set.get('data', 1)).toBeNull();
  });
});
