// The stamping half of the packet canvas and its messages, with no DOM and no Worker globals: sprite
// sets by scale, and a frame job (sprite code, x, y per packet) stamped into one PixelFrame. The
// stamping worker (packetStamp.worker.ts) runs it off the main thread; Node runs it for the tests.
import type { FeedOp } from '../state/packetFeed';
import type { Layout } from './layout';
import type { Overlays } from './packetOverlays';
import type { PacketSnapshot, ViewTransform } from './packetScene';
import type { PacketGroup } from './packetStyle';
import { PacketSpriteSet, PixelFrame, unpackSprite } from './packetSprites';

/** One frame to stamp: `count` packets as (spriteCode, device x, device y) triples in `stamps`. */
export interface StampJob {
  seq: number;
  /** The sprite set's scale (spriteScaleFor), as sent in a 'sprites' message. */
  key: number;
  /** Device pixels of the canvas. */
  width: number;
  height: number;
  count: number;
  stamps: Int32Array;
}

/** Main thread → stamping worker. */
export type ToStamper =
  | { type: 'sprites'; key: number; sprites: [PacketGroup, Int32Array][] }
  | { type: 'forget'; key: number }
  | { type: 'frame'; job: StampJob }
  /** A row buffer from an earlier answer, handed back for reuse. */
  | { type: 'spare'; buffer: ArrayBuffer }
  /**
   * The packet canvas, transferred once, with the page's feed as it stands: from then on the worker
   * keeps its own copy of the feed (the 'feed' changes that follow) and draws every frame itself.
   */
  | { type: 'canvas'; canvas: OffscreenCanvas; feed: FeedOp }
  /**
   * The page composes the frames from now on and sends them as 'present' jobs (on), or the worker
   * draws its own again (off): with tens of thousands in flight the two threads share each frame.
   */
  | { type: 'pace'; byPage: boolean }
  /** A frame the page composed, to stamp and present on the transferred canvas, overlays on top. */
  | { type: 'present'; job: StampJob; overlays: Overlays }
  /** A change to the page's feed, in the order it happened. */
  | { type: 'feed'; op: FeedOp }
  /** The drawing's layout and device px per CSS px (the canvas is sized to it). */
  | { type: 'layout'; layout: Layout; dpr: number }
  | { type: 'view'; view: ViewTransform }
  | { type: 'motion'; reduceMotion: boolean }
  | { type: 'selected'; frameId: number | null }
  /** What the worker's last frame drew (exporting the view). */
  | { type: 'snapshot'; id: number }
  /** How many frames the worker has presented (the render benchmark). */
  | { type: 'count'; id: number }
  /** Read back the transferred canvas's pixels (for the browser tests). */
  | { type: 'read'; id: number };

/** Stamping worker → main thread. */
export type FromStamper =
  /** Sent once on start: false when this worker cannot serve (the main thread then stamps). */
  | { type: 'ready'; ok: boolean }
  /**
   * A job done: its stamped rows' RGBA (un-premultiplied, as putImageData takes it; the job's width,
   * from device row `top` down; null: nothing stamped), and the job's buffer handed back.
   */
  | {
      type: 'drawn';
      seq: number;
      pixels: Uint8ClampedArray<ArrayBuffer> | null;
      top: number;
      stamps: Int32Array;
    }
  /**
   * A 'present' job done: its stamps buffer comes back, for the next jobs, with the worker's average
   * wall ms for stamping and presenting one.
   */
  | { type: 'presented'; seq: number; stamps: Int32Array; workMs: number }
  /** The worker's own frames take too long on average: the page should compose them ('pace'). */
  | { type: 'slow' }
  /** A 'read' answered: the canvas's RGBA (un-premultiplied), its device size. */
  | { type: 'pixels'; id: number; width: number; height: number; data: Uint8ClampedArray<ArrayBuffer> }
  | { type: 'snapshot'; id: number; snapshot: PacketSnapshot }
  | { type: 'count'; id: number; frames: number }
  /** Sent every STAMP_WORKER_ALIVE_WALL_MS while the worker draws on its canvas: it still serves. */
  | { type: 'alive' }
  /** A job failed (seq), or the worker's own drawing did (seq -1): the page takes the drawing back. */
  | { type: 'failed'; seq: number; message: string };

/** How often (wall ms) a worker drawing on its canvas says it is alive (the page's patience is longer). */
export const STAMP_WORKER_ALIVE_WALL_MS = 500;

/** Sprite sets and the pixel frame of the stamping side. */
export class Stamper {
  private readonly sets = new Map<number, PacketSpriteSet>();
  private frame: PixelFrame | null = null;

  setSprites(key: number, sprites: readonly [PacketGroup, Int32Array][]): void {
    this.sets.set(key, new PacketSpriteSet(key, new Map(sprites.map(([g, p]) => [g, unpackSprite(p)]))));
  }

  forget(key: number): void {
    this.sets.delete(key);
  }

  /** Stamps `job` in order (later packets on top) into a cleared frame of its size, and returns it. */
  render(job: StampJob): PixelFrame {
    let frame = this.frame;
    if (!frame || frame.width !== job.width || frame.height !== job.height) {
      frame = this.frame = new PixelFrame(job.width, job.height);
    }
    frame.clear();
    const set = this.sets.get(job.key);
    if (!set) return frame;
    stampInto(frame, set, job.stamps, job.count);
    return frame;
  }
}

/**
 * Stamps `count` (sprite code, x, y) triples into `frame` in order, later on top, each exact repeat
 * of a later one left out (dropRepeatedStamps): the one stamping loop of both the worker and the
 * main thread, so the two draw the same pixels.
 */
export function stampInto(frame: PixelFrame, set: PacketSpriteSet, stamps: Int32Array, count: number): void {
  const n = dropRepeatedStamps(stamps, count);
  // Top stamp first, each under the ones before (PixelFrame.beginLayers): the same picture as
  // stamping in order, without the work on pixels a later packet hides.
  frame.beginLayers();
  for (let i = n - 1; i >= 0; i--) {
    const sprite = set.byCode(stamps[i * 3]!);
    if (sprite) frame.stampUnder(sprite, stamps[i * 3 + 1]!, stamps[i * 3 + 2]!);
  }
  frame.endLayers();
}

/** dropRepeatedStamps' open-addressing table (stamp index + 1; 0 empty), kept from frame to frame. */
let repeatTable = new Int32Array(0);

/**
 * Leaves out of the first `count` triples of `stamps` every stamp that a later one repeats exactly
 * (same sprite code at the same device pixel), keeping the order of the rest; returns how many are
 * left. With tens of thousands of packets in flight most of them stack on the same pixels of the
 * same links: the later copy overwrites every opaque pixel of the earlier one, which then only adds
 * a second blend of the same colour at the anti-aliased rim. Left out, a stack of one packet looks
 * like one packet, and the stamping work falls with what can be seen.
 */
export function dropRepeatedStamps(stamps: Int32Array, count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  if (repeatTable.length < size) repeatTable = new Int32Array(size);
  const table = repeatTable;
  table.fill(0, 0, size);
  const mask = size - 1;
  let dropped = 0;
  // From the last stamp back, so the latest of each repeat is the one kept.
  for (let i = count - 1; i >= 0; i--) {
    const o = i * 3;
    const code = stamps[o]!;
    const x = stamps[o + 1]!;
    const y = stamps[o + 2]!;
    let h = (Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(code, 83492791)) & mask;
    for (;;) {
      const held = table[h]!;
      if (held === 0) {
        table[h] = i + 1;
        break;
      }
      const p = (held - 1) * 3;
      if (stamps[p] === code && stamps[p + 1] === x && stamps[p + 2] === y) {
        stamps[o] = -1;
        dropped++;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  if (dropped === 0) return count;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const o = i * 3;
    if (stamps[o] === -1) continue;
    if (n !== i) {
      stamps[n * 3] = stamps[o]!;
      stamps[n * 3 + 1] = stamps[o + 1]!;
      stamps[n * 3 + 2] = stamps[o + 2]!;
    }
    n++;
  }
  return n;
}
