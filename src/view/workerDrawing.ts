// The drawing worker's own frame loop: a copy of the page's packet feed kept level by the feed's
// changes (FeedOp), the scene composed from it in the worker's animation frames, stamped and presented
// on the canvas the page transferred. The page then has no per-frame work for its packets at all: no
// animation frame, no message per frame. No worker globals here: the worker wires it (packetStamp.worker.ts).
import { PacketFeed, type FeedOp } from '../state/packetFeed';
import type { Layout } from './layout';
import { PacketPresenter, type PresentContext } from './packetOverlays';
import { PacketScene, type PacketSnapshot, type ViewTransform } from './packetScene';
import { stampInto } from './packetStamper';
import { PixelFrame } from './packetSprites';
import { SpriteSets } from './spriteSets';

/** The canvas the worker draws on: its size is the drawing's in device pixels. */
export interface DrawingSurface {
  width: number;
  height: number;
}

export class WorkerDrawing {
  private readonly feed = new PacketFeed();
  private readonly scene = new PacketScene(this.feed);
  private readonly sprites = new SpriteSets();
  private readonly presenter = new PacketPresenter();
  private pixels: PixelFrame | null = null;
  private image: ImageData | null = null;
  private stamps = new Int32Array(0);
  private view: ViewTransform = { k: 1, x: 0, y: 0 };
  private dpr = 1;
  private reduceMotion = false;
  private selected: number | null = null;
  /** Something other than the feed changed the picture (layout, view, selection, motion). */
  private dirty = true;
  private drawnVersion = -1;
  private scheduled = false;
  /** Frames presented since the worker started (the render benchmark reads it). */
  presented = 0;

  constructor(
    private readonly surface: DrawingSurface,
    private readonly ctx: PresentContext,
    /** Calls back at the next animation frame (the worker's requestAnimationFrame). */
    private readonly requestFrame: (callback: () => void) => void,
    /** A frame that failed: the page takes the drawing back. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A change to the page's feed, applied to this copy in the order it happened there. */
  apply(op: FeedOp): void {
    this.feed.apply(op);
    this.wake();
  }

  /** The drawing's layout, and its size in device pixels at `dpr` device px per CSS px. */
  setLayout(layout: Layout, dpr: number): void {
    this.scene.setLayout(layout);
    this.dpr = dpr;
    const width = Math.max(1, Math.round(layout.width * dpr));
    const height = Math.max(1, Math.round(layout.height * dpr));
    if (this.surface.width !== width || this.surface.height !== height) {
      // Setting the size clears the canvas.
      this.surface.width = width;
      this.surface.height = height;
      this.presenter.reset();
    }
    if (!this.pixels || this.pixels.width !== width || this.pixels.height !== height) {
      this.pixels = new PixelFrame(width, height);
      this.image = new ImageData(this.pixels.clamped, width, height);
    }
    this.changed();
  }

  setView(view: ViewTransform): void {
    this.view = view;
    this.changed();
  }

  setReducedMotion(on: boolean): void {
    this.reduceMotion = on;
    this.changed();
  }

  setSelected(frameId: number | null): void {
    this.selected = frameId;
    this.changed();
  }

  /** What the last frame drew, in layout px (for exporting the view). */
  snapshot(): PacketSnapshot {
    return this.scene.snapshot();
  }

  private changed(): void {
    this.dirty = true;
    this.wake();
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.requestFrame(this.tick);
  }

  private readonly tick = () => {
    this.scheduled = false;
    try {
      // Drawing goes on while the picture moves; the frame after it stops draws the still picture.
      if (this.draw()) this.wake();
    } catch (error) {
      this.onError(error);
    }
  };

  /** Draws a frame if the picture may have changed; says whether it did. */
  private draw(): boolean {
    const { feed, scene, pixels, image } = this;
    if (!pixels || !image || !scene.getLayout()) return false;
    const running = feed.isRunning();
    if (!running && !this.dirty && this.drawnVersion === feed.version) return false;
    if (this.stamps.length < feed.hops.count * 3) {
      this.stamps = new Int32Array(Math.max(feed.hops.count * 3, 3 * 1024) * 2);
    }
    const frame = {
      view: this.view,
      dpr: this.dpr,
      reduceMotion: this.reduceMotion,
      selected: this.selected,
      stamps: this.stamps,
    };
    const composed = scene.compose(frame, running);
    if (!composed) return false;
    pixels.clear();
    stampInto(pixels, this.sprites.forScale(composed.overlays.scale), this.stamps, composed.stampCount);
    this.presenter.presentFrame(this.ctx, image, pixels.dirtyRows(), composed.overlays);
    this.presented += 1;
    this.drawnVersion = feed.version;
    this.dirty = false;
    return true;
  }
}
