// The high-frequency side channel from the worker to the canvas: recent hops, drop marks and an
// estimate of simulated time between worker ticks. Plain module state, never React state, so moving
// packets never re-render a component.
import type { Decision, DecisionCode, Hop, NodeId } from '../sim/types';
import { SIM_MS_PER_WALL_MS_AT_1X } from '../worker/protocol';

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
 * Bounds memory if the worker sends far more hops than can be seen (e.g. at 100x). Raised from 6,000
 * to 30,000 so 20,000 hops in flight (plus those lingering at their destination) can all be drawn
 * (`npm run bench:render`); a hop is a small object, so this stays a few MB at most.
 */
const MAX_HOPS = 30_000;
const MAX_DROPS = 400;

export interface DropMark {
  node: NodeId;
  /** Simulated ms. */
  t: number;
  /** The decision that ended the frame: the drawing marks NLB's drops, a crashed host and a cut cable apart. */
  code: DecisionCode;
}

type Listener = () => void;

/** Converts a wall-clock duration to simulated ms at the given speed. */
export function wallToSimMs(wallMs: number, speed: number): number {
  return wallMs * speed * SIM_MS_PER_WALL_MS_AT_1X;
}

class PacketFeed {
  hops: Hop[] = [];
  drops: DropMark[] = [];
  /** Simulated ms at the last worker tick. */
  private tickNow = 0;
  /** performance.now() (wall ms) when that tick arrived. */
  private tickWall = 0;
  /** Simulated ms last handed out, so the estimate never runs backwards between ticks. */
  private shownNow = 0;
  private running = false;
  private speed = 1;
  /** Bumped on every change that could alter a paused picture, so the canvas knows to redraw. */
  version = 0;
  private listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  isRunning(): boolean {
    return this.running;
  }

  getSpeed(): number {
    return this.speed;
  }

  /** Time zero (or a freshly loaded scenario): forget everything in flight. */
  reset(now: number): void {
    this.hops = [];
    this.drops = [];
    this.tickNow = now;
    this.shownNow = now;
    this.tickWall = performance.now();
    this.running = false;
    this.changed();
  }

  setSpeed(speed: number): void {
    // Re-anchor so the estimate stays continuous when the rate changes mid-flight.
    const now = this.simNow();
    this.tickNow = now;
    this.tickWall = performance.now();
    this.speed = speed;
    this.changed();
  }

  setRunning(running: boolean): void {
    if (running === this.running) return;
    const now = this.simNow();
    this.tickNow = now;
    this.tickWall = performance.now();
    this.running = running;
    this.changed();
  }

  ingest(now: number, running: boolean, hops: readonly Hop[], decisions: readonly Decision[]): void {
    this.tickNow = now;
    this.tickWall = performance.now();
    this.running = running;
    const keepAfter = now - Math.max(wallToSimMs(ARRIVAL_HOLD_WALL_MS, this.speed), 0);
    for (const hop of hops) {
      // A bulk run produces thousands of hops that ended long before this tick: never draw them.
      if (hop.t1 >= keepAfter) this.hops.push(hop);
    }
    const dropAfter = now - wallToSimMs(DROP_MARK_WALL_MS, this.speed);
    for (const d of decisions) {
      if (d.action === 'drop' && d.t >= dropAfter) this.drops.push({ node: d.node, t: d.t, code: d.code });
    }
    if (this.hops.length > MAX_HOPS) this.hops = this.hops.slice(this.hops.length - MAX_HOPS);
    if (this.drops.length > MAX_DROPS) this.drops = this.drops.slice(this.drops.length - MAX_DROPS);
    this.changed();
  }

  /**
   * After a seek: show exactly the picture of moment `now` (paused), drawn from the hops and drops
   * of its last moments, instead of what was in flight before.
   */
  replace(now: number, hops: readonly Hop[], decisions: readonly Decision[]): void {
    this.hops = [];
    this.drops = [];
    this.tickNow = now;
    this.shownNow = now;
    this.tickWall = performance.now();
    this.running = false;
    this.ingest(now, false, hops, decisions);
  }

  /** Estimated simulated ms now: the last tick plus wall time elapsed since, scaled by speed. */
  simNow(wallNow: number = performance.now()): number {
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

  /** Drops hops and marks that can no longer be seen at simulated time `now`. */
  prune(now: number): void {
    const hopCutoff = now - wallToSimMs(ARRIVAL_HOLD_WALL_MS, this.speed);
    const dropCutoff = now - wallToSimMs(DROP_MARK_WALL_MS, this.speed);
    if (this.hops.length > 0 && this.hops.some((h) => h.t1 < hopCutoff)) {
      this.hops = this.hops.filter((h) => h.t1 >= hopCutoff);
    }
    if (this.drops.length > 0 && this.drops.some((d) => d.t < dropCutoff)) {
      this.drops = this.drops.filter((d) => d.t >= dropCutoff);
    }
  }
}

/** The one feed the worker bridge writes and the canvas reads. */
export const packetFeed = new PacketFeed();
