// The packet sprite sets one canvas draws with, by drawing scale: rasterized once per rounded scale,
// the few most recently used kept for zooming back and forth. Used where the frames are composed: the
// page's animation frames, or the drawing worker's.
import { PacketSpriteSet, rasterizePacketSprites, spriteScaleFor } from './packetSprites';

/** Sprite sets kept for zooming back and forth (each is a few hundred KB at most). */
const SPRITE_SETS_KEPT = 4;

export class SpriteSets {
  /** By rounded device scale (dpr x zoom), most recently used last. */
  private readonly sets = new Map<number, PacketSpriteSet>();

  /** `onForget` hears each set let go (the page tells its stamping worker to drop its copy). */
  constructor(private readonly onForget: (key: number) => void = () => {}) {}

  /** The set for drawing scale `scale` (device px per layout px). */
  forScale(scale: number): PacketSpriteSet {
    const key = spriteScaleFor(scale);
    let set = this.sets.get(key);
    if (set) {
      // Most recently used last, so the oldest is the first to go.
      this.sets.delete(key);
    } else {
      set = new PacketSpriteSet(key, rasterizePacketSprites(key));
      if (this.sets.size >= SPRITE_SETS_KEPT) {
        const oldest = this.sets.keys().next().value!;
        this.sets.delete(oldest);
        this.onForget(oldest);
      }
    }
    this.sets.set(key, set);
    return set;
  }
}
