// Packet sprites for the canvas: each packet style rasterized once per scale into the list of its
// visible pixels, and a pixel frame that stamps thousands of them per animation frame in plain
// JavaScript (in the stamping worker where there is one), then goes to the canvas in one putImageData.
// Per-packet canvas calls cost too much in software rendering: drawImage of a 17 px sprite measured
// about 6 wall µs a call in headless Chromium without a GPU (120 ms for 20,000); a stamp is a short loop.
import { PACKET_GROUPS, PACKET_OUTLINE, PACKET_STYLES, type PacketGroup } from './packetStyle';

/** Some pixels of a sprite, relative to its anchor, in parallel arrays. */
export interface PixelList {
  count: number;
  dx: Int16Array;
  dy: Int16Array;
  /** Each pixel as the frame's 32-bit word (same byte order as the frame, whatever the platform's). */
  word: Int32Array;
  /** Each pixel as r | g << 8 | b << 16 | a << 24 whatever the platform's byte order. */
  rgba: Int32Array;
}

/** Runs of horizontally adjacent opaque pixels (a stamp clipped at the frame's edge covers them run by run). */
export interface RunList {
  count: number;
  /** Start of each run, relative to the anchor. */
  dx: Int16Array;
  dy: Int16Array;
  length: Int16Array;
  /** Every run's pixels as frame words, run after run. */
  word: Int32Array;
}

/**
 * The visible pixels of one rasterized shape at one opacity, split so the usual case is a plain copy:
 * `solid` pixels are opaque and simply overwrite; `edge` pixels (anti-aliasing, or all of a faded
 * sprite) blend.
 */
/**
 * A sprite's pixels row by row as bit masks, 32 pixels a word: what a layered stamp tests against the
 * frame's coverage bits a row at a time (PixelFrame.stampUnder).
 */
export interface RowMasks {
  count: number;
  /** dy of row 0. */
  top: number;
  /** Per row (dy = top + row): dx of the row's bit 0. */
  left: Int16Array;
  /** 32-bit words per row, the same for every row. */
  chunks: number;
  /** Bit k of word (row * chunks + k >> 5): pixel left + k of the row is in the sprite ... */
  occupied: Int32Array;
  /** ... and opaque. */
  solid: Int32Array;
  /** Pixel left + k of row `row` at [row * chunks * 32 + k]: as the frame's word, and as rgba. */
  word: Int32Array;
  rgba: Int32Array;
  /** dy * stride + left per row, for the frame width last prepared. */
  offsets: Int32Array;
  stride: number;
}

export interface Sprite {
  solid: RunList;
  edge: PixelList;
  rows: RowMasks;
  /** Every pixel, row-major, as it was built from: what a faded copy is made from. */
  pixels: readonly RawPixel[];
  /** Extent of dx / dy over both lists, so a stamp knows when it needs clipping. */
  minDx: number;
  maxDx: number;
  minDy: number;
  maxDy: number;
}

export interface RawPixel {
  dx: number;
  dy: number;
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * One pixel's RGBA as a 32-bit word in this platform's byte order. Signed words throughout: V8 keeps
 * them as small integers, where unsigned words above 2^31 would become doubles in the hot loops.
 */
const packBytes = new Uint8Array(4);
const packWord = new Int32Array(packBytes.buffer);
function wordOf(r: number, g: number, b: number, a: number): number {
  packBytes[0] = r;
  packBytes[1] = g;
  packBytes[2] = b;
  packBytes[3] = a;
  return packWord[0]!;
}
/** Words are A<<24 | B<<16 | G<<8 | R: the packed blend applies (every mainstream platform). */
const LITTLE_ENDIAN = wordOf(1, 0, 0, 0) === 1;

function pixelList(pixels: readonly RawPixel[]): PixelList {
  const n = pixels.length;
  const list: PixelList = {
    count: n,
    dx: new Int16Array(n),
    dy: new Int16Array(n),
    word: new Int32Array(n),
    rgba: new Int32Array(n),
  };
  pixels.forEach((p, i) => {
    list.dx[i] = p.dx;
    list.dy[i] = p.dy;
    list.word[i] = wordOf(p.r, p.g, p.b, p.a);
    list.rgba[i] = p.r | (p.g << 8) | (p.b << 16) | (p.a << 24);
  });
  return list;
}

/** Opaque pixels, in row-major order, as runs of adjacent pixels. */
function runList(pixels: readonly RawPixel[]): RunList {
  const starts: number[] = [];
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i]!;
    const prev = pixels[i - 1];
    if (!prev || prev.dy !== p.dy || prev.dx !== p.dx - 1) starts.push(i);
  }
  const n = starts.length;
  const list: RunList = {
    count: n,
    dx: new Int16Array(n),
    dy: new Int16Array(n),
    length: new Int16Array(n),
    word: Int32Array.from(pixels, (p) => wordOf(p.r, p.g, p.b, p.a)),
  };
  starts.forEach((start, k) => {
    list.dx[k] = pixels[start]!.dx;
    list.dy[k] = pixels[start]!.dy;
    list.length[k] = (starts[k + 1] ?? pixels.length) - start;
  });
  return list;
}

function rowMasks(
  pixels: readonly RawPixel[],
  minDx: number,
  maxDx: number,
  minDy: number,
  maxDy: number,
): RowMasks {
  const count = maxDy - minDy + 1;
  // Every row starts at the sprite's left edge: one chunk count for all rows, at a few spare bits.
  const chunks = Math.max(1, Math.ceil((maxDx - minDx + 1) / 32));
  const rows: RowMasks = {
    count,
    top: minDy,
    left: new Int16Array(count).fill(minDx),
    chunks,
    occupied: new Int32Array(count * chunks),
    solid: new Int32Array(count * chunks),
    word: new Int32Array(count * chunks * 32),
    rgba: new Int32Array(count * chunks * 32),
    offsets: new Int32Array(count),
    stride: 0,
  };
  for (const p of pixels) {
    const row = p.dy - minDy;
    const k = p.dx - minDx;
    const bit = 1 << (k & 31);
    rows.occupied[row * chunks + (k >>> 5)]! |= bit;
    if (p.a === 255) rows.solid[row * chunks + (k >>> 5)]! |= bit;
    rows.word[row * chunks * 32 + k] = wordOf(p.r, p.g, p.b, p.a);
    rows.rgba[row * chunks * 32 + k] = p.r | (p.g << 8) | (p.b << 16) | (p.a << 24);
  }
  return rows;
}

function spriteOf(pixels: readonly RawPixel[]): Sprite {
  // A loop, not Math.min(...): a big sprite has more pixels than a call may take arguments.
  let minDx = Infinity;
  let maxDx = -Infinity;
  let minDy = Infinity;
  let maxDy = -Infinity;
  for (const p of pixels) {
    minDx = Math.min(minDx, p.dx);
    maxDx = Math.max(maxDx, p.dx);
    minDy = Math.min(minDy, p.dy);
    maxDy = Math.max(maxDy, p.dy);
  }
  const empty = pixels.length === 0;
  return {
    solid: runList(pixels.filter((p) => p.a === 255)),
    edge: pixelList(pixels.filter((p) => p.a < 255)),
    rows: rowMasks(pixels, empty ? 0 : minDx, empty ? 0 : maxDx, empty ? 0 : minDy, empty ? -1 : maxDy),
    pixels,
    minDx: empty ? 0 : minDx,
    maxDx: empty ? 0 : maxDx,
    minDy: empty ? 0 : minDy,
    maxDy: empty ? 0 : maxDy,
  };
}

/**
 * Coverage at or above this (of 255) counts as opaque, at or below FAINT_ALPHA as empty. The seam
 * where a shape's fill meets its outline rasterizes at 240-254 and the outermost fringe at 1-16: a
 * third of a shape's pixels, which would otherwise take the blend. Neither change is visible at
 * packet size; both halve the blending work.
 */
const OPAQUE_ALPHA = 240;
const FAINT_ALPHA = 16;

/**
 * A sprite from an RGBA (un-premultiplied, as ImageData) block `w` x `h` whose anchor pixel is
 * (originX, originY). Nearly transparent pixels are left out, so a stamp only touches the shape.
 */
export function spriteFromRgba(
  rgba: Uint8ClampedArray,
  w: number,
  h: number,
  originX: number,
  originY: number,
): Sprite {
  const pixels: RawPixel[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const coverage = rgba[o + 3]!;
      if (coverage <= FAINT_ALPHA) continue;
      const a = coverage >= OPAQUE_ALPHA ? 255 : coverage;
      pixels.push({ dx: x - originX, dy: y - originY, r: rgba[o]!, g: rgba[o + 1]!, b: rgba[o + 2]!, a });
    }
  }
  return spriteOf(pixels);
}

/** Opacity steps a fading packet is drawn at: one per cell of the 4 x 4 dither pattern. */
export const FADE_STEPS = 16;

/** 4 x 4 ordered-dither (Bayer) thresholds: cell order in which pixels drop out as a packet fades. */
const BAYER_4X4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

/**
 * `sprite` at `step` / FADE_STEPS opacity, as an ordered dither: that share of its pixels, spread
 * evenly, unchanged. A faded packet then costs less than a whole one (fewer pixels, no extra
 * blending), where scaling every pixel's alpha would make all of them blend.
 */
export function fadedSprite(sprite: Sprite, step: number): Sprite {
  return spriteOf(sprite.pixels.filter((p) => BAYER_4X4[(p.dy & 3) * 4 + (p.dx & 3)]! < step));
}

/**
 * Bits of row chunks masks[m .. m + chunks - 1] lined up with the `j`th coverage word a row
 * starting `shift` bits into a word straddles.
 */
function lineUp(masks: Int32Array, m: number, chunks: number, j: number, shift: number): number {
  const chunk = j < chunks ? masks[m + j]! : 0;
  // ">>> 32" would shift by 0, hence the test.
  if (shift === 0) return chunk;
  const before = j > 0 ? masks[m + j - 1]! : 0;
  return (chunk << shift) | (before >>> (32 - shift));
}

/** Where a stamp lands on the frame (PixelFrame.place). */
type Placement = 0 | 1 | 2;
const OFF = 0;
const INSIDE = 1;
const CLIPPED = 2;

/**
 * A canvas-sized RGBA buffer (un-premultiplied, as putImageData wants it). `clear` empties it and
 * `stamp` draws a sprite source-over. Pixels never written stay 0 (transparent): a stamp never
 * writes alpha 0, so a zero word always means "nothing here yet" and takes the fast copy.
 */
export class PixelFrame {
  /** The pixels as ImageData wants them. */
  readonly clamped: Uint8ClampedArray<ArrayBuffer>;
  /** The same memory as plain bytes (no clamping on store: the blend keeps values in 0..255) ... */
  private readonly bytes: Uint8Array;
  /** ... and as one word per pixel, for copying a whole pixel at once. */
  private readonly words: Int32Array;
  /**
   * A layered batch's state (beginLayers): one bit per pixel, set once a stamp has put an opaque
   * pixel there (bit d of the frame's pixel d) ...
   */
  private covered = new Int32Array(0);
  /** ... and every edge pixel left visible, top stamp first: its frame pixel and its colour (rgba). */
  private visiblePixel = new Int32Array(0);
  private visibleColour = new Int32Array(0);
  private visibleCount = 0;
  /** Device-pixel rows written since the last clear, so clearing touches only those. */
  private dirtyTop = Infinity;
  private dirtyBottom = -Infinity;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.clamped = new Uint8ClampedArray(width * height * 4);
    this.bytes = new Uint8Array(this.clamped.buffer);
    this.words = new Int32Array(this.clamped.buffer);
  }

  /** The device-pixel rows stamped since the last clear (inclusive), or null when none were. */
  dirtyRows(): { top: number; bottom: number } | null {
    return this.dirtyBottom < this.dirtyTop ? null : { top: this.dirtyTop, bottom: this.dirtyBottom };
  }

  clear(): void {
    if (this.dirtyBottom < this.dirtyTop) return;
    this.words.fill(0, this.dirtyTop * this.width, (this.dirtyBottom + 1) * this.width);
    this.dirtyTop = Infinity;
    this.dirtyBottom = -Infinity;
  }

  /**
   * Draws `sprite` with its anchor at device pixel (x, y) (integers), clipped to the frame, over what
   * the frame holds: a layered batch of one. For one stamp at a time (tests, a single mark); a
   * frame's packets go through stampInto, one batch for all of them.
   */
  stamp(sprite: Sprite, x: number, y: number): void {
    this.beginLayers();
    this.stampUnder(sprite, x, y);
    this.endLayers();
  }

  /**
   * Starts a layered batch: stamps given top one first (stampUnder), then finished at once
   * (endLayers), to exactly the picture of painting them bottom one first, each over the last
   * (source-over; layeredStamping.test.ts checks it against such a painter). Top down, a pixel an opaque
   * pixel has taken is done: later (lower) stamps skip it, up to 32 pixels at a time, and their edge
   * pixels there are never blended. With packets stacked seven deep along the links that is most of
   * the copying and blending. The edge pixels left visible are blended at the end, bottom stamp
   * first, onto the topmost opaque pixel under them, as painting in order would have.
   */
  beginLayers(): void {
    const coveredWords = (this.width * this.height + 31) >>> 5;
    if (this.covered.length !== coveredWords) this.covered = new Int32Array(coveredWords);
    else this.covered.fill(0);
    this.visibleCount = 0;
  }

  /** Draws `sprite` at (x, y) under every stamp of this batch so far (see beginLayers). */
  stampUnder(sprite: Sprite, x: number, y: number): void {
    const placed = this.place(sprite, x, y);
    if (placed === OFF) return;
    const edge = sprite.edge;
    if (this.visiblePixel.length < this.visibleCount + edge.count) this.growVisible(edge.count);
    if (placed === INSIDE) {
      this.coverRows(sprite.rows, y * this.width + x);
    } else {
      this.coverSolidClipped(sprite.solid, x, y);
      this.findVisibleEdgeClipped(edge, x, y);
    }
  }

  /** Blends the batch's visible edge pixels, bottom stamp first, and ends the batch. */
  endLayers(): void {
    const { visiblePixel, visibleColour } = this;
    // Found top stamp first: from the last found back is bottom stamp first (a stamp's own edge
    // pixels are distinct, so their order among themselves does not matter).
    for (let v = this.visibleCount - 1; v >= 0; v--) this.blendColour(visiblePixel[v]!, visibleColour[v]!);
    this.visibleCount = 0;
  }

  /** Source-over of one edge pixel's colour (rgba: r in the low byte, alpha 1..254) onto pixel `d`. */
  private blendColour(d: number, rgba: number): void {
    const { words } = this;
    const under = words[d]!;
    const a = rgba >>> 24;
    if (LITTLE_ENDIAN && under === 0) {
      words[d] = rgba;
    } else if (LITTLE_ENDIAN && under >>> 24 === 255) {
      const r = rgba & 0xff;
      const g = (rgba >>> 8) & 0xff;
      const b = (rgba >>> 16) & 0xff;
      words[d] = blendPacked(under, 255 - a, (r * a) | ((b * a) << 16), g * a);
    } else {
      const o = d << 2;
      const { bytes } = this;
      if (under === 0) {
        bytes[o] = rgba & 0xff;
        bytes[o + 1] = (rgba >>> 8) & 0xff;
        bytes[o + 2] = (rgba >>> 16) & 0xff;
        bytes[o + 3] = a;
      } else blendOver(bytes, o, rgba & 0xff, (rgba >>> 8) & 0xff, (rgba >>> 16) & 0xff, a);
    }
  }

  /** Where `sprite` at (x, y) lands: OFF the frame, wholly INSIDE, or CLIPPED; notes its rows as drawn. */
  private place(sprite: Sprite, x: number, y: number): Placement {
    const { width, height } = this;
    // NaN would pass every bound check below and land on pixel 0.
    if (!Number.isFinite(x) || !Number.isFinite(y)) return OFF;
    if (x + sprite.maxDx < 0 || x + sprite.minDx >= width) return OFF;
    if (y + sprite.maxDy < 0 || y + sprite.minDy >= height) return OFF;
    const top = Math.max(0, y + sprite.minDy);
    const bottom = Math.min(height - 1, y + sprite.maxDy);
    if (top < this.dirtyTop) this.dirtyTop = top;
    if (bottom > this.dirtyBottom) this.dirtyBottom = bottom;
    const inside =
      x + sprite.minDx >= 0 && x + sprite.maxDx < width && y + sprite.minDy >= 0 && y + sprite.maxDy < height;
    return inside ? INSIDE : CLIPPED;
  }

  private growVisible(atLeast: number): void {
    const size = Math.max(4096, (this.visibleCount + atLeast) * 2);
    const pixel = new Int32Array(size);
    const colour = new Int32Array(size);
    pixel.set(this.visiblePixel.subarray(0, this.visibleCount));
    colour.set(this.visibleColour.subarray(0, this.visibleCount));
    this.visiblePixel = pixel;
    this.visibleColour = colour;
  }

  /**
   * A whole stamp under the batch so far, a row at a time: each 32-pixel stretch of a row tests the
   * coverage bits once; only its pixels not yet covered are visited, the opaque ones copied (and
   * covered from then on), the edge ones noted for endLayers. Deep in a stack of packets most
   * stretches are wholly covered and cost that one test.
   */
  private coverRows(rows: RowMasks, base: number): void {
    const offsets = this.prepareRows(rows);
    const { covered } = this;
    const { occupied, solid, chunks, count } = rows;
    if (chunks === 1) {
      // Rows of up to 32 pixels (every sprite short of deep zoom): two coverage words at most.
      for (let r = 0; r < count; r++) {
        const start = base + offsets[r]!;
        const shift = start & 31;
        const q = start >>> 5;
        const row = occupied[r]!;
        const low = row << shift;
        if ((low & ~covered[q]!) !== 0) this.coverWord(rows, r, start, q, low, solid[r]! << shift);
        // ">>> 32" would shift by 0, hence the test.
        const high = shift === 0 ? 0 : row >>> (32 - shift);
        if (high !== 0 && (high & ~covered[q + 1]!) !== 0) {
          this.coverWord(rows, r, start, q + 1, high, solid[r]! >>> (32 - shift));
        }
      }
      return;
    }
    for (let r = 0; r < count; r++) {
      const start = base + offsets[r]!;
      const shift = start & 31;
      const m = r * chunks;
      let q = start >>> 5;
      // With the row not aligned to a coverage word it straddles one more word than it has chunks.
      const last = shift === 0 ? chunks - 1 : chunks;
      for (let j = 0; j <= last; j++, q++) {
        const here = lineUp(occupied, m, chunks, j, shift);
        if (here !== 0 && (here & ~covered[q]!) !== 0) {
          this.coverWord(rows, r, start, q, here, lineUp(solid, m, chunks, j, shift));
        }
      }
    }
  }

  /**
   * The pixels of row `r` (starting at frame pixel `start`) in coverage word `q`, given as that
   * word's bits (`here`, opaque ones `hereSolid`): those not yet covered are drawn, the opaque ones
   * copied and covered from then on, the edge ones noted for endLayers.
   */
  private coverWord(
    rows: RowMasks,
    r: number,
    start: number,
    q: number,
    here: number,
    hereSolid: number,
  ): void {
    const { covered, words, visiblePixel, visibleColour } = this;
    const { word, rgba } = rows;
    const coveredBits = covered[q]!;
    let open = here & ~coveredBits;
    const openSolid = open & hereSolid;
    if (openSolid !== 0) covered[q] = coveredBits | openSolid;
    const pixel0 = q << 5;
    // Where this word's bit 0 falls in the row's pixel arrays.
    const at0 = r * rows.chunks * 32 + pixel0 - start;
    let v = this.visibleCount;
    do {
      const low = open & -open;
      const bit = 31 - Math.clz32(low);
      if ((openSolid & low) !== 0) {
        words[pixel0 + bit] = word[at0 + bit]!;
      } else {
        visiblePixel[v] = pixel0 + bit;
        visibleColour[v] = rgba[at0 + bit]!;
        v++;
      }
      open ^= low;
    } while (open !== 0);
    this.visibleCount = v;
  }

  private prepareRows(rows: RowMasks): Int32Array {
    if (rows.stride !== this.width) {
      for (let r = 0; r < rows.count; r++) rows.offsets[r] = (rows.top + r) * this.width + rows.left[r]!;
      rows.stride = this.width;
    }
    return rows.offsets;
  }

  private coverSolidClipped(list: RunList, x: number, y: number): void {
    const { width, height } = this;
    const { dx, dy, length, count } = list;
    let w = 0;
    for (let k = 0; k < count; k++) {
      const py = y + dy[k]!;
      const n = length[k]!;
      if (py >= 0 && py < height) {
        const from = Math.max(0, x + dx[k]!);
        const to = Math.min(width, x + dx[k]! + n);
        const row = py * width;
        if (from < to) this.coverRun(list.word, w + from - (x + dx[k]!), row + from, row + to);
      }
      w += n;
    }
  }

  /**
   * Frame pixels start..end-1 (one row) take words[w..] where no stamp of the batch has covered them
   * yet, and count as covered from then on. A stretch already covered costs one read of its
   * coverage bits, not a read or write per pixel.
   */
  private coverRun(word: Int32Array, w: number, start: number, end: number): void {
    const { covered, words } = this;
    let d = start;
    while (d < end) {
      const bits = d >>> 5;
      const first = d & 31;
      const span = Math.min(32 - first, end - d);
      const mask = span === 32 ? -1 : ((1 << span) - 1) << first;
      let open = ~covered[bits]! & mask;
      if (open !== 0) {
        covered[bits] = covered[bits]! | open;
        // The pixel of the stretch's first bit, and where its word is in the run.
        const pixel0 = bits << 5;
        const word0 = w + pixel0 - start;
        do {
          const low = open & -open;
          const b = 31 - Math.clz32(low);
          words[pixel0 + b] = word[word0 + b]!;
          open ^= low;
        } while (open !== 0);
      }
      d += span;
    }
  }

  /** A clipped stamp's edge pixels that no stamp above it has covered: noted for endLayers. */
  private findVisibleEdgeClipped(list: PixelList, x: number, y: number): void {
    const { width, height, covered, visiblePixel, visibleColour } = this;
    const { dx, dy, rgba, count } = list;
    let v = this.visibleCount;
    for (let i = 0; i < count; i++) {
      const px = x + dx[i]!;
      const py = y + dy[i]!;
      if (px < 0 || px >= width || py < 0 || py >= height) continue;
      const d = py * width + px;
      if ((covered[d >>> 5]! & (1 << (d & 31))) !== 0) continue;
      visiblePixel[v] = d;
      visibleColour[v] = rgba[i]!;
      v++;
    }
    this.visibleCount = v;
  }
}

/**
 * Source-over onto the opaque little-endian word `under` of a pixel whose premultiplied source is
 * (rb, gp) and whose remaining weight is `rest` (PixelList): on the packed word, red and blue side
 * by side in one multiply.
 */
function blendPacked(under: number, rest: number, rb: number, gp: number): number {
  // Each 16-bit lane holds at most 255 * 255, so lanes never carry into each other.
  const x = (Math.imul(under & 0xff00ff, rest) + rb) | 0;
  const y = ((under >>> 8) & 0xff) * rest + gp;
  // x / 255 per lane, rounded: (x + 128 + ((x + 128) >> 8)) >> 8.
  const x1 = (x + 0x00800080) | 0;
  const rbOut = ((x1 + ((x1 >>> 8) & 0x00ff00ff)) >>> 8) & 0x00ff00ff;
  const y1 = y + 128;
  const gOut = (y1 + (y1 >>> 8)) >>> 8;
  return 0xff000000 | rbOut | (gOut << 8);
}

/** x / 255 rounded to nearest, for x in 0..65025, without a division (as the packed path rounds). */
const div255 = (x: number) => {
  const y = x + 128;
  return (y + (y >> 8)) >> 8;
};

/**
 * Source-over of colour (r, g, b) at alpha `sa` (1..254) onto the non-empty pixel at byte `o`, in
 * un-premultiplied colour: out = (src * sa + dst * da * (1 - sa)) / outA. Byte-wise, so it holds on
 * any byte order.
 */
function blendOver(bytes: Uint8Array, o: number, r: number, g: number, b: number, sa: number): void {
  const da = bytes[o + 3]!;
  const rest = 255 - sa;
  if (da === 255) {
    // Onto an opaque pixel (the usual overlap): no division by the resulting alpha.
    bytes[o] = div255(r * sa + bytes[o]! * rest);
    bytes[o + 1] = div255(g * sa + bytes[o + 1]! * rest);
    bytes[o + 2] = div255(b * sa + bytes[o + 2]! * rest);
    return;
  }
  const keep = da * rest; // dst weight, x255
  const total = sa * 255 + keep; // out alpha, x255
  const srcW = sa * 255;
  bytes[o] = Math.round((r * srcW + bytes[o]! * keep) / total);
  bytes[o + 1] = Math.round((g * srcW + bytes[o + 1]! * keep) / total);
  bytes[o + 2] = Math.round((b * srcW + bytes[o + 2]! * keep) / total);
  bytes[o + 3] = div255(total);
}

/**
 * Largest sprite scale rasterized: past it (deep zoom, or less on a dense display) packets stop
 * growing. Bigger sprites made a wheel zoom over 20,000 packets stall for 50+ ms (npm run
 * bench:render); a packet 4 device px per layout px (60 px across) is plenty to see.
 */
export const MAX_SPRITE_SCALE = 4;

/**
 * The sprite scale for a drawing scale (device px per layout px): rounded to steps of 2^(1/8), about
 * 9%, so a zoom gesture reuses a few rasterized sets instead of rasterizing on every frame.
 */
export function spriteScaleFor(scale: number): number {
  const clamped = Math.min(MAX_SPRITE_SCALE, Math.max(0.25, scale));
  return 2 ** (Math.round(Math.log2(clamped) * 8) / 8);
}

/** A 2D context of a `size`-px square canvas to rasterize in: a DOM canvas on the page, else offscreen. */
function scratchContext(size: number): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  if (typeof document === 'undefined') {
    return typeof OffscreenCanvas === 'undefined'
      ? null
      : new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
  }
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  return canvas.getContext('2d', { willReadFrequently: true });
}

/** Room round a shape for its outline and anti-aliasing, in sprite pixels at scale 1. */
const SPRITE_HALF_EXTENT = 10;

/**
 * Rasterizes every packet style at `scale` device pixels per layout pixel, exactly as the vector
 * drawing would (fill plus outline, or a haloed stroke for hollow shapes). Needs a canvas: the page's
 * DOM, or an OffscreenCanvas (the drawing worker).
 */
export function rasterizePacketSprites(scale: number): Map<PacketGroup, Sprite> {
  const half = Math.ceil(SPRITE_HALF_EXTENT * scale) + 1;
  const size = half * 2 + 1;
  const ctx = scratchContext(size);
  const sprites = new Map<PacketGroup, Sprite>();
  if (!ctx) return sprites;
  for (const [group, style] of Object.entries(PACKET_STYLES) as [
    PacketGroup,
    (typeof PACKET_STYLES)[PacketGroup],
  ][]) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, size, size);
    // Centred on the corner of pixel (half, half): stamped at device pixel (X, Y), the shape lands
    // centred on canvas point (X, Y), as the vector path did.
    ctx.setTransform(scale, 0, 0, scale, half, half);
    ctx.lineJoin = 'round';
    const shape = new Path2D(style.path);
    if (style.hollow) {
      ctx.lineWidth = 5;
      ctx.strokeStyle = PACKET_OUTLINE;
      ctx.stroke(shape);
      ctx.lineWidth = 3;
      ctx.strokeStyle = style.fill;
      ctx.stroke(shape);
    } else {
      ctx.fillStyle = style.fill;
      ctx.fill(shape);
      ctx.lineWidth = 1.25;
      ctx.strokeStyle = PACKET_OUTLINE;
      ctx.stroke(shape);
    }
    const { data } = ctx.getImageData(0, 0, size, size);
    sprites.set(group, spriteFromRgba(data, size, size, half, half));
  }
  return sprites;
}

/**
 * A sprite's pixels as one Int32Array of (dx, dy, RGBA packed big-end first) triples: how the base
 * sprites travel to the stamping worker (one transferable buffer instead of thousands of objects).
 */
export function packPixels(pixels: readonly RawPixel[]): Int32Array {
  const out = new Int32Array(pixels.length * 3);
  pixels.forEach((p, i) => {
    out[i * 3] = p.dx;
    out[i * 3 + 1] = p.dy;
    out[i * 3 + 2] = (p.r << 24) | (p.g << 16) | (p.b << 8) | p.a;
  });
  return out;
}

/** The sprite packPixels packed, rebuilt exactly (same runs, edge pixels and extent). */
export function unpackSprite(packed: Int32Array): Sprite {
  const pixels: RawPixel[] = [];
  for (let i = 0; i + 2 < packed.length; i += 3) {
    const c = packed[i + 2]!;
    pixels.push({
      dx: packed[i]!,
      dy: packed[i + 1]!,
      r: (c >>> 24) & 0xff,
      g: (c >>> 16) & 0xff,
      b: (c >>> 8) & 0xff,
      a: c & 0xff,
    });
  }
  return spriteOf(pixels);
}

/** Codes per packet group: one per fade step, 1..FADE_STEPS (0 is never used: invisible). */
const CODES_PER_GROUP = FADE_STEPS + 1;

/**
 * A packet's look at a fade as one small integer (group and opacity step), or -1 when it is
 * invisible: what a frame sent to the stamping worker names instead of a Sprite object.
 */
export function spriteCode(group: PacketGroup, alpha: number): number {
  const step = Math.round(Math.min(1, alpha) * FADE_STEPS);
  if (step <= 0) return -1;
  return PACKET_GROUPS.indexOf(group) * CODES_PER_GROUP + Math.min(step, FADE_STEPS);
}

/** Packet sprites at one device scale, with their faded copies made as a fade first needs them. */
export class PacketSpriteSet {
  private readonly fades = new Map<PacketGroup, (Sprite | undefined)[]>();
  /** byCode's answers by code: it is asked once per packet per frame. */
  private readonly codes: (Sprite | null | undefined)[] = [];

  constructor(
    /** Device pixels per layout pixel the sprites were rasterized for. */
    readonly scale: number,
    private readonly base: Map<PacketGroup, Sprite>,
  ) {}

  /** The sprite of `group` at opacity `alpha` (0..1) rounded to 1 / FADE_STEPS; null when invisible. */
  get(group: PacketGroup, alpha: number): Sprite | null {
    const step = Math.round(Math.min(1, alpha) * FADE_STEPS);
    return this.atStep(group, step);
  }

  /** The sprite a spriteCode names; null when invisible or unknown. */
  byCode(code: number): Sprite | null {
    const known = this.codes[code];
    if (known !== undefined) return known;
    const sprite = this.lookUpCode(code);
    if (code >= 0 && code < CODES_PER_GROUP * PACKET_GROUPS.length) this.codes[code] = sprite;
    return sprite;
  }

  private lookUpCode(code: number): Sprite | null {
    const group = PACKET_GROUPS[Math.floor(code / CODES_PER_GROUP)];
    if (code < 0 || !group) return null;
    return this.atStep(group, code % CODES_PER_GROUP);
  }

  /** Every base sprite packed (packPixels), to hand this set to the stamping worker. */
  packed(): [PacketGroup, Int32Array][] {
    return [...this.base].map(([group, sprite]) => [group, packPixels(sprite.pixels)]);
  }

  private atStep(group: PacketGroup, step: number): Sprite | null {
    const sprite = this.base.get(group);
    if (!sprite) return null;
    if (step >= FADE_STEPS) return sprite;
    if (step <= 0) return null;
    let steps = this.fades.get(group);
    if (!steps) {
      steps = [];
      this.fades.set(group, steps);
    }
    return (steps[step] ??= fadedSprite(sprite, step));
  }
}
