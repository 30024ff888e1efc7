// The canvas above the topology: draws every hop in flight at the estimated simulated time, loopback
// hops circling inside their host, and short-lived drop marks (one mark per fate: dropFate.ts). Runs in requestAnimationFrame and reads
// the packet feed directly, so React never re-renders per frame. Packets are stamped as sprites into
// one pixel buffer (packetSprites.ts), by the stamping worker where the platform has one
// (packetStamp.worker.ts), else on the main thread; the few overlays (selection ring, drop marks) are vector
// (packetOverlays.ts). Where canvases can be transferred, the worker also draws: into a canvas of the
// layer's own, placed over the page's, so the main thread does no per-frame canvas work.
import { packetFeed, wallToSimMs, ARRIVAL_HOLD_WALL_MS, DROP_MARK_WALL_MS } from '../state/packetFeed';
import type { Hop } from '../sim/types';
import { PACKET_KINDS } from '../worker/hopBatch';
import { shownDropMarks, type ShownDropMark } from './shownDropMarks';
import type { Layout } from './layout';
import { LoopTraces, type ShownLoop } from './loopTraces';
import { IndexedRoutes, placeColumnHop, RouteTable, type Placement } from './packetPlacement';
import {
  PacketSpriteSet,
  PixelFrame,
  rasterizePacketSprites,
  spriteCode,
  spriteScaleFor,
} from './packetSprites';
import { PacketPresenter, type Overlay, type Overlays } from './packetOverlays';
import { stampInto, type FromStamper, type StampJob, type ToStamper } from './packetStamper';
import { groupOf } from './packetStyle';

/** Drops on these devices are marked (a switch or router drop is in the log, not on a device box). */
const DROP_MARKED_KINDS = new Set(['host', 'balancer'] as const);

/** Each packet kind's sprite group, by the kind index the hop columns store. */
const KIND_GROUPS = PACKET_KINDS.map(groupOf);

export interface PacketLayer {
  setLayout(layout: Layout): void;
  /** Pan and zoom of the drawing (d3-zoom's transform): layout point p is drawn at p * k + (x, y). */
  setTransform(transform: ViewTransform): void;
  /** Packets jump from node to node instead of gliding. */
  setReducedMotion(on: boolean): void;
  /** The frame to ring (the one in the inspector), or null. */
  setSelected(frameId: number | null): void;
  /** The packet drawn nearest to layout point (x, y), within `radius`, as of the last frame. */
  hitTest(x: number, y: number, radius: number): Hop | null;
  /** What the last frame drew, in layout coordinates (for exporting the view). */
  snapshot(): PacketSnapshot;
  /** What the canvas shows now, as pixels (for exporting the view as PNG, and the browser tests). */
  pixels(): Promise<PacketPixels>;
  destroy(): void;
}

export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

/** What the canvas showed in its last frame, in layout px: for exporting the view as SVG. */
export interface PacketSnapshot {
  packets: DrawnPacket[];
  /** One per (device, fate): see shownDropMarks. */
  drops: ShownDropMark[];
  /** Lit loopback circles. */
  loops: ShownLoop[];
}

export interface DrawnPacket {
  x: number;
  y: number;
  alpha: number;
  hop: Hop;
}

/** Sprite sets kept for zooming back and forth (each is a few hundred KB at most). */
const SPRITE_SETS_KEPT = 4;

/**
 * How long (wall ms) a frame may stay with the stamping worker before the main thread takes the
 * stamping back: a worker that stopped answering must not freeze the packets.
 */
const STAMP_WORKER_PATIENCE_WALL_MS = 2_000;
/**
 * Frames with the worker at once. Two: it stamps the next while the main thread draws the last, so
 * the packets keep the display's rate even when a round trip takes longer than a frame (one frame later).
 */
const STAMP_JOBS_IN_FLIGHT = 2;
/**
 * Hops in the feed from which the worker stamps. Below it the main thread stamps: a few thousand
 * stamps cost it a few wall ms, less than the worker's round trip of the rows (a full-height band is
 * 4 MB per frame at 1280 x 800, four times that on a dense display).
 */
const STAMP_WORKER_MIN_HOPS = 2_000;

/**
 * Packet frames that reached the canvas since the page loaded, on the global object for the render
 * benchmark: with the stamping worker skipping frames it cannot keep up with, the page's animation
 * frame rate alone would overstate how often the packets move.
 */
const presented = globalThis as { __vipLabPacketFrames?: number };
const countPresented = () => {
  presented.__vipLabPacketFrames = (presented.__vipLabPacketFrames ?? 0) + 1;
};

/** The packet canvas's pixels (RGBA, un-premultiplied) and device size. */
export interface PacketPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
/**
 * Reads what the packet canvas shows, whoever draws it (the browser tests): a transferred canvas
 * cannot be read from the main thread, so the worker answers for it.
 */
const pixelReader = globalThis as { __vipLabPacketPixels?: () => Promise<PacketPixels> };

/** The stamping worker as the layer sees it; `ready` once it said it can serve. */
interface StampWorker {
  worker: Worker;
  ready: boolean;
  /** The jobs it has now, oldest first, each with the overlays to draw over its answer. */
  pending: { job: StampJob; overlays: Overlays; postedAt: number }[];
  /** Sprite-set keys it holds. */
  keys: Set<number>;
  /** Stamps buffers handed back, for the next jobs. */
  spare: Int32Array[];
  seq: number;
  /** The layer's own canvas whose control went to the worker (which then draws every frame), or null. */
  surface: HTMLCanvasElement | null;
  /** Pixel reads waiting for the worker's answer, by id. */
  reads: Map<number, (pixels: PacketPixels) => void>;
  readSeq: number;
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
      reads: new Map(),
      readSeq: 0,
    };
  } catch {
    return null;
  }
}

export function createPacketLayer(canvas: HTMLCanvasElement): PacketLayer {
  const ctx = canvas.getContext('2d');
  let layout: Layout | null = null;
  let routes: IndexedRoutes | null = null;
  let frame = 0;
  let drawnVersion = -1;
  let drawnLayout: Layout | null = null;
  // Sprite sets by rounded device scale (dpr x zoom), most recently used last.
  const spriteSets = new Map<number, PacketSpriteSet>();
  let pixels: PixelFrame | null = null;
  /** Presents frames on the page's canvas (the main-thread path). */
  const presenter = new PacketPresenter();
  /** Device pixels of the drawing (the page's canvas's size; a transferred canvas is sized by the worker). */
  let deviceWidth = 0;
  let deviceHeight = 0;
  const loopTraces = new LoopTraces();
  let image: ImageData | null = null;
  // Where each packet was drawn last frame (layout px), for hit-testing and export. Typed arrays
  // reused from frame to frame: no object per packet per frame.
  let capacity = 0;
  let drawnX = new Float64Array(0);
  let drawnY = new Float64Array(0);
  let drawnAlpha = new Float64Array(0);
  /** Each drawn packet's index in the feed's hop columns, valid while their generation is `drawnGeneration`. */
  let drawnRow = new Int32Array(0);
  let drawnGeneration = -1;
  let drawnCount = 0;
  let drawnDrops: PacketSnapshot['drops'] = [];
  let drawnLoops: PacketSnapshot['loops'] = [];
  let view: ViewTransform = { k: 1, x: 0, y: 0 };
  let reduceMotion = false;
  let selected: number | null = null;
  const at: Placement = { x: 0, y: 0, alpha: 0 };
  /** The main thread's own stamps buffer (the worker's travel back and forth as spares). */
  let localStamps = new Int32Array(0);

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
    if (!pixels || pixels.width !== w || pixels.height !== h) {
      pixels = new PixelFrame(w, h);
      image = new ImageData(pixels.clamped, w, h);
    }
    for (const el of [canvas, stamper?.surface]) {
      if (!el) continue;
      el.style.width = `${l.width}px`;
      el.style.height = `${l.height}px`;
    }
  };

  const ensureCapacity = (n: number) => {
    if (n <= capacity) return;
    capacity = Math.max(n, capacity * 2, 1024);
    drawnX = new Float64Array(capacity);
    drawnY = new Float64Array(capacity);
    drawnAlpha = new Float64Array(capacity);
    drawnRow = new Int32Array(capacity);
  };

  /** The hop drawn as packet `n` last frame, or null when the feed has moved its hops since. */
  const drawnHop = (n: number): Hop | null =>
    packetFeed.hops.generation === drawnGeneration ? packetFeed.hops.hop(drawnRow[n]!) : null;

  /** The sprite set for a drawing scale: rasterized once per rounded scale, a few kept for zooming. */
  const spritesFor = (scale: number): PacketSpriteSet => {
    const key = spriteScaleFor(scale);
    let set = spriteSets.get(key);
    if (set) {
      // Most recently used last, so the oldest is the first to go.
      spriteSets.delete(key);
    } else {
      set = new PacketSpriteSet(key, rasterizePacketSprites(key));
      if (spriteSets.size >= SPRITE_SETS_KEPT) {
        const oldest = spriteSets.keys().next().value!;
        spriteSets.delete(oldest);
        if (stamper?.keys.delete(oldest)) send({ type: 'forget', key: oldest });
      }
    }
    spriteSets.set(key, set);
    return set;
  };

  let stamper = startStampWorker();
  const send = (message: ToStamper, transfer: Transferable[] = []) =>
    stamper?.worker.postMessage(message, transfer);
  /** The page's canvas's pixels (the main-thread path). */
  const readLocal = (): PacketPixels => {
    if (!ctx || canvas.width === 0 || canvas.height === 0)
      return { width: 0, height: 0, data: new Uint8ClampedArray(0) };
    const { width, height, data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width, height, data };
  };
  const readPixels = (): Promise<PacketPixels> => {
    const own = stamper;
    if (!own?.surface) return Promise.resolve(readLocal());
    return new Promise((resolve) => {
      const id = ++own.readSeq;
      own.reads.set(id, resolve);
      send({ type: 'read', id });
    });
  };
  pixelReader.__vipLabPacketPixels = readPixels;

  /**
   * Hands the drawing to the worker for good: a fresh canvas of the layer's own (the page's canvas
   * has a 2D context, so it cannot be transferred; and a transferred canvas can never be drawn on
   * here again), placed where the page's sits and first in document order, the page's hidden.
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
    send({ type: 'canvas', canvas: offscreen }, [offscreen]);
  };

  /**
   * Takes the layer's own canvas out again and shows the page's: after the worker failed (its
   * transferred canvas went with it) or when the layer goes.
   */
  const dropSurface = (own: StampWorker) => {
    if (!own.surface) return;
    own.surface.remove();
    own.surface = null;
    canvas.style.display = '';
    // What the page's canvas held from before the transfer is stale.
    ctx?.clearRect(0, 0, canvas.width, canvas.height);
    presenter.reset();
    for (const resolve of own.reads.values()) resolve(readLocal());
    own.reads.clear();
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
  };

  if (stamper) {
    const own = stamper;
    own.worker.onmessage = (event: MessageEvent<FromStamper>) => {
      if (stamper !== own) return;
      const message = event.data;
      if (message.type === 'ready') {
        if (message.ok) {
          own.ready = true;
          drawnVersion = -1;
        } else dropStamper();
        return;
      }
      if (message.type === 'pixels') {
        own.reads.get(message.id)?.(message);
        own.reads.delete(message.id);
        return;
      }
      // Answers come in the order the jobs went.
      const pending = own.pending[0];
      if (!pending || pending.job.seq !== message.seq) return;
      own.pending.shift();
      if (message.type === 'failed') {
        dropStamper();
        return;
      }
      own.spare.push(message.stamps);
      if (message.type === 'presented') {
        countPresented();
        return;
      }
      // A resize since the job was sent: its pixels no longer fit; the next frame redraws.
      if (!ctx || !pixels || pixels.width !== pending.job.width || pixels.height !== pending.job.height) {
        drawnVersion = -1;
      } else {
        const { width, height } = pixels;
        const band = message.pixels
          ? new ImageData(message.pixels, width, message.pixels.length / (width * 4))
          : null;
        presenter.presentBand(ctx, width, height, band, message.top, pending.overlays);
        countPresented();
      }
      // The rows' buffer goes back for the worker's next answers.
      if (message.pixels) send({ type: 'spare', buffer: message.pixels.buffer }, [message.pixels.buffer]);
    };
    own.worker.onerror = () => {
      if (stamper === own) dropStamper();
    };
    // The canvas goes to the worker now, while the stage is being built, not when the worker says
    // it is ready: swapping canvases a moment later, under a finger already dragging the client
    // badge, lost the drag (a browser test, 1 run in 6). Frames posted before then wait in order.
    transferSurface(own);
  }

  const draw = () => {
    frame = requestAnimationFrame(draw);
    if (!layout || !routes || deviceWidth === 0) return;
    // On the worker's own canvas every frame goes to the worker; else from STAMP_WORKER_MIN_HOPS on.
    const onSurface = stamper?.surface ? stamper : null;
    if (!onSurface && (!ctx || !pixels || !image)) return;
    const remote =
      onSurface ?? (stamper?.ready && packetFeed.hops.count >= STAMP_WORKER_MIN_HOPS ? stamper : null);
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
    const running = packetFeed.isRunning();
    // Paused and nothing new: the picture cannot have changed.
    if (!running && drawnVersion === packetFeed.version && drawnLayout === layout) return;

    const now = packetFeed.simNow();
    packetFeed.prune(now);
    const speed = packetFeed.getSpeed();
    const holdSim = running ? wallToSimMs(ARRIVAL_HOLD_WALL_MS, speed) : 0;
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    const dpr = deviceWidth / layout.width;
    // Layout point p lands at device pixel dpr * (p * k + t), rounded to a whole pixel so sprites are
    // copied, never resampled; shapes scale with the zoom.
    const { k, x: tx, y: ty } = view;
    const scale = dpr * k;
    const deviceX = (x: number) => Math.round(dpr * (x * k + tx));
    const deviceY = (y: number) => Math.round(dpr * (y * k + ty));
    const sprites = spritesFor(scale);

    const hops = packetFeed.hops;
    ensureCapacity(hops.count);
    // The packets as (sprite code, x, y) triples, stamped by the worker or, after the loop, right here.
    let stamps: Int32Array;
    if (remote) {
      if (!remote.keys.has(sprites.scale)) {
        remote.keys.add(sprites.scale);
        const packed = sprites.packed();
        send(
          { type: 'sprites', key: sprites.scale, sprites: packed },
          packed.map(([, p]) => p.buffer),
        );
      }
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
    let stampCount = 0;
    drawnCount = 0;
    const marks: Overlay[] = [];
    drawnGeneration = hops.generation;
    for (let i = 0; i < hops.count; i++) {
      if (!placeColumnHop(routes, hops, i, now, holdSim, reduceMotion, at)) continue;
      const n = drawnCount++;
      drawnX[n] = at.x;
      drawnY[n] = at.y;
      drawnAlpha[n] = at.alpha;
      drawnRow[n] = i;
      // Every copy of the selected frame (a flood sends one frame down every port) gets a ring.
      if (hops.frameId[i] === selected) marks.push({ kind: 'ring', x: deviceX(at.x), y: deviceY(at.y) });
      if (hops.loopback[i] === 1) loopTraces.note(hops.nodes[hops.from[i]!]!, hops.t0[i]!, hops.t1[i]!);
      const code = spriteCode(KIND_GROUPS[hops.kind[i]!]!, at.alpha);
      if (code < 0) continue;
      const o = stampCount++ * 3;
      stamps[o] = code;
      stamps[o + 1] = deviceX(at.x);
      stamps[o + 2] = deviceY(at.y);
    }

    // Lit loopback circles: solid while a packet goes round, then fading (held while paused).
    drawnLoops = loopTraces.shown(layout.nodes, now, speed, running);
    for (const c of drawnLoops) {
      marks.push({ kind: 'loop', x: deviceX(c.cx), y: deviceY(c.cy), r: c.r, alpha: c.alpha });
    }

    drawnDrops = shownDropMarks(packetFeed.drops, layout.nodes, now, dropSim, running, DROP_MARKED_KINDS);
    for (const d of drawnDrops) {
      marks.push({ kind: 'drop', x: deviceX(d.x), y: deviceY(d.y), alpha: d.alpha, fate: d.fate });
    }
    const overlays: Overlays = { scale, marks };

    if (remote) {
      const job: StampJob = {
        seq: ++remote.seq,
        key: sprites.scale,
        width: deviceWidth,
        height: deviceHeight,
        count: stampCount,
        stamps,
      };
      remote.pending.push({ job, overlays, postedAt: performance.now() });
      // The overlays travel as plain data (structured clone: a few dozen marks at most).
      if (onSurface) send({ type: 'present', job, overlays }, [stamps.buffer]);
      else send({ type: 'frame', job }, [stamps.buffer]);
    } else if (ctx && pixels && image) {
      pixels.clear();
      stampInto(pixels, sprites, stamps, stampCount);
      presenter.presentFrame(ctx, image, pixels.dirtyRows(), overlays);
      countPresented();
    }
    // Only now: a frame that failed half-way is drawn again, not taken as done.
    drawnVersion = packetFeed.version;
    drawnLayout = layout;
  };
  frame = requestAnimationFrame(draw);

  return {
    setLayout(next) {
      layout = next;
      routes = new IndexedRoutes(new RouteTable(next), packetFeed.hops.nodes);
      resize(next);
    },
    setTransform(next) {
      view = { k: next.k, x: next.x, y: next.y };
      drawnVersion = -1;
    },
    setReducedMotion(on) {
      reduceMotion = on;
      drawnVersion = -1;
    },
    setSelected(frameId) {
      selected = frameId;
      drawnVersion = -1;
    },
    pixels: () => readPixels(),
    snapshot() {
      const packets: DrawnPacket[] = [];
      for (let i = 0; i < drawnCount; i++) {
        const hop = drawnHop(i);
        if (hop) packets.push({ x: drawnX[i]!, y: drawnY[i]!, alpha: drawnAlpha[i]!, hop });
      }
      return { packets, drops: drawnDrops, loops: drawnLoops };
    },
    hitTest(x, y, radius) {
      let best = -1;
      let bestD2 = radius * radius;
      for (let i = 0; i < drawnCount; i++) {
        const d2 = (drawnX[i]! - x) ** 2 + (drawnY[i]! - y) ** 2;
        if (d2 < bestD2) {
          best = i;
          bestD2 = d2;
        }
      }
      return best >= 0 ? drawnHop(best) : null;
    },
    destroy() {
      cancelAnimationFrame(frame);
      const own = stamper;
      stamper = null;
      if (own) {
        own.worker.terminate();
        dropSurface(own);
      }
      if (pixelReader.__vipLabPacketPixels === readPixels) delete pixelReader.__vipLabPacketPixels;
    },
  };
}
