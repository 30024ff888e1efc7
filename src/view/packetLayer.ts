// The canvas above the topology: draws every hop in flight at the estimated simulated time, loopback
// hops circling inside their host, and short-lived drop marks (one mark per fate: dropFate.ts). Runs in requestAnimationFrame and reads
// the packet feed directly, so React never re-renders per frame. Packets are stamped as sprites into
// one pixel buffer (packetSprites.ts); the few overlays (selection ring, drop marks) are vector.
import {
  packetFeed,
  wallToSimMs,
  ARRIVAL_HOLD_WALL_MS,
  DROP_MARK_WALL_MS,
  type DropMark,
} from '../state/packetFeed';
import type { DecisionCode, Hop } from '../sim/types';
import { DROP_MARKS, dropFateOf, type DropFate } from './dropFate';
import { dropPoint, loopCircle, type Layout, type Point } from './layout';
import { placeHop, RouteTable, type Placement } from './packetPlacement';
import { PacketSpriteSet, PixelFrame, rasterizePacketSprites, spriteScaleFor } from './packetSprites';
import { groupOf, LOOP_TRACE_COLOR, PACKET_OUTLINE, SELECTED_RING_PATH } from './packetStyle';

/**
 * A drop mark with the code of the decision that ended the frame. The packet feed does not carry the
 * code yet (it keeps node and time): until it does, every mark reads as NLB's.
 */
type CodedDropMark = DropMark & { code?: DecisionCode };

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
  drops: { x: number; y: number; alpha: number; fate: DropFate }[];
  /** Lit loopback circles. */
  loops: { cx: number; cy: number; r: number; alpha: number }[];
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
 * How far the vector overlays reach from their point, layout px: the loopback circle (radius up to
 * 16) and the selection ring (12), plus their strokes.
 */
const OVERLAY_HALF_EXTENT = 18;

/**
 * How long (wall ms) a host's loopback circle stays lit after a packet went round it. A loopback
 * hop takes 0.2 simulated ms by default, one animation frame at 1x: the lit circle is what lets the
 * room see that it happened (like the drop mark for a drop).
 */
const LOOP_TRACE_WALL_MS = 900;

/** An inclusive range of device-pixel rows. */
interface Rows {
  top: number;
  bottom: number;
}

function union(a: Rows | null, b: Rows | null): Rows | null {
  if (!a) return b;
  if (!b) return a;
  return { top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
}

export function createPacketLayer(canvas: HTMLCanvasElement): PacketLayer {
  const ctx = canvas.getContext('2d');
  let layout: Layout | null = null;
  let routes: RouteTable | null = null;
  let frame = 0;
  let drawnVersion = -1;
  let drawnLayout: Layout | null = null;
  // Sprite sets by rounded device scale (dpr x zoom), most recently used last.
  const spriteSets = new Map<number, PacketSpriteSet>();
  let pixels: PixelFrame | null = null;
  /** Device rows the canvas holds something in (packets or overlays), as of the last frame. */
  let painted: Rows | null = null;
  /** Where the selected frame's copies are this frame (layout px). */
  const selectedAt: Point[] = [];
  /** Per host, the latest loopback hop that has started (simulated ms), for its lit circle. */
  const lastLoop = new Map<string, { t0: number; t1: number }>();
  let image: ImageData | null = null;
  const dropShapes = new Map<DropFate, Path2D>(
    Object.values(DROP_MARKS).map((m) => [m.fate, new Path2D(m.path)] as const),
  );
  const selectedRing = new Path2D(SELECTED_RING_PATH);
  // Where each packet was drawn last frame (layout px), for hit-testing and export. Typed arrays
  // reused from frame to frame: no object per packet per frame.
  let capacity = 0;
  let drawnX = new Float64Array(0);
  let drawnY = new Float64Array(0);
  let drawnAlpha = new Float64Array(0);
  const drawnHops: Hop[] = [];
  let drawnCount = 0;
  let drawnDrops: PacketSnapshot['drops'] = [];
  let drawnLoops: PacketSnapshot['loops'] = [];
  let view: ViewTransform = { k: 1, x: 0, y: 0 };
  let reduceMotion = false;
  let selected: number | null = null;
  const at: Placement = { x: 0, y: 0, alpha: 0 };

  const resize = (l: Layout) => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(l.width * dpr));
    const h = Math.max(1, Math.round(l.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      // Setting the size clears the canvas.
      canvas.width = w;
      canvas.height = h;
      painted = null;
    }
    if (!pixels || pixels.width !== w || pixels.height !== h) {
      pixels = new PixelFrame(w, h);
      image = new ImageData(pixels.clamped, w, h);
    }
    canvas.style.width = `${l.width}px`;
    canvas.style.height = `${l.height}px`;
  };

  const ensureCapacity = (n: number) => {
    if (n <= capacity) return;
    capacity = Math.max(n, capacity * 2, 1024);
    drawnX = new Float64Array(capacity);
    drawnY = new Float64Array(capacity);
    drawnAlpha = new Float64Array(capacity);
  };

  /** The sprite set for a drawing scale: rasterized once per rounded scale, a few kept for zooming. */
  const spritesFor = (scale: number): PacketSpriteSet => {
    const key = spriteScaleFor(scale);
    let set = spriteSets.get(key);
    if (set) {
      // Most recently used last, so the oldest is the first to go.
      spriteSets.delete(key);
    } else {
      set = new PacketSpriteSet(key, rasterizePacketSprites(key));
      if (spriteSets.size >= SPRITE_SETS_KEPT) spriteSets.delete(spriteSets.keys().next().value!);
    }
    spriteSets.set(key, set);
    return set;
  };

  const draw = () => {
    frame = requestAnimationFrame(draw);
    if (!ctx || !layout || !routes || !pixels || !image) return;
    const running = packetFeed.isRunning();
    // Paused and nothing new: the picture cannot have changed.
    if (!running && drawnVersion === packetFeed.version && drawnLayout === layout) return;

    const now = packetFeed.simNow();
    packetFeed.prune(now);
    const speed = packetFeed.getSpeed();
    const holdSim = running ? wallToSimMs(ARRIVAL_HOLD_WALL_MS, speed) : 0;
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    const dpr = canvas.width / layout.width;
    // Layout point p lands at device pixel dpr * (p * k + t), rounded to a whole pixel so sprites are
    // copied, never resampled; shapes scale with the zoom.
    const { k, x: tx, y: ty } = view;
    const scale = dpr * k;
    const deviceX = (x: number) => Math.round(dpr * (x * k + tx));
    const deviceY = (y: number) => Math.round(dpr * (y * k + ty));
    const sprites = spritesFor(scale);

    const hops = packetFeed.hops;
    ensureCapacity(hops.length);
    pixels.clear();
    drawnCount = 0;
    selectedAt.length = 0;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      if (!placeHop(routes, hop, now, holdSim, reduceMotion, at)) continue;
      const n = drawnCount++;
      drawnX[n] = at.x;
      drawnY[n] = at.y;
      drawnAlpha[n] = at.alpha;
      drawnHops[n] = hop;
      // Every copy of the selected frame (a flood sends one frame down every port) gets a ring.
      if (hop.frameId === selected) selectedAt.push({ x: at.x, y: at.y });
      if (hop.loopback) {
        const seen = lastLoop.get(hop.from);
        if (!seen || seen.t1 < hop.t1) lastLoop.set(hop.from, { t0: hop.t0, t1: hop.t1 });
      }
      const sprite = sprites.get(groupOf(hop.kind), at.alpha);
      if (sprite) pixels.stamp(sprite, deviceX(at.x), deviceY(at.y));
    }
    // Let go of hops that left the feed (the array only ever grows to the busiest frame).
    drawnHops.length = drawnCount;

    // Only the rows that held anything last frame or hold something now go to the canvas: with a
    // few packets on a large or dense display that is a small part of it.
    const stamped = pixels.dirtyRows();
    const rows = union(stamped, painted);
    if (rows) ctx.putImageData(image, 0, 0, 0, rows.top, pixels.width, rows.bottom - rows.top + 1);
    painted = stamped;
    const overlayReach = Math.ceil(OVERLAY_HALF_EXTENT * scale) + 2;
    const place = (p: Point) => {
      const y = deviceY(p.y);
      painted = union(painted, {
        top: Math.max(0, y - overlayReach),
        bottom: Math.min(pixels!.height - 1, y + overlayReach),
      });
      ctx.setTransform(scale, 0, 0, scale, deviceX(p.x), y);
    };
    ctx.lineJoin = 'round';
    for (const p of selectedAt) {
      // The packet in the inspector: a bold ring, so the room can follow it.
      place(p);
      ctx.globalAlpha = 1;
      ctx.lineWidth = 3;
      ctx.strokeStyle = PACKET_OUTLINE;
      ctx.stroke(selectedRing);
    }

    // Lit loopback circles: solid while a packet goes round, then fading (held while paused).
    const traceSim = wallToSimMs(LOOP_TRACE_WALL_MS, speed);
    drawnLoops = [];
    for (const [hostId, loop] of lastLoop) {
      const box = layout.nodes.get(hostId);
      // Gone from the drawing, or not yet happened (time went back: a seek or a reset).
      if (!box || now < loop.t0) {
        lastLoop.delete(hostId);
        continue;
      }
      const age = now - loop.t1;
      // Never quite opaque, so a packet on the circle still shows through the line.
      const alpha = 0.85 * (age <= 0 ? 1 : age >= traceSim ? 0 : running ? 1 - age / traceSim : 1);
      if (alpha <= 0) {
        if (running) lastLoop.delete(hostId);
        continue;
      }
      const c = loopCircle(box);
      drawnLoops.push({ cx: c.cx, cy: c.cy, r: c.r, alpha });
      place({ x: c.cx, y: c.cy });
      ctx.globalAlpha = alpha;
      ctx.lineWidth = 3;
      ctx.strokeStyle = LOOP_TRACE_COLOR;
      ctx.beginPath();
      ctx.arc(0, 0, c.r, 0, 2 * Math.PI);
      ctx.stroke();
    }

    drawnDrops = [];
    ctx.lineCap = 'round';
    for (const mark of packetFeed.drops as readonly CodedDropMark[]) {
      if (now < mark.t) continue;
      const box = layout.nodes.get(mark.node);
      if (!box || box.node.kind !== 'host') continue;
      const age = now - mark.t;
      const alpha = dropSim > 0 ? Math.max(0, 1 - age / dropSim) : 1;
      if (alpha <= 0 && running) continue;
      const p = dropPoint(box);
      const fate = dropFateOf(mark.code);
      const shape = dropShapes.get(fate)!;
      ctx.globalAlpha = running ? Math.max(alpha, 0.15) : 1;
      drawnDrops.push({ x: p.x, y: p.y, alpha: ctx.globalAlpha, fate });
      place(p);
      // A white halo first, so the mark reads on any background.
      ctx.lineWidth = 6;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke(shape);
      ctx.lineWidth = 3;
      ctx.strokeStyle = DROP_MARKS[fate].stroke;
      ctx.stroke(shape);
    }
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    // Only now: a frame that failed half-way is drawn again, not taken as done.
    drawnVersion = packetFeed.version;
    drawnLayout = layout;
  };
  frame = requestAnimationFrame(draw);

  return {
    setLayout(next) {
      layout = next;
      routes = new RouteTable(next);
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
    snapshot() {
      const packets: DrawnPacket[] = [];
      for (let i = 0; i < drawnCount; i++)
        packets.push({ x: drawnX[i]!, y: drawnY[i]!, alpha: drawnAlpha[i]!, hop: drawnHops[i]! });
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
      return best >= 0 ? drawnHops[best]! : null;
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
}
