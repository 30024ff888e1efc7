// Lab 2's moving packets: a small canvas layer drawing the hops of a packet feed it is given (Lab 1's
// packet layer, src/view/packetLayer.ts, reads the page's one feed). Same placement, sprites, loopback
// circles and drop marks, stamped on the main thread: a split-view lab shows a few hundred packets.
import { wallToSimMs, ARRIVAL_HOLD_WALL_MS, DROP_MARK_WALL_MS } from '../../state/packetFeed';
import type { PacketFeed } from '../../state/packetFeed';
import { DROP_MARKS, dropFateOf, type DropFate } from '../../view/dropFate';
import { dropPoint, loopCircle, type Layout } from '../../view/layout';
import { IndexedRoutes, placeColumnHop, RouteTable, type Placement } from '../../view/packetPlacement';
import {
  PacketSpriteSet,
  PixelFrame,
  rasterizePacketSprites,
  spriteScaleFor,
} from '../../view/packetSprites';
import { groupOf, LOOP_TRACE_COLOR } from '../../view/packetStyle';
import { PACKET_KINDS } from '../../worker/hopBatch';

/** How long (wall ms) a host's loopback circle stays lit after a packet went round it (as Lab 1's). */
const LOOP_TRACE_WALL_MS = 900;
/** How far a loop circle or drop mark reaches from its point, layout px (with its stroke). */
const OVERLAY_HALF_EXTENT = 18;

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

export interface LabPacketLayer {
  setLayout(layout: Layout): void;
  setTransform(transform: { k: number; x: number; y: number }): void;
  setReducedMotion(on: boolean): void;
  destroy(): void;
}

export function createLabPacketLayer(canvas: HTMLCanvasElement, feed: PacketFeed): LabPacketLayer {
  const ctx = canvas.getContext('2d');
  let layout: Layout | null = null;
  let routes: IndexedRoutes | null = null;
  let pixels: PixelFrame | null = null;
  let image: ImageData | null = null;
  let sprites: PacketSpriteSet | null = null;
  let view = { k: 1, x: 0, y: 0 };
  let jump = false;
  let drawnVersion = -1;
  let dirty = true;
  let frame = 0;
  /** Device rows the canvas holds something in, as of the last frame: only those are cleared. */
  let painted: Rows | null = null;
  const lastLoop = new Map<string, { t0: number; t1: number }>();
  const dropShapes = new Map<DropFate, Path2D>(
    Object.values(DROP_MARKS).map((m) => [m.fate, new Path2D(m.path)] as const),
  );
  const at: Placement = { x: 0, y: 0, alpha: 0 };

  const draw = () => {
    frame = requestAnimationFrame(draw);
    if (!ctx || !layout || !routes || !pixels || !image) return;
    const running = feed.isRunning();
    if (!running && !dirty && drawnVersion === feed.version) return;
    dirty = false;
    const now = feed.simNow();
    feed.prune(now);
    const speed = feed.getSpeed();
    const holdSim = running ? wallToSimMs(ARRIVAL_HOLD_WALL_MS, speed) : 0;
    const dpr = canvas.width / layout.width;
    const { k, x: tx, y: ty } = view;
    const scale = dpr * k;
    const key = spriteScaleFor(scale);
    if (!sprites || sprites.scale !== key) sprites = new PacketSpriteSet(key, rasterizePacketSprites(key));
    const deviceX = (x: number) => Math.round(dpr * (x * k + tx));
    const deviceY = (y: number) => Math.round(dpr * (y * k + ty));

    pixels.clear();
    const hops = feed.hops;
    for (let i = 0; i < hops.count; i++) {
      if (!placeColumnHop(routes, hops, i, now, holdSim, jump, at)) continue;
      if (hops.loopback[i] === 1) {
        const host = hops.nodes[hops.from[i]!]!;
        const seen = lastLoop.get(host);
        if (!seen || seen.t1 < hops.t1[i]!) lastLoop.set(host, { t0: hops.t0[i]!, t1: hops.t1[i]! });
      }
      const sprite = sprites.get(groupOf(PACKET_KINDS[hops.kind[i]!]!), at.alpha);
      if (sprite) pixels.stamp(sprite, deviceX(at.x), deviceY(at.y));
    }
    // Only the rows that held anything last frame or hold something now go to the canvas.
    const stamped = pixels.dirtyRows();
    const rows = union(stamped, painted);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (rows) ctx.putImageData(image, 0, 0, 0, rows.top, pixels.width, rows.bottom - rows.top + 1);
    painted = stamped;
    const reach = Math.ceil(OVERLAY_HALF_EXTENT * scale) + 2;
    const height = pixels.height;
    const overlayAt = (y: number) => {
      painted = union(painted, { top: Math.max(0, y - reach), bottom: Math.min(height - 1, y + reach) });
    };

    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // Lit loopback circles: solid while a packet goes round, then fading (held while paused).
    const traceSim = wallToSimMs(LOOP_TRACE_WALL_MS, speed);
    for (const [hostId, loop] of lastLoop) {
      const box = layout.nodes.get(hostId);
      if (!box || now < loop.t0) {
        lastLoop.delete(hostId);
        continue;
      }
      const age = now - loop.t1;
      const alpha = 0.85 * (age <= 0 ? 1 : age >= traceSim ? 0 : running ? 1 - age / traceSim : 1);
      if (alpha <= 0) {
        if (running) lastLoop.delete(hostId);
        continue;
      }
      const c = loopCircle(box);
      overlayAt(deviceY(c.cy));
      ctx.setTransform(scale, 0, 0, scale, deviceX(c.cx), deviceY(c.cy));
      ctx.globalAlpha = alpha;
      ctx.lineWidth = 3;
      ctx.strokeStyle = LOOP_TRACE_COLOR;
      ctx.beginPath();
      ctx.arc(0, 0, c.r, 0, 2 * Math.PI);
      ctx.stroke();
    }
    // Drop marks: one mark per fate (NLB's drop, a host down, a cut cable, a discard).
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    for (const mark of feed.drops) {
      if (now < mark.t) continue;
      const box = layout.nodes.get(mark.node);
      if (!box || box.node.kind !== 'host') continue;
      const age = now - mark.t;
      const alpha = dropSim > 0 ? Math.max(0, 1 - age / dropSim) : 1;
      if (alpha <= 0 && running) continue;
      const p = dropPoint(box);
      const fate = dropFateOf(mark.code);
      overlayAt(deviceY(p.y));
      ctx.setTransform(scale, 0, 0, scale, deviceX(p.x), deviceY(p.y));
      ctx.globalAlpha = running ? Math.max(alpha, 0.15) : 1;
      const shape = dropShapes.get(fate)!;
      ctx.lineWidth = 6;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke(shape);
      ctx.lineWidth = 3;
      ctx.strokeStyle = DROP_MARKS[fate].stroke;
      ctx.stroke(shape);
    }
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawnVersion = feed.version;
  };
  frame = requestAnimationFrame(draw);

  return {
    setLayout(next) {
      layout = next;
      routes = new IndexedRoutes(new RouteTable(next), feed.hops.nodes);
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(next.width * dpr));
      const h = Math.max(1, Math.round(next.height * dpr));
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
      canvas.style.width = `${next.width}px`;
      canvas.style.height = `${next.height}px`;
      dirty = true;
    },
    setTransform(next) {
      view = { k: next.k, x: next.x, y: next.y };
      dirty = true;
    },
    setReducedMotion(on) {
      jump = on;
      dirty = true;
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
}
