// The canvas above the topology: every hop in flight at the estimated simulated time, loopback hops
// circling inside their host, short-lived drop marks (the picture itself: packetScene.ts). Where the
// page can transfer a canvas (OffscreenCanvas), the drawing worker draws every frame in its own
// animation frames from a copy of the packet feed (workerDrawing.ts), and the main thread has no
// per-frame work for the packets, unless the worker's frames run long: then the page composes and the
// worker stamps and presents (pace). Else the main thread composes each frame in requestAnimationFrame
// and stamps it, or has the worker stamp it from STAMP_WORKER_MIN_HOPS on and puts the rows it returns.
// React never re-renders per frame. Lab 1 and, in split view, Lab 2 each have a layer (and a worker)
// of their own, drawing their own feed.
import { packetFeed, type FeedOp, type PacketFeed } from '../state/packetFeed';
import type { Hop } from '../sim/types';
import { hopBatchTransfer, type HopBatch } from '../worker/hopBatch';
import type { Layout } from './layout';
import { PacketPresenter, type Overlays } from './packetOverlays';
import { PacketScene, type PacketSnapshot, type SceneFrame, type ViewTransform } from './packetScene';
import { PixelFrame, spriteScaleFor } from './packetSprites';
import { stampInto, type FromStamper, type StampJob, type ToStamper } from './packetStamper';
import { SpriteSets } from './spriteSets';
import { followAverage } from './workerDrawing';

export interface PacketLayer {
  setLayout(layout: Layout): void;
  /** Pan and zoom of the drawing (d3-zoom's transform): layout point p is drawn at p * k + (x, y). */
  setTransform(transform: ViewTransform): void;
  /** Packets jump from node to node instead of gliding. */
  setReducedMotion(on: boolean): void;
  /** The frame to ring (the one in the inspector), or null. */
  setSelected(frameId: number | null): void;
  /** The packet drawn nearest to layout point (x, y), within `radius`, now. */
  hitTest(x: number, y: number, radius: number): Hop | null;
  /** What the canvas shows, in layout coordinates (for exporting the view as SVG). */
  snapshot(): Promise<PacketSnapshot>;
  /** What the canvas shows now, as pixels (for exporting the view as PNG, and the browser tests). */
  pixels(): Promise<PacketPixels>;
  destroy(): void;
}

/**
 * How long (wall ms) the worker may stay silent, while the page itself keeps running, before the main
 * thread takes the drawing back: a worker that stopped answering must not freeze the packets.
 */
const STAMP_WORKER_PATIENCE_WALL_MS = 2_000;
/** A gap (wall ms) between two feed changes longer than this is the page's own stall, not the worker's silence. */
const PAGE_STALL_WALL_MS = 250;
/**
 * Frames with the worker at once (the main thread's frames it stamps). Two: it stamps the next while
 * the main thread draws the last, so the packets keep the display's rate even when a round trip takes
 * longer than a frame (one frame later).
 */
const STAMP_JOBS_IN_FLIGHT = 2;
/**
 * Hops in the feed from which the worker stamps the main thread's frames. Below it the main thread
 * stamps: a few thousand stamps cost it a few wall ms, less than the worker's round trip of the rows
 * (a full-height band is 4 MB per frame at 1280 x 800, four times that on a dense display).
 */
const STAMP_WORKER_MIN_HOPS = 2_000;

/**
 * The page hands the composing back to its worker when placing (here) and stamping (there) a frame
 * take under this many wall ms together on average: the worker alone then fits a frame in the
 * display's interval with room to spare (it asks for help above SLOW_FRAME_WALL_MS, workerDrawing.ts).
 */
const HAND_BACK_BELOW_WALL_MS = 10;
/** Frames the page composes before it may hand back (its average settles). */
const PACED_FRAMES_BEFORE_HAND_BACK = 60;

/**
 * How many packet frames a layer presented, whoever drew them (the worker answers for its own), by
 * hook name, for the render benchmark: with a worker skipping frames it cannot keep up with, the
 * page's animation frame rate alone would overstate how often the packets move.
 */
const frameCounters = globalThis as unknown as Record<string, (() => Promise<number>) | undefined>;

/** The packet canvas's pixels (RGBA, un-premultiplied) and device size. */
export interface PacketPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
/**
 * Reads what a packet canvas shows, whoever draws it (the browser tests), by the name the layer was
 * given (PacketLayerOptions.pixelsHook): a transferred canvas cannot be read from the main thread,
 * so the worker answers for it.
 */
const pixelReaders = globalThis as unknown as Record<string, (() => Promise<PacketPixels>) | undefined>;

/** The stamping worker as the layer sees it; `ready` once it said it can serve. */
interface StampWorker {
  worker: Worker;
  ready: boolean;
  /** The main thread's frames it has now, oldest first. */
  pending: { job: StampJob; overlays: Overlays; postedAt: number }[];
  /** Sprite-set keys it holds. */
  keys: Set<number>;
  /** Stamps buffers handed back, for the next jobs. */
  spare: Int32Array[];
  seq: number;
  /** The layer's own canvas whose control went to the worker (which then draws every frame), or null. */
  surface: HTMLCanvasElement | null;
  /** Stops forwarding the feed's changes to the worker. */
  unobserve: () => void;
  /** Wall ms the page ran on with no word from the drawing worker (see STAMP_WORKER_PATIENCE_WALL_MS). */
  quietWallMs: number;
  lastForwardWall: number;
  /** Questions waiting for the worker's answer (pixels, snapshot, frame count), by id. */
  asks: Map<number, { answer: (reply: FromStamper) => void; fallback: () => void }>;
  askSeq: number;
}

/** The hop batch a feed change carries, if any. */
function batchOf(op: FeedOp): HopBatch | null {
  if (op.op === 'ingest' || op.op === 'step' || op.op === 'replace') return op.hops;
  return op.op === 'load' ? op.state.hops : null;
}

/** Starts the stamping worker, or null where there are no module workers (the main thread stamps). */
function startStampWorker(): StampWorker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    const worker = new Worker(new URL('./packetStamp.worker.ts', import.meta.url), { type: 'module' });
    return {
      worker,
      ready: false,
      pending: [],
      keys: new Set(),
      spare: [],
      seq: 0,
      surface: null,
      unobserve: () => {},
      quietWallMs: 0,
      lastForwardWall: performance.now(),
      asks: new Map(),
      askSeq: 0,
    };
  } catch {
    return null;
  }
}

/** Which feed a packet layer draws, and which page-wide hooks it answers. */
export interface PacketLayerOptions {
  /** The packets to draw: the page's own feed (Lab 1) unless split view's Lab 2 gives its own. */
  feed?: PacketFeed;
  /**
   * The name on the global object of the function that reads this layer's pixels (the browser
   * tests): `__vipLabPacketPixels` for the main drawing, another for Lab 2's.
   */
  pixelsHook?: string;
  /**
   * The name on the global object of the function that counts the frames this layer presented (the
   * render bench): `__vipLabPacketFrameCount` for the main drawing, another for Lab 2's.
   */
  frameCountHook?: string;
}

export function createPacketLayer(canvas: HTMLCanvasElement, options: PacketLayerOptions = {}): PacketLayer {
  const {
    feed = packetFeed,
    pixelsHook = '__vipLabPacketPixels',
    frameCountHook = '__vipLabPacketFrameCount',
  } = options;
  const ctx = canvas.getContext('2d');
  const scene = new PacketScene(feed);
  let frame = 0;
  let drawnVersion = -1;
  let drawnLayout: Layout | null = null;
  let pixels: PixelFrame | null = null;
  /** Presents frames on the page's canvas (the main-thread path). */
  const presenter = new PacketPresenter();
  /** Device pixels of the drawing (the page's canvas's size; a transferred canvas is sized by the worker). */
  let deviceWidth = 0;
  let deviceHeight = 0;
  let image: ImageData | null = null;
  let view: ViewTransform = { k: 1, x: 0, y: 0 };
  let reduceMotion = false;
  let selected: number | null = null;
  /** The main thread's own stamps buffer (the worker's travel back and forth as spares). */
  let localStamps = new Int32Array(0);
  /** The page composes the frames the worker draws on its canvas (see pace), how long that takes it
   * on average (wall ms) and how many it composed. */
  let pagePaces = false;
  let composeWallMs = -1;
  let pacedFrames = 0;

  let stamper = startStampWorker();
  const send = (message: ToStamper, transfer: Transferable[] = []) =>
    stamper?.worker.postMessage(message, transfer);
  const sprites = new SpriteSets((key) => {
    if (stamper?.keys.delete(key)) send({ type: 'forget', key });
  });
  /** The worker drawing on its own canvas, or null (the main thread's frames draw). */
  const drawer = () => (stamper?.surface ? stamper : null);

  const sceneFrame = (stamps: Int32Array | null): SceneFrame => ({
    view,
    dpr: deviceWidth / (scene.getLayout()?.width ?? 1),
    reduceMotion,
    selected,
    stamps,
  });

  const resize = (l: Layout) => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(l.width * dpr));
    const h = Math.max(1, Math.round(l.height * dpr));
    deviceWidth = w;
    deviceHeight = h;
    // The page's canvas only: a transferred one is sized by the worker (touching it here would throw).
    if (canvas.width !== w || canvas.height !== h) {
      // Setting the size clears the canvas.
      canvas.width = w;
      canvas.height = h;
      presenter.reset();
    }
    // The main thread's pixel frame is made when it first stamps (localFrame): a worker drawing on
    // its own canvas never needs one.
    if (pixels && (pixels.width !== w || pixels.height !== h)) {
      pixels = null;
      image = null;
    }
    for (const el of [canvas, stamper?.surface]) {
      if (!el) continue;
      el.style.width = `${l.width}px`;
      el.style.height = `${l.height}px`;
    }
  };

  /** The main thread's pixel frame at the drawing's size, made on first use. */
  const localFrame = (): { pixels: PixelFrame; image: ImageData } => {
    if (!pixels || !image) {
      pixels = new PixelFrame(deviceWidth, deviceHeight);
      image = new ImageData(pixels.clamped, deviceWidth, deviceHeight);
    }
    return { pixels, image };
  };

  /** The page's canvas's pixels (the main-thread path). */
  const readLocal = (): PacketPixels => {
    if (!ctx || canvas.width === 0 || canvas.height === 0)
      return { width: 0, height: 0, data: new Uint8ClampedArray(0) };
    const { width, height, data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width, height, data };
  };

  /** Asks the drawing worker; `local` answers instead when it cannot (none, or it failed meanwhile). */
  const ask = <T>(
    question: (id: number) => ToStamper,
    read: (reply: FromStamper) => T | undefined,
    local: () => T,
  ): Promise<T> => {
    const own = drawer();
    if (!own) return Promise.resolve(local());
    return new Promise((resolve) => {
      const id = ++own.askSeq;
      own.asks.set(id, {
        answer: (reply) => resolve(read(reply) ?? local()),
        fallback: () => resolve(local()),
      });
      send(question(id));
    });
  };
  const readPixels = (): Promise<PacketPixels> =>
    ask(
      (id) => ({ type: 'read', id }),
      (r) => (r.type === 'pixels' ? r : undefined),
      readLocal,
    );
  pixelReaders[pixelsHook] = readPixels;
  /** Frames this layer presented on the main thread. */
  let presentedHere = 0;
  const countFrames = (): Promise<number> =>
    ask(
      (id) => ({ type: 'count', id }),
      (r) => (r.type === 'count' ? r.frames : undefined),
      () => presentedHere,
    );
  frameCounters[frameCountHook] = countFrames;

  /** Places the packets at this moment on the main thread (the worker draws; this is for picking). */
  const placeNow = () => {
    if (drawer() && !pagePaces) scene.compose(sceneFrame(null), feed.isRunning());
  };

  /** Hands a change of the page's feed to the drawing worker, unless it has gone silent. */
  const forward = (op: FeedOp) => {
    const own = drawer();
    if (!own) return;
    const now = performance.now();
    const gap = now - own.lastForwardWall;
    own.lastForwardWall = now;
    // Only time the page itself ran counts: after its own stall the worker's word may still be queued.
    if (own.ready && gap < PAGE_STALL_WALL_MS) own.quietWallMs += gap;
    if (own.quietWallMs > STAMP_WORKER_PATIENCE_WALL_MS) {
      dropStamper();
      return;
    }
    // The batch's columns go to the worker rather than a copy: the page's feed has taken its hops
    // already, and nothing else on the page reads a batch after the feed (workerUpdates.ts).
    const batch = batchOf(op);
    try {
      send({ type: 'feed', op }, batch ? hopBatchTransfer(batch) : []);
    } catch {
      // A change that cannot be sent leaves the worker's copy behind for good: the page draws.
      dropStamper();
    }
  };

  /**
   * Hands the drawing to the worker for good: a fresh canvas of the layer's own (the page's canvas
   * has a 2D context, so it cannot be transferred; and a transferred canvas can never be drawn on
   * here again), placed where the page's sits and first in document order, the page's hidden. The
   * worker gets the feed as it stands, then every change to it.
   */
  const transferSurface = (own: StampWorker) => {
    if (typeof HTMLCanvasElement.prototype.transferControlToOffscreen !== 'function') return;
    const surface = document.createElement('canvas');
    for (const attr of Array.from(canvas.attributes)) {
      if (attr.name !== 'style') surface.setAttribute(attr.name, attr.value);
    }
    let offscreen: OffscreenCanvas;
    try {
      offscreen = surface.transferControlToOffscreen();
    } catch {
      return;
    }
    surface.style.width = canvas.style.width;
    surface.style.height = canvas.style.height;
    canvas.before(surface);
    canvas.style.display = 'none';
    own.surface = surface;
    send({ type: 'canvas', canvas: offscreen, feed: feed.loadOp() }, [offscreen]);
    own.unobserve = feed.observe(forward);
  };

  /**
   * Takes the layer's own canvas out again and shows the page's: after the worker failed (its
   * transferred canvas went with it) or when the layer goes.
   */
  const dropSurface = (own: StampWorker) => {
    own.unobserve();
    for (const waiting of own.asks.values()) waiting.fallback();
    own.asks.clear();
    if (!own.surface) return;
    own.surface.remove();
    own.surface = null;
    canvas.style.display = '';
    // What the page's canvas held from before the transfer is stale.
    ctx?.clearRect(0, 0, canvas.width, canvas.height);
    presenter.reset();
  };

  /** The worker failed or cannot serve: the main thread stamps and draws from the next frame on. */
  const dropStamper = () => {
    const own = stamper;
    stamper = null;
    if (own) {
      own.worker.terminate();
      dropSurface(own);
    }
    drawnVersion = -1;
    pagePaces = false;
    startFrames();
  };

  if (stamper) {
    const own = stamper;
    own.worker.onmessage = (event: MessageEvent<FromStamper>) => {
      if (stamper !== own) return;
      own.quietWallMs = 0;
      const message = event.data;
      if (message.type === 'ready') {
        if (message.ok) {
          own.ready = true;
          drawnVersion = -1;
        } else dropStamper();
        return;
      }
      if (message.type === 'alive') return;
      if (message.type === 'slow') {
        pace(true);
        return;
      }
      if (message.type === 'pixels' || message.type === 'snapshot' || message.type === 'count') {
        own.asks.get(message.id)?.answer(message);
        own.asks.delete(message.id);
        return;
      }
      if (message.type === 'failed' && message.seq < 0) {
        dropStamper();
        return;
      }
      // Answers to the main thread's frames come in the order the jobs went.
      const pending = own.pending[0];
      if (!pending || pending.job.seq !== message.seq) return;
      own.pending.shift();
      if (message.type === 'failed') {
        dropStamper();
        return;
      }
      own.spare.push(message.stamps);
      // A job the worker stamped and presented on its canvas: only its buffer comes back, and how
      // long such a job takes it.
      if (message.type === 'presented') {
        pacedFrames += 1;
        if (
          pacedFrames >= PACED_FRAMES_BEFORE_HAND_BACK &&
          composeWallMs + message.workMs < HAND_BACK_BELOW_WALL_MS
        )
          pace(false);
        return;
      }
      // A resize since the job was sent: its pixels no longer fit; the next frame redraws.
      if (!ctx || deviceWidth !== pending.job.width || deviceHeight !== pending.job.height) {
        drawnVersion = -1;
      } else {
        const width = deviceWidth;
        const height = deviceHeight;
        const band = message.pixels
          ? new ImageData(message.pixels, width, message.pixels.length / (width * 4))
          : null;
        // The overlays of the frame the job was made for.
        presenter.presentBand(ctx, width, height, band, message.top, pending.overlays);
        presentedHere += 1;
      }
      // The rows' buffer goes back for the worker's next answers.
      if (message.pixels) send({ type: 'spare', buffer: message.pixels.buffer }, [message.pixels.buffer]);
    };
    own.worker.onerror = () => {
      if (stamper === own) dropStamper();
    };
    // The canvas goes to the worker now, while the stage is being built, not when the worker says
    // it is ready: swapping canvases a moment later, under a finger already dragging the client
    // badge, lost the drag (a browser test, 1 run in 6). Messages sent before then wait in order.
    transferSurface(own);
  }

  /**
   * The main thread's frame: composes the picture and stamps it, here or by the worker (which, on its
   * own canvas, also presents it).
   */
  const draw = () => {
    frame = requestAnimationFrame(draw);
    const layout = scene.getLayout();
    if (!layout || deviceWidth === 0 || !ctx) return;
    const onSurface = drawer();
    const remote = onSurface ?? (stamper?.ready && feed.hops.count >= STAMP_WORKER_MIN_HOPS ? stamper : null);
    const waiting = stamper?.pending.length ?? 0;
    if (stamper && waiting > 0) {
      if (performance.now() - stamper.pending[0]!.postedAt > STAMP_WORKER_PATIENCE_WALL_MS) {
        dropStamper();
        return;
      }
      // The worker is still on earlier frames: skip this one rather than queue work behind them,
      // and let them land before the main thread stamps again (else one would cover a newer frame).
      if (!remote || waiting >= STAMP_JOBS_IN_FLIGHT) return;
    }
    const running = feed.isRunning();
    // Paused and nothing new: the picture cannot have changed.
    if (!running && drawnVersion === feed.version && drawnLayout === layout) return;

    const hops = feed.hops;
    // The packets as (sprite code, x, y) triples, stamped by the worker or right here.
    let stamps: Int32Array;
    if (remote) {
      const spare = remote.spare.pop();
      stamps =
        spare && spare.length >= hops.count * 3
          ? spare
          : new Int32Array(Math.max(hops.count * 3, 3 * 1024) * 2);
    } else {
      if (localStamps.length < hops.count * 3)
        localStamps = new Int32Array(Math.max(hops.count * 3, 3 * 1024) * 2);
      stamps = localStamps;
    }
    const composeStart = performance.now();
    const composed = scene.compose(sceneFrame(stamps), running);
    if (!composed) return;
    if (onSurface) composeWallMs = followAverage(composeWallMs, performance.now() - composeStart);
    // A worker drawing on its own canvas rasterizes its own sprite sets: only their key goes.
    const key = spriteScaleFor(composed.overlays.scale);
    const set = onSurface ? null : sprites.forScale(composed.overlays.scale);

    if (remote) {
      if (set && !remote.keys.has(key)) {
        remote.keys.add(key);
        const packed = set.packed();
        send(
          { type: 'sprites', key, sprites: packed },
          packed.map(([, p]) => p.buffer),
        );
      }
      const job: StampJob = {
        seq: ++remote.seq,
        key,
        width: deviceWidth,
        height: deviceHeight,
        count: composed.stampCount,
        stamps,
      };
      remote.pending.push({ job, overlays: composed.overlays, postedAt: performance.now() });
      if (onSurface) send({ type: 'present', job, overlays: composed.overlays }, [stamps.buffer]);
      else send({ type: 'frame', job }, [stamps.buffer]);
    } else if (set) {
      const local = localFrame();
      local.pixels.clear();
      stampInto(local.pixels, set, stamps, composed.stampCount);
      presenter.presentFrame(ctx, local.image, local.pixels.dirtyRows(), composed.overlays);
      presentedHere += 1;
    }
    // Only now: a frame that failed half-way is drawn again, not taken as done.
    drawnVersion = feed.version;
    drawnLayout = layout;
  };
  /** The main thread composes from now on (no worker draws on a canvas of its own, or it is paced). */
  const startFrames = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };
  const stopFrames = () => {
    cancelAnimationFrame(frame);
    frame = 0;
  };
  /**
   * With tens of thousands in flight one thread cannot place and stamp a frame within the display's
   * interval: when the worker says its frames run long, the page composes and the worker stamps and
   * presents, each on its own core (the bench's 50,000 in flight ran at 49-56 frames/s from the
   * worker alone, 60 split in two); when the two halves together are quick again, the worker takes
   * the whole frame back.
   */
  const pace = (byPage: boolean) => {
    if (!drawer() || pagePaces === byPage) return;
    pagePaces = byPage;
    composeWallMs = -1;
    pacedFrames = 0;
    send({ type: 'pace', byPage });
    if (byPage) startFrames();
    else stopFrames();
  };
  if (!drawer()) startFrames();

  return {
    setLayout(next) {
      scene.setLayout(next);
      resize(next);
      if (drawer()) send({ type: 'layout', layout: next, dpr: deviceWidth / next.width });
    },
    setTransform(next) {
      view = { k: next.k, x: next.x, y: next.y };
      drawnVersion = -1;
      if (drawer()) send({ type: 'view', view });
    },
    setReducedMotion(on) {
      reduceMotion = on;
      drawnVersion = -1;
      if (drawer()) send({ type: 'motion', reduceMotion: on });
    },
    setSelected(frameId) {
      selected = frameId;
      drawnVersion = -1;
      if (drawer()) send({ type: 'selected', frameId });
    },
    pixels: () => readPixels(),
    snapshot() {
      // While the page composes, its own last frame is the one on the canvas.
      if (pagePaces) return Promise.resolve(scene.snapshot());
      return ask(
        (id) => ({ type: 'snapshot', id }),
        (r) => (r.type === 'snapshot' ? r.snapshot : undefined),
        () => {
          placeNow();
          return scene.snapshot();
        },
      );
    },
    hitTest(x, y, radius) {
      // While the worker draws, the main thread has no frame of its own to look in: place the
      // packets now (the moment on screen, give or take a frame).
      placeNow();
      return scene.hitTest(x, y, radius);
    },
    destroy() {
      cancelAnimationFrame(frame);
      frame = 0;
      const own = stamper;
      stamper = null;
      if (own) {
        own.worker.terminate();
        dropSurface(own);
      }
      if (pixelReaders[pixelsHook] === readPixels) delete pixelReaders[pixelsHook];
      if (frameCounters[frameCountHook] === countFrames) delete frameCounters[frameCountHook];
    },
  };
}
