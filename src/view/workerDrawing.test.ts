// The drawing worker's own frames: it draws every animation frame while the feed's copy moves, once
// more for the still picture, then asks for no frame until something changes; its copy shows the
// page's packets; a failure goes to the page.
import { beforeAll, describe, expect, it } from 'vitest';
import { PacketFeed, type FeedOp } from '../state/packetFeed';

import { encodeHops } from '../worker/hopBatch';
import { computeLayout } from './layout';
import type { PresentContext } from './packetOverlays';
import { SLOW_FRAME_WALL_MS, WorkerDrawing } from './workerDrawing';
import { synFromSwitch, testTopology } from './testTopology';

beforeAll(() => {
  // Node has no ImageData; the drawing only wraps its pixel buffer in one.
  (globalThis as { ImageData?: unknown }).ImageData ??= class {
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  };
});

const layout = computeLayout(testTopology(4), 856, 340);
const hop = synFromSwitch;

/**
 * A worker drawing whose animation frames the test runs by hand, fed from `page`'s changes; its wall
 * clock moves `frameWallMs` per reading, so each frame measures that long.
 */
function setUp(frameWallMs = 0) {
  const page = new PacketFeed();
  const frames: (() => void)[] = [];
  const errors: unknown[] = [];
  const surface = { width: 0, height: 0 };
  const ctx = new Proxy({}, { get: () => () => {}, set: () => true }) as PresentContext;
  let slow = 0;
  let clock = 0;
  const drawing = new WorkerDrawing(
    surface,
    ctx,
    (cb) => frames.push(cb),
    (e) => errors.push(e),
    () => (slow += 1),
    () => (clock += frameWallMs),
  );
  drawing.apply(structuredClone(page.loadOp()));
  page.observe((op: FeedOp) => drawing.apply(structuredClone(op)));
  /** Runs the frames asked for so far; says how many there were. */
  const runFrames = () => {
    const due = frames.splice(0);
    for (const f of due) f();
    return due.length;
  };
  return { page, drawing, surface, errors, runFrames, slowCalls: () => slow };
}

describe("the drawing worker's frames", () => {
  it('draw while the feed plays, once more when it stops, then wait for a change', () => {
    const { page, drawing, surface, runFrames } = setUp();
    drawing.setLayout(layout, 2);
    expect(surface).toEqual({ width: 856 * 2, height: 340 * 2 });
    page.reset(0);
    page.ingest(0, true, encodeHops([hop(1, 'h0', 0, 50), hop(2, 'h1', 0, 60)]), []);
    for (let i = 0; i < 5; i++) expect(runFrames()).toBe(1);
    expect(drawing.presented).toBe(5);
    expect(
      drawing
        .snapshot()
        .packets.map((p) => p.hop.frameId)
        .sort(),
    ).toEqual([1, 2]);
    page.setRunning(false);
    // The still picture, then no frame asked for.
    expect(runFrames()).toBe(1);
    expect(runFrames()).toBe(1);
    expect(runFrames()).toBe(0);
    const still = drawing.presented;
    // A zoom while paused draws once.
    drawing.setView({ k: 2, x: 0, y: 0 });
    drawing.setView({ k: 3, x: 0, y: 0 });
    expect(runFrames()).toBe(1);
    expect(drawing.presented).toBe(still + 1);
    expect(runFrames()).toBe(1);
    expect(runFrames()).toBe(0);
  });

  it('draws nothing before a layout, and hands a failing frame to the page', () => {
    const { page, drawing, errors, runFrames } = setUp();
    page.reset(0);
    page.ingest(0, true, encodeHops([hop(1, 'h0', 0, 50)]), []);
    runFrames();
    expect(drawing.presented).toBe(0);
    drawing.setLayout(layout, 1);
    // A view that cannot be drawn (no transform at all): the frame throws, the page hears of it.
    drawing.setView(null as unknown as { k: number; x: number; y: number });
    runFrames();
    expect(errors).toHaveLength(1);
  });

  it("paced by the page, draws none of its own but presents the page's frames, then takes over again", () => {
    const { page, drawing, runFrames } = setUp();
    drawing.setLayout(layout, 1);
    page.reset(0);
    page.ingest(0, true, encodeHops([hop(1, 'h0', 0, 50)]), []);
    expect(runFrames()).toBe(1);
    drawing.setPacedByPage(true);
    // The frame asked for before finds itself paced: nothing drawn, nothing asked for.
    expect(runFrames()).toBe(1);
    page.ingest(1, true, encodeHops([hop(2, 'h1', 1, 50)]), []);
    expect(runFrames()).toBe(0);
    expect(drawing.presented).toBe(1);
    const job = { seq: 1, key: 1, width: 856, height: 340, count: 0, stamps: new Int32Array(3) };
    drawing.presentJob(job, { scale: 1, marks: [] });
    expect(drawing.presented).toBe(2);
    // A job for another size (a resize on its way) is left out.
    drawing.presentJob({ ...job, width: 10 }, { scale: 1, marks: [] });
    expect(drawing.presented).toBe(2);
    drawing.setPacedByPage(false);
    expect(runFrames()).toBe(1);
    expect(drawing.presented).toBe(3);
  });

  it('asks the page to compose when its own frames take too long, and only then', () => {
    for (const [wallMs, calls] of [
      [SLOW_FRAME_WALL_MS + 2, 1],
      [SLOW_FRAME_WALL_MS - 2, 0],
    ] as const) {
      const { page, drawing, runFrames, slowCalls } = setUp(wallMs);
      drawing.setLayout(layout, 1);
      page.reset(0);
      page.ingest(0, true, encodeHops([hop(1, 'h0', 0, 50)]), []);
      for (let i = 0; i < 40; i++) runFrames();
      expect(slowCalls()).toBe(calls);
    }
  });
});
