// The drawing worker's own frame loop: a copy of the page's packet feed kept level by the feed's
// changes (FeedOp), the scene composed from it in the worker's animation frames, stamped and presented
// on the canvas the page transferred. The page then has no per-frame work for its packets at all: no
// animation frame, no message per frame. With tens of thousands in flight the page composes instead
// and this only stamps and presents its frames (presentJob), the two threads each doing half of a
// frame. No worker globals here: the worker wires it (packetStamp.worker.ts).
import { PacketFeed, type FeedOp } from '../state/packetFeed';
import type { Layout } from './layout';
import { PacketPresenter, type PresentContext } from './packetOverlays';
import type { Overlays } from './packetOverlays';
import { PacketScene, type PacketSnapshot, type ViewTransform } from './packetScene';
import { stampInto, type StampJob } from './packetStamper';
import { PixelFrame } from './packetSprites';
import { SpriteSets } from './spriteSets';

/** The canvas the worker draws on: its size is the drawing's in device pixels. */
export interface DrawingSurface {
  width: number;
  height: number;
}

/**
 * Wall ms a frame of the worker's own may take on average before it asks the page to compose (the
 * display's interval is 16.7; placing, stamping and handing the frame over must fit in it).
 */
export const SLOW_FRAME_WALL_MS = 13;
/** How quickly the averages of frame times follow the latest frame (exponential, per frame). */
const AVERAGE_WEIGHT = 0.1;
/** Frames of its own the worker draws before it may call itself slow (the average settles). */
const FRAMES_BEFORE_SLOW = 30;

/** An exponential moving average of wall ms, starting from the first value. */
export const followAverage = (average: number, latest: number) =>
  average < 0 ? latest : average + AVERAGE_WEIGHT * (latest - average);

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
  /** The page composes the frames (presentJob) and this draws none of its own. */
  private pacedByPage = false;
  /** Average wall ms of this worker's own frames, and how many it drew since it last took over. */
  private frameWallMs = -1;
  private ownFrames = 0;
  /** Average wall ms of stamping and presenting a frame of the page's (it is told with each answer). */
  jobWallMs = -1;
  /** Frames presented since the worker started, its own and the page's (the render benchmark reads it). */
  presented = 0;

  constructor(
    private readonly surface: DrawingSurface,
    private readonly ctx: PresentContext,
    /** Calls back at the next animation frame (the worker's requestAnimationFrame). */
    private readonly requestFrame: (callback: () => void) => void,
    /** A frame that failed: the page takes the drawing back. */
    private readonly onError: (error: unknown) => void,
    /** This worker's frames take longer than SLOW_FRAME_WALL_MS on average: the page should compose. */
    private readonly onSlow: () => void = () => {},
    /** Wall ms now (tests pass their own). */
    private readonly wallNow: () => number = () => performance.now(),
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

  /**
   * While on, the page composes every frame and sends it (presentJob), and this draws none of its
   * own; off, its own frames take over again at once.
   */
  setPacedByPage(on: boolean): void {
    this.pacedByPage = on;
    if (on) return;
    this.frameWallMs = -1;
    this.ownFrames = 0;
    this.changed();
  }

  /** Stamps a frame the page composed and presents it with its overlays (see setPacedByPage). */
  presentJob(job: StampJob, overlays: Overlays): void {
    const { pixels, image } = this;
    // A job made for another size (a resize on its way) is not drawn; the page's next one fits.
    if (!pixels || !image || pixels.width !== job.width || pixels.height !== job.height) return;
    const start = this.wallNow();
    pixels.clear();
    stampInto(pixels, this.sprites.forScale(job.key), job.stamps, job.count);
    this.presenter.presentFrame(this.ctx, image, pixels.dirtyRows(), overlays);
    this.presented += 1;
    this.jobWallMs = followAverage(this.jobWallMs, this.wallNow() - start);
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
    if (this.scheduled || this.pacedByPage) return;
    this.scheduled = true;
    this.requestFrame(this.tick);
  }

  private readonly tick = () => {
    this.scheduled = false;
    if (this.pacedByPage) return;
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
    const start = this.wallNow();
    const composed = scene.compose(frame, running);
    if (!composed) return false;
    pixels.clear();
    stampInto(pixels, this.sprites.forScale(composed.overlays.scale), this.stamps, composed.stampCount);
    this.presenter.presentFrame(this.ctx, image, pixels.dirtyRows(), composed.overlays);
    this.presented += 1;
    this.frameWallMs = followAverage(this.frameWallMs, this.wallNow() - start);
    // Said once per stretch of its own frames: the page answers by pacing it.
    if (
      ++this.ownFrames === FRAMES_BEFORE_SLOW ||
      (this.ownFrames > FRAMES_BEFORE_SLOW && this.ownFrames % 60 === 0)
    ) {
      if (this.frameWallMs > SLOW_FRAME_WALL_MS) this.onSlow();
    }
    this.drawnVersion = feed.version;
    this.dirty = false;
    return true;
  }
}
