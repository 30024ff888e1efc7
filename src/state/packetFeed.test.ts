// The packet feed's Step glide: simulated time shown runs from where a Step began to where it ended
// over a short wall-clock animation (none with reduced motion, or when nothing moves), then holds.
import { describe, expect, it } from 'vitest';
import type { Decision, Hop } from '../sim/types';
import { encodeHops } from '../worker/hopBatch';
import { HopColumns } from './hopColumns';
import {
  ARRIVAL_HOLD_WALL_MS,
  glideSpan,
  type FeedOp,
  PacketFeed,
  packetFeed,
  STEP_GLIDE_WALL_MS,
  wallToSimMs,
} from './packetFeed';

const hop = (t0: number, t1: number, to = 'A1'): Hop => ({
  frameId: 1,
  from: 'switch',
  to,
  t0,
  t1,
  kind: 'arp',
  loopback: false,
  connId: 0,
});
/** Hops as the worker sends them. */
const batch = (hops: Hop[]) => encodeHops(hops);
/** Hops as the feed keeps them. */
const columns = (hops: Hop[]) => {
  const c = new HopColumns();
  c.append(encodeHops(hops), -Infinity);
  return c;
};

describe('a Step glide', () => {
  it('spans the stretch in which hops move, or nothing', () => {
    expect(glideSpan(columns([hop(3, 4)]), 3, 4)).toEqual({ from: 3, to: 4 });
    // Idle before the first departure and after the last arrival is not glided over.
    expect(glideSpan(columns([hop(10, 11)]), 3, 12)).toEqual({ from: 10, to: 11 });
    // A hop already under way when the step began glides from the step's start.
    expect(glideSpan(columns([hop(2, 5)]), 3, 4)).toEqual({ from: 3, to: 4 });
    // Hops leaving at the step's end, or done before it began, do not move in it.
    expect(glideSpan(columns([hop(4, 5), hop(1, 2)]), 3, 4)).toBeNull();
    expect(glideSpan(columns([]), 3, 4)).toBeNull();
  });

  it('shows the hops moving between the two moments over about half a second of wall time', () => {
    packetFeed.reset(3);
    const wall = performance.now();
    const flood = ['A1', 'A2', 'A3'].map((to) => hop(3, 4, to));
    packetFeed.ingestStep(3, 4, batch(flood), [], true, wall);
    expect(packetFeed.hops.toArray()).toEqual(flood);
    expect(packetFeed.isRunning(wall)).toBe(true);
    expect(packetFeed.simNow(wall)).toBe(3);
    expect(packetFeed.simNow(wall + STEP_GLIDE_WALL_MS / 2)).toBeCloseTo(3.5);
    const version = packetFeed.version;
    // Over: the paused picture of the step's end, drawn once more (1 ms past: wall times are
    // fractional, so wall + 550 - wall can come out a hair under 550).
    expect(packetFeed.isRunning(wall + STEP_GLIDE_WALL_MS + 1)).toBe(false);
    expect(packetFeed.version).toBeGreaterThan(version);
    expect(packetFeed.simNow(wall + STEP_GLIDE_WALL_MS + 100)).toBe(4);
  });

  it('with reduced motion, or nothing moving, shows the end at once', () => {
    packetFeed.reset(3);
    const wall = performance.now();
    packetFeed.ingestStep(3, 4, batch([hop(3, 4)]), [], false, wall);
    expect(packetFeed.isRunning(wall)).toBe(false);
    expect(packetFeed.simNow(wall)).toBe(4);
    packetFeed.ingestStep(4, 30, batch([hop(30, 31)]), [], true, wall);
    expect(packetFeed.isRunning(wall)).toBe(false);
    expect(packetFeed.simNow(wall)).toBe(30);
  });

  it('a Step pressed mid-glide goes on from the moment on screen; Play ends the glide', () => {
    packetFeed.reset(3);
    const wall = performance.now();
    packetFeed.ingestStep(3, 4, batch([hop(3, 4)]), [], true, wall);
    packetFeed.ingestStep(4, 5, batch([hop(4, 5, 'A2')]), [], true, wall + STEP_GLIDE_WALL_MS / 2);
    expect(packetFeed.simNow(wall + STEP_GLIDE_WALL_MS / 2)).toBeCloseTo(3.5);
    expect(packetFeed.simNow(wall + STEP_GLIDE_WALL_MS)).toBeCloseTo(4.25);
    packetFeed.ingest(5, true, batch([]), []);
    expect(packetFeed.isGliding()).toBe(false);
    packetFeed.reset(0);
  });
});

describe('pruning', () => {
  it('compacts hops past their hold only once they are a quarter of the feed, keeping the rest in order', () => {
    const feed = new PacketFeed();
    feed.reset(0);
    feed.setSpeed(1);
    const hold = wallToSimMs(ARRIVAL_HOLD_WALL_MS, 1);
    // Hop i arrives at i ms; at `now` those with i < now - hold are past their hold.
    const hops = Array.from({ length: 100 }, (_, i) => ({ ...hop(i - 1, i), frameId: i }));
    feed.ingest(0, true, batch(hops), [], -Infinity);
    feed.prune(10 + hold);
    expect(feed.hops.count).toBe(100);
    feed.prune(30 + hold);
    expect(feed.hops.toArray().map((h) => h.frameId)).toEqual(hops.slice(30).map((h) => h.frameId));
  });
});

describe("a copy of the feed fed the feed's changes (the drawing worker's)", () => {
  /** What a feed shows at wall moment `wall` (this context's clock). */
  const shown = (feed: PacketFeed, wall: number) => ({
    hops: feed.hops.toArray(),
    drops: feed.drops,
    now: feed.simNow(wall),
    running: feed.isRunning(wall),
    speed: feed.getSpeed(),
  });
  /**
   * The op as a page whose clock started 1,000 wall ms earlier would have sent it: every wall moment
   * in it reads 1,000 ms later. Structured clone, as postMessage delivers it.
   */
  const fromEarlierClock = (op: FeedOp): FeedOp => {
    const shifted = structuredClone({ ...op, at: op.at + 1000, origin: op.origin - 1000 });
    if (shifted.op === 'load') {
      shifted.state.tickAt += 1000;
      if (shifted.state.glide) shifted.state.glide.startWall += 1000;
    }
    return shifted;
  };

  it('shows what the feed shows after every kind of change, its clock started elsewhere', () => {
    const page = new PacketFeed();
    const copy = new PacketFeed();
    copy.apply(fromEarlierClock(page.loadOp()));
    const ops: string[] = [];
    page.observe((op) => {
      ops.push(op.op);
      copy.apply(fromEarlierClock(op));
    });
    const wall = performance.now();
    const check = () => {
      for (const later of [0, 40, 200]) {
        const a = shown(page, wall + later);
        const b = shown(copy, wall + later);
        // The two clocks' origins differ: the same moment can come out a rounding error apart.
        expect(b.now).toBeCloseTo(a.now, 9);
        expect({ ...b, now: 0 }).toEqual({ ...a, now: 0 });
      }
    };
    page.reset(10);
    page.setSpeed(5);
    page.ingest(10, true, batch([hop(9, 12), hop(10, 14, 'A2')]), [
      { action: 'drop', node: 'A3', t: 10, code: 'nlb-not-mine' } as unknown as Decision,
    ]);
    check();
    expect(copy.drops).toEqual([{ node: 'A3', t: 10, code: 'nlb-not-mine' }]);
    page.ingest(11, true, batch([hop(11, 13, 'A3')]), []);
    page.setRunning(false);
    check();
    // A Step gliding: the copy glides over the same stretch at the same wall moments.
    page.ingestStep(11, 16, batch([hop(14, 16, 'A1')]), [], true, wall);
    expect(page.isGliding(wall)).toBe(true);
    check();
    expect(copy.simNow(wall + STEP_GLIDE_WALL_MS / 2)).toBeCloseTo(
      page.simNow(wall + STEP_GLIDE_WALL_MS / 2),
    );
    page.replace(30, batch([hop(29, 31)]), []);
    check();
    expect(ops).toEqual(['reset', 'speed', 'ingest', 'ingest', 'running', 'step', 'replace']);
  });

  it('a copy made mid-glide from the feed as it stands glides on with it', () => {
    const page = new PacketFeed();
    page.reset(3);
    const wall = performance.now();
    page.ingestStep(3, 4, batch([hop(3, 4), hop(3, 4, 'A2')]), [], true, wall);
    const copy = new PacketFeed();
    copy.apply(fromEarlierClock(page.loadOp()));
    for (const later of [0, STEP_GLIDE_WALL_MS / 2, STEP_GLIDE_WALL_MS + 10]) {
      expect(copy.simNow(wall + later)).toBeCloseTo(page.simNow(wall + later));
      expect(copy.isRunning(wall + later)).toBe(page.isRunning(wall + later));
    }
    expect(copy.hops.toArray()).toEqual(page.hops.toArray());
  });

  it('a playing feed drops hops past their hold as batches come, with no frame drawn from it', () => {
    const feed = new PacketFeed();
    feed.reset(0);
    feed.setSpeed(1);
    const hold = wallToSimMs(ARRIVAL_HOLD_WALL_MS, 1);
    // Four old hops and one new: past their hold by the second batch, the old ones go (a quarter or more).
    feed.ingest(
      0,
      true,
      batch([hop(0, 0.01), hop(0, 0.01, 'A2'), hop(0, 0.01, 'A3'), hop(0, 0.01, 'A4')]),
      [],
    );
    expect(feed.hops.count).toBe(4);
    feed.ingest(hold * 4, true, batch([hop(hold * 4, hold * 5)]), []);
    expect(feed.hops.toArray().map((h) => h.to)).toEqual(['A1']);
  });
});
