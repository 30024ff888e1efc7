// One packet canvas's picture at a moment, as data: where each hop of a feed is drawn, the stamps
// (sprite code, device x, device y) for them, and the vector overlays (selection rings, lit loopback
// circles, drop marks). No DOM: the page composes it in its animation frames, or the drawing worker in
// its own from its copy of the feed, so both draw the same picture.
import { wallToSimMs, ARRIVAL_HOLD_WALL_MS, DROP_MARK_WALL_MS, type PacketFeed } from '../state/packetFeed';
import type { Hop } from '../sim/types';
import { PACKET_KINDS } from '../worker/hopBatch';
import type { Layout } from './layout';
import { LoopTraces, type ShownLoop } from './loopTraces';
import type { Overlay, Overlays } from './packetOverlays';
import { IndexedRoutes, placeColumnHop, RouteTable, type Placement } from './packetPlacement';
import { spriteCode } from './packetSprites';
import { groupOf } from './packetStyle';
import { shownDropMarks, type ShownDropMark } from './shownDropMarks';

/** Drops on these devices are marked (a switch or router drop is in the log, not on a device box). */
const DROP_MARKED_KINDS = new Set(['host', 'balancer'] as const);

/** Each packet kind's sprite group, by the kind index the hop columns store. */
const KIND_GROUPS = PACKET_KINDS.map(groupOf);

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

/** How one frame is drawn. */
export interface SceneFrame {
  /** Pan and zoom (d3-zoom's transform): layout point p is drawn at p * k + (x, y). */
  view: ViewTransform;
  /** Device pixels per CSS pixel. */
  dpr: number;
  /** Packets jump from node to node instead of gliding. */
  reduceMotion: boolean;
  /** The frame to ring (the one in the inspector), or null. */
  selected: number | null;
  /** Where the stamps go, three ints per hop of the feed at least; null to place the packets only. */
  stamps: Int32Array | null;
}

export interface ComposedFrame {
  /** Stamps written (triples). */
  stampCount: number;
  overlays: Overlays;
}

export class PacketScene {
  private layout: Layout | null = null;
  private routes: IndexedRoutes | null = null;
  private readonly loopTraces = new LoopTraces();
  private readonly at: Placement = { x: 0, y: 0, alpha: 0 };
  // Where each packet was drawn last frame (layout px), for hit-testing and export. Typed arrays
  // reused from frame to frame: no object per packet per frame.
  private capacity = 0;
  private drawnX = new Float64Array(0);
  private drawnY = new Float64Array(0);
  private drawnAlpha = new Float64Array(0);
  /** Each drawn packet's index in the feed's hop columns, valid while their generation is `drawnGeneration`. */
  private drawnRow = new Int32Array(0);
  private drawnGeneration = -1;
  private drawnCount = 0;
  private drawnDrops: ShownDropMark[] = [];
  private drawnLoops: ShownLoop[] = [];

  constructor(readonly feed: PacketFeed) {}

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.routes = new IndexedRoutes(new RouteTable(layout), this.feed.hops.nodes);
  }

  getLayout(): Layout | null {
    return this.layout;
  }

  /**
   * The picture at the feed's estimate of now (`running`: the feed moves, see PacketFeed.isRunning):
   * every hop placed, its stamp written into `frame.stamps`, and the overlays in device px. Null before
   * a layout.
   */
  compose(frame: SceneFrame, running: boolean): ComposedFrame | null {
    const { layout, routes, at } = this;
    if (!layout || !routes) return null;
    const feed = this.feed;
    const now = feed.simNow();
    feed.prune(now);
    const speed = feed.getSpeed();
    const holdSim = running ? wallToSimMs(ARRIVAL_HOLD_WALL_MS, speed) : 0;
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    const { dpr, reduceMotion, selected, stamps } = frame;
    // Layout point p lands at device pixel dpr * (p * k + t), rounded to a whole pixel so sprites are
    // copied, never resampled; shapes scale with the zoom.
    const { k, x: tx, y: ty } = frame.view;
    const deviceX = (x: number) => Math.round(dpr * (x * k + tx));
    const deviceY = (y: number) => Math.round(dpr * (y * k + ty));

    const hops = feed.hops;
    this.ensureCapacity(hops.count);
    const { drawnX, drawnY, drawnAlpha, drawnRow } = this;
    let stampCount = 0;
    let drawn = 0;
    const marks: Overlay[] = [];
    this.drawnGeneration = hops.generation;
    for (let i = 0; i < hops.count; i++) {
      if (!placeColumnHop(routes, hops, i, now, holdSim, reduceMotion, at)) continue;
      const n = drawn++;
      drawnX[n] = at.x;
      drawnY[n] = at.y;
      drawnAlpha[n] = at.alpha;
      drawnRow[n] = i;
      // Every copy of the selected frame (a flood sends one frame down every port) gets a ring.
      if (hops.frameId[i] === selected) marks.push({ kind: 'ring', x: deviceX(at.x), y: deviceY(at.y) });
      if (hops.loopback[i] === 1) this.loopTraces.note(hops.nodes[hops.from[i]!]!, hops.t0[i]!, hops.t1[i]!);
      if (!stamps) continue;
      const code = spriteCode(KIND_GROUPS[hops.kind[i]!]!, at.alpha);
      if (code < 0) continue;
      const o = stampCount++ * 3;
      stamps[o] = code;
      stamps[o + 1] = deviceX(at.x);
      stamps[o + 2] = deviceY(at.y);
    }
    this.drawnCount = drawn;

    // Lit loopback circles: solid while a packet goes round, then fading (held while paused).
    this.drawnLoops = this.loopTraces.shown(layout.nodes, now, speed, running);
    for (const c of this.drawnLoops) {
      marks.push({ kind: 'loop', x: deviceX(c.cx), y: deviceY(c.cy), r: c.r, alpha: c.alpha });
    }
    this.drawnDrops = shownDropMarks(feed.drops, layout.nodes, now, dropSim, running, DROP_MARKED_KINDS);
    for (const d of this.drawnDrops) {
      marks.push({ kind: 'drop', x: deviceX(d.x), y: deviceY(d.y), alpha: d.alpha, fate: d.fate });
    }
    return { stampCount, overlays: { scale: dpr * k, marks } };
  }

  /** The packet drawn nearest to layout point (x, y), within `radius`, as of the last composed frame. */
  hitTest(x: number, y: number, radius: number): Hop | null {
    let best = -1;
    let bestD2 = radius * radius;
    for (let i = 0; i < this.drawnCount; i++) {
      const d2 = (this.drawnX[i]! - x) ** 2 + (this.drawnY[i]! - y) ** 2;
      if (d2 < bestD2) {
        best = i;
        bestD2 = d2;
      }
    }
    return best >= 0 ? this.drawnHop(best) : null;
  }

  /** What the last composed frame drew, in layout px. */
  snapshot(): PacketSnapshot {
    const packets: DrawnPacket[] = [];
    for (let i = 0; i < this.drawnCount; i++) {
      const hop = this.drawnHop(i);
      if (hop) packets.push({ x: this.drawnX[i]!, y: this.drawnY[i]!, alpha: this.drawnAlpha[i]!, hop });
    }
    return { packets, drops: this.drawnDrops, loops: this.drawnLoops };
  }

  /** The hop drawn as packet `n` last frame, or null when the feed has moved its hops since. */
  private drawnHop(n: number): Hop | null {
    const hops = this.feed.hops;
    return hops.generation === this.drawnGeneration ? hops.hop(this.drawnRow[n]!) : null;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, this.capacity * 2, 1024);
    this.drawnX = new Float64Array(this.capacity);
    this.drawnY = new Float64Array(this.capacity);
    this.drawnAlpha = new Float64Array(this.capacity);
    this.drawnRow = new Int32Array(this.capacity);
  }
}
