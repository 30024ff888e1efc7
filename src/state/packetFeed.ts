// The high-frequency side channel from the worker to the canvas: recent hops, drop marks and an
// estimate of simulated time between worker ticks (or, after a Step, a short glide of that time from
// where the step began to where it ended). Plain module state, never React state, so moving packets
// never re-render a component.
import type { Decision, DecisionCode, NodeId } from '../sim/types';
import type { HopBatch } from '../worker/hopBatch';
import { SIM_MS_PER_WALL_MS_AT_1X } from '../worker/protocol';
import { HopColumns } from './hopColumns';

/** How long (wall ms) a packet stays visible at its destination after it arrives. */
export const ARRIVAL_HOLD_WALL_MS = 250;
/** How long (wall ms) a drop mark stays visible while the simulation runs. */
export const DROP_MARK_WALL_MS = 900;
/**
 * How far (wall ms) the clock may run ahead of the last worker tick. The worker ticks every animation
 * frame, so a longer gap means it is busy (e.g. a bulk run); stop extrapolating rather than invent time.
 */
const MAX_EXTRAPOLATION_WALL_MS = 250;
/**
 * Bounds memory if the worker sends far more hops than can be seen. 120,000 so 50,000 hops in flight
 * (plus those lingering at their destination) can all be drawn (`npm run bench:render`); a hop is
 * 30 bytes of columns, so this stays under 4 MB.
 */
const MAX_HOPS = 120_000;
const MAX_DROPS = 400;
/**
 * How long (wall ms) a Step's glide takes: the hops it advanced over move along their links for
 * this long, whatever the speed, so a flood is seen fanning out from the switch.
 */
export const STEP_GLIDE_WALL_MS = 550;

/** A Step's glide: simulated time shown runs from `fromSim` to `toSim` over `wallMs` from `startWall`. */
export interface Glide {
  fromSim: number;
  toSim: number;
  /** performance.now() (wall ms) when it began, and how long it takes (wall ms). */
  startWall: number;
  wallMs: number;
}

/**
 * The stretch of a Step from `from` to `to` (simulated ms) in which `hops` move: from the first
 * departure (or `from`) to the last arrival (or `to`). Null when nothing moves in it (a step over
 * idle time, or packets that arrive instantly), so the step shows its end state at once.
 */
export function glideSpan(hops: HopColumns, from: number, to: number): { from: number; to: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < hops.count; i++) {
    const t0 = hops.t0[i]!;
    const t1 = hops.t1[i]!;
    if (t1 <= t0 || t1 <= from || t0 >= to) continue;
    first = Math.min(first, t0);
    last = Math.max(last, t1);
  }
  const start = Math.max(from, first);
  const end = Math.min(to, last);
  return end > start ? { from: start, to: end } : null;
}

export interface DropMark {
  node: NodeId;
  /** Simulated ms. */
  t: number;
  /** The decision that ended the frame: the drawing marks NLB's drops, a crashed host and a cut cable apart. */
  code: DecisionCode;
}

type Listener = () => void;

/**
 * A change to a feed, as data: the page's feed hands each one to its observers, and a copy of the feed
 * elsewhere (the drawing worker's) that applies them in order stays equal to it in what it shows (each
 * side drops, as it draws, what can no longer be seen). `at` is the wall moment it happened on the
 * sender's clock (performance.now(), wall ms) and `origin` that clock's performance.timeOrigin: a
 * worker's clock starts elsewhere than the page's.
 */
export type FeedOp = FeedChange & { at: number; origin: number };

type FeedChange =
  | { op: 'reset'; now: number }
  | { op: 'speed'; speed: number }
  | { op: 'running'; running: boolean }
  | {
      op: 'ingest';
      now: number;
      running: boolean;
      hops: HopBatch;
      drops: DropMark[];
      /** Hops that ended before it (simulated ms) are never drawn. */
      keepAfter: number;
    }
  | { op: 'step'; from: number; now: number; hops: HopBatch; drops: DropMark[]; animate: boolean }
  | { op: 'replace'; now: number; hops: HopBatch; drops: DropMark[] }
  /** Everything a feed holds, for a copy that starts after the feed did. */
  | { op: 'load'; state: FeedState };

/** A feed's whole state, its wall moments on the sender's clock (see FeedOp). */
export interface FeedState {
  hops: HopBatch;
  drops: DropMark[];
  tickNow: number;
  tickAt: number;
  shownNow: number;
  running: boolean;
  speed: number;
  glide: Glide | null;
}

type OpObserver = (op: FeedOp) => void;

/** A change made here at `wallNow` (this context's performance.now()), as an op. */
const made = (change: FeedChange, wallNow: number = performance.now()): FeedOp => ({
  ...change,
  at: wallNow,
  origin: performance.timeOrigin,
});
/** A wall moment `at` of a clock started at `origin`, on this context's clock (exact when they are one). */
const wallOf = (at: number, origin: number) => at + (origin - performance.timeOrigin);

/** The drops among a batch's decisions: all the feed keeps of them. */
const dropsOf = (decisions: readonly Decision[]): DropMark[] => {
  const drops: DropMark[] = [];
  for (const d of decisions) if (d.action === 'drop') drops.push({ node: d.node, t: d.t, code: d.code });
  return drops;
};

/** Converts a wall-clock duration to simulated ms at the given speed. */
export function wallToSimMs(wallMs: number, speed: number): number {
  return wallMs * speed * SIM_MS_PER_WALL_MS_AT_1X;
}

export class PacketFeed {
  /** Hops that may still be seen, as columns (appended in batches, compacted as they age out). */
  readonly hops = new HopColumns();
  drops: DropMark[] = [];
  /** Simulated ms at the last worker tick. */
  private tickNow = 0;
  /** performance.now() (wall ms) when that tick arrived. */
  private tickWall = 0;
  /** Simulated ms last handed out, so the estimate never runs backwards between ticks. */
  private shownNow = 0;
  private running = false;
  private speed = 1;
  /** A Step's glide under way, or null. */
  private glide: Glide | null = null;
  /** Bumped on every change that could alter a paused picture, so the canvas knows to redraw. */
  version = 0;
  private listeners = new Set<Listener>();
  private observers = new Set<OpObserver>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  /** Whether the picture moves: playing, or a Step's glide under way (the canvas redraws every frame). */
  isRunning(wallNow: number = performance.now()): boolean {
    this.settleGlide(wallNow);
    return this.running || this.glide !== null;
  }

  /** Whether a Step's glide is under way (tests and the page's own checks). */
  isGliding(wallNow: number = performance.now()): boolean {
    this.settleGlide(wallNow);
    return this.glide !== null;
  }

  /** A glide that has run its course ends: the paused picture of the step's end is drawn once more. */
  private settleGlide(wallNow: number): void {
    const glide = this.glide;
    if (glide && wallNow - glide.startWall >= glide.wallMs) this.stopGlide();
  }

  private stopGlide(): void {
    if (!this.glide) return;
    this.glide = null;
    this.shownNow = this.tickNow;
    this.changed();
  }

  /** Ties the estimate to where it stands at `wall`, so it stays continuous when speed or play change. */
  private reanchor(wall: number): void {
    this.tickNow = this.anchor(wall);
    this.tickWall = wall;
  }

  /** Where the estimate stands at `wall` (a glide keeps its end moment as the anchor, not the moment shown). */
  private anchor(wall: number): number {
    return this.glide ? this.tickNow : this.simNow(wall);
  }

  getSpeed(): number {
    return this.speed;
  }

  /** Time zero (or a freshly loaded scenario): forget everything in flight. */
  reset(now: number): void {
    this.apply(made({ op: 'reset', now }));
  }

  setSpeed(speed: number): void {
    this.apply(made({ op: 'speed', speed }));
  }

  setRunning(running: boolean): void {
    if (running === this.running) return;
    this.apply(made({ op: 'running', running }));
  }

  /**
   * A batch from the worker at simulated time `now`. Hops that ended before `keepAfter` are never
   * drawn (by default, those older than a packet's hold at its destination).
   */
  ingest(
    now: number,
    running: boolean,
    hops: HopBatch,
    decisions: readonly Decision[],
    keepAfter: number = now - Math.max(wallToSimMs(ARRIVAL_HOLD_WALL_MS, this.speed), 0),
  ): void {
    this.apply(made({ op: 'ingest', now, running, hops, drops: dropsOf(decisions), keepAfter }));
  }

  /**
   * A Step's batch: it moved the run from `from` to `now` (simulated ms). With `animate`, the hops
   * moving in between glide along their links over STEP_GLIDE_WALL_MS, then the paused picture of
   * `now` stays; without (reduced motion, or nothing moving), that picture shows at once. A Step
   * pressed while the last one still glides goes on from the moment on screen.
   */
  ingestStep(
    from: number,
    now: number,
    hops: HopBatch,
    decisions: readonly Decision[],
    animate: boolean,
    wallNow: number = performance.now(),
  ): void {
    this.apply(made({ op: 'step', from, now, hops, drops: dropsOf(decisions), animate }, wallNow));
  }

  /**
   * After a seek: show exactly the picture of moment `now` (paused), drawn from the hops and drops
   * of its last moments, instead of what was in flight before.
   */
  replace(now: number, hops: HopBatch, decisions: readonly Decision[]): void {
    this.apply(made({ op: 'replace', now, hops, drops: dropsOf(decisions) }));
  }

  /** Everything this feed holds, as a 'load' change that brings a fresh copy level with it. */
  loadOp(): FeedOp {
    return made({
      op: 'load',
      state: {
        hops: this.hops.toBatch(),
        drops: [...this.drops],
        tickNow: this.tickNow,
        tickAt: this.tickWall,
        shownNow: this.shownNow,
        running: this.running,
        speed: this.speed,
        glide: this.glide ? { ...this.glide } : null,
      },
    });
  }

  /** Sees every change to this feed, as data, after it is applied (see FeedOp). */
  observe(observer: OpObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Applies one change: the only way this feed's contents change. */
  apply(op: FeedOp): void {
    const wall = wallOf(op.at, op.origin);
    switch (op.op) {
      case 'reset':
        this.clearAt(op.now, wall);
        break;
      case 'speed':
        this.reanchor(wall);
        this.speed = op.speed;
        break;
      case 'running':
        this.reanchor(wall);
        this.running = op.running;
        break;
      case 'ingest':
        this.take(op.now, op.running, op.hops, op.drops, op.keepAfter, wall);
        break;
      case 'step': {
        const start = this.glide ? Math.min(op.from, this.simNow(wall)) : op.from;
        this.glide = null;
        // Hops that had arrived before the step began are not in the paused picture: they stay out of it.
        const { t0, t1 } = this.hops;
        this.hops.retain((i) => t1[i]! > start || t0[i]! >= start);
        this.take(op.now, false, op.hops, op.drops, start, wall);
        const span = op.animate ? glideSpan(this.hops, start, op.now) : null;
        if (span) {
          this.glide = { fromSim: span.from, toSim: span.to, startWall: wall, wallMs: STEP_GLIDE_WALL_MS };
          this.shownNow = span.from;
        }
        break;
      }
      case 'replace':
        this.clearAt(op.now, wall);
        this.take(op.now, false, op.hops, op.drops, op.now - this.holdSim(), wall);
        break;
      case 'load': {
        const s = op.state;
        this.hops.clear();
        this.hops.append(s.hops, -Infinity);
        this.drops = [...s.drops];
        this.tickNow = s.tickNow;
        this.tickWall = wallOf(s.tickAt, op.origin);
        this.shownNow = s.shownNow;
        this.running = s.running;
        this.speed = s.speed;
        this.glide = s.glide ? { ...s.glide, startWall: wallOf(s.glide.startWall, op.origin) } : null;
        break;
      }
    }
    this.changed();
    for (const observer of this.observers) observer(op);
  }

  /** Nothing in flight, paused at simulated ms `now` as of wall moment `wall`. */
  private clearAt(now: number, wall: number): void {
    this.hops.clear();
    this.drops = [];
    this.tickNow = now;
    this.shownNow = now;
    this.tickWall = wall;
    this.running = false;
    this.glide = null;
  }

  /** A packet's hold at its destination, in simulated ms at the current speed. */
  private holdSim(): number {
    return Math.max(wallToSimMs(ARRIVAL_HOLD_WALL_MS, this.speed), 0);
  }

  /** Takes a batch's hops and drops at simulated `now` (see ingest). */
  private take(
    now: number,
    running: boolean,
    hops: HopBatch,
    drops: readonly DropMark[],
    keepAfter: number,
    wall: number,
  ): void {
    this.tickNow = now;
    this.tickWall = wall;
    this.running = running;
    // A new batch while a Step glides (Play, or the worker's answer to something else) ends the glide.
    if (this.glide && (running || now < this.glide.toSim)) this.glide = null;
    // A bulk run produces thousands of hops that ended long before this tick: never draw them.
    this.hops.append(hops, keepAfter);
    const dropAfter = Math.min(keepAfter, now - wallToSimMs(DROP_MARK_WALL_MS, this.speed));
    for (const d of drops) if (d.t >= dropAfter) this.drops.push(d);
    this.hops.keepNewest(MAX_HOPS);
    if (this.drops.length > MAX_DROPS) this.drops = this.drops.slice(this.drops.length - MAX_DROPS);
    // While playing, what can no longer be seen goes now: a feed read only now and then (the page's,
    // when a worker draws every frame from its own copy) stays as small as one drawn every frame.
    if (running) this.prune(now);
  }

  /** Estimated simulated ms now: the last tick plus wall time elapsed since, scaled by speed. */
  simNow(wallNow: number = performance.now()): number {
    this.settleGlide(wallNow);
    const glide = this.glide;
    if (glide) {
      // Linear in wall time: packets keep the relative pace they have on their links.
      const p = Math.max(0, (wallNow - glide.startWall) / glide.wallMs);
      this.shownNow = glide.fromSim + (glide.toSim - glide.fromSim) * p;
      return this.shownNow;
    }
    let estimate = this.tickNow;
    if (this.running) {
      const elapsedWall = Math.min(Math.max(wallNow - this.tickWall, 0), MAX_EXTRAPOLATION_WALL_MS);
      estimate += wallToSimMs(elapsedWall, this.speed);
    }
    // Ticks may land slightly behind our estimate; hold still rather than jitter backwards.
    // A reset is the only way back in time, and it sets shownNow directly.
    if (estimate < this.shownNow && estimate > this.shownNow - wallToSimMs(1000, this.speed)) {
      return this.shownNow;
    }
    this.shownNow = estimate;
    return estimate;
  }

  /** Drops marks, and (in bulk) hops, that can no longer be seen at simulated time `now`. */
  prune(now: number): void {
    const hopCutoff = now - wallToSimMs(ARRIVAL_HOLD_WALL_MS, this.speed);
    const dropCutoff = now - wallToSimMs(DROP_MARK_WALL_MS, this.speed);
    // Hops past their hold are not drawn anyway (placement skips them): compact only once they are a
    // quarter of the columns, not every frame (moving 20,000 hops per frame cost about 2 % of the page).
    const hops = this.hops;
    const t1 = hops.t1;
    let stale = 0;
    for (let i = 0; i < hops.count; i++) if (t1[i]! < hopCutoff) stale++;
    if (stale > 0 && stale * 4 >= hops.count) hops.retain((i) => t1[i]! >= hopCutoff);
    if (this.drops.length > 0 && this.drops.some((d) => d.t < dropCutoff)) {
      this.drops = this.drops.filter((d) => d.t >= dropCutoff);
    }
  }
}

/** Lab 1's feed: its store writes it and the page's packet canvas reads it. A second lab has its own. */
export const packetFeed = new PacketFeed();
