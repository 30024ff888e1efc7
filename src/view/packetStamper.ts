// The stamping half of the packet canvas and its messages, with no DOM and no Worker globals: sprite
// sets by scale, and a frame job (sprite code, x, y per packet) stamped into one PixelFrame. The
// stamping worker (packetStamp.worker.ts) runs it off the main thread; Node runs it for the tests.
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
  | { type: 'spare'; buffer: ArrayBuffer };

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
  | { type: 'failed'; seq: number; message: string };

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
    const { stamps, count } = job;
    for (let i = 0; i < count; i++) {
      const sprite = set.byCode(stamps[i * 3]!);
      if (sprite) frame.stamp(sprite, stamps[i * 3 + 1]!, stamps[i * 3 + 2]!);
    }
    return frame;
  }
}
