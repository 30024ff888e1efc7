// Lab 2's moving packets: a small canvas layer drawing the hops of a packet feed it is given (Lab 1's
// packet layer, src/view/packetLayer.ts, reads the page's one feed). Same placement, sprites, loopback
// circles, drop marks, stamping and presenting, on the main thread: a split-view lab shows a few hundred packets.
import { wallToSimMs, ARRIVAL_HOLD_WALL_MS, DROP_MARK_WALL_MS } from '../../state/packetFeed';
import type { PacketFeed } from '../../state/packetFeed';
import type { Layout } from '../../view/layout';
import { LoopTraces } from '../../view/loopTraces';
import { PacketPresenter, type Overlay } from '../../view/packetOverlays';
import { IndexedRoutes, placeColumnHop, RouteTable, type Placement } from '../../view/packetPlacement';
import {
  PacketSpriteSet,
  PixelFrame,
  rasterizePacketSprites,
  spriteCode,
  spriteScaleFor,
} from '../../view/packetSprites';
import { stampInto } from '../../view/packetStamper';
import { groupOf } from '../../view/packetStyle';
import { shownDropMarks } from '../../view/shownDropMarks';
import { PACKET_KINDS } from '../../worker/hopBatch';

/** Drops on hosts are marked (Lab 2 draws no balancer node). */
const DROP_MARKED_KINDS = new Set(['host'] as const);
/** Each packet kind's sprite group, by the kind index the hop columns store. */
const KIND_GROUPS = PACKET_KINDS.map(groupOf);

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
  const presenter = new PacketPresenter();
  const loopTraces = new LoopTraces();
  const at: Placement = { x: 0, y: 0, alpha: 0 };
  /** The frame's packets as (sprite code, device x, device y) triples, reused from frame to frame. */
  let stamps = new Int32Array(0);

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

    const hops = feed.hops;
    if (stamps.length < hops.count * 3) stamps = new Int32Array(Math.max(hops.count * 3, 3 * 256) * 2);
    let count = 0;
    for (let i = 0; i < hops.count; i++) {
      if (!placeColumnHop(routes, hops, i, now, holdSim, jump, at)) continue;
      if (hops.loopback[i] === 1) loopTraces.note(hops.nodes[hops.from[i]!]!, hops.t0[i]!, hops.t1[i]!);
      const code = spriteCode(KIND_GROUPS[hops.kind[i]!]!, at.alpha);
      if (code < 0) continue;
      stamps[count * 3] = code;
      stamps[count * 3 + 1] = deviceX(at.x);
      stamps[count * 3 + 2] = deviceY(at.y);
      count++;
    }
    // The one stamping loop of every packet canvas (Lab 1's too), so both labs draw the same pixels.
    pixels.clear();
    stampInto(pixels, sprites, stamps, count);
    const marks: Overlay[] = [];
    // Lit loopback circles: solid while a packet goes round, then fading (held while paused).
    for (const c of loopTraces.shown(layout.nodes, now, speed, running)) {
      marks.push({ kind: 'loop', x: deviceX(c.cx), y: deviceY(c.cy), r: c.r, alpha: c.alpha });
    }
    // Drop marks: one per (host, fate): NLB's drop, a host down, a cut cable, a discard.
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    for (const d of shownDropMarks(feed.drops, layout.nodes, now, dropSim, running, DROP_MARKED_KINDS)) {
      marks.push({ kind: 'drop', x: deviceX(d.x), y: deviceY(d.y), alpha: d.alpha, fate: d.fate });
    }
    // Only the rows that held anything last frame or hold something now go to the canvas.
    presenter.presentFrame(ctx, image, pixels.dirtyRows(), { scale, marks });
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
        presenter.reset();
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
