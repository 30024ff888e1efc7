// The shared presenting logic, in Node with a recording stand-in for the 2D context: which device
// rows each frame puts and clears (its own and what the last frame left, overlays included).
import { describe, expect, it } from 'vitest';
import { PacketPresenter, OVERLAY_HALF_EXTENT, type Overlays, type PresentContext } from './packetOverlays';

/** Records the calls that change pixels. */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    clearRect: (x: number, y: number, w: number, h: number) => calls.push(`clear ${x} ${y} ${w} ${h}`),
    putImageData: (...args: number[]) => calls.push(`put ${args.slice(1).join(' ')}`),
    setTransform: () => {},
    stroke: () => calls.push('stroke'),
    beginPath: () => {},
    arc: () => {},
    globalAlpha: 1,
    lineWidth: 1,
    strokeStyle: '',
    lineJoin: 'miter',
    lineCap: 'butt',
  } as unknown as PresentContext;
  return { ctx, calls };
}

const WIDTH = 100;
const HEIGHT = 200;
const image = { width: WIDTH, height: HEIGHT, data: new Uint8ClampedArray(WIDTH * HEIGHT * 4) } as ImageData;
const none: Overlays = { scale: 1, marks: [] };
// Node has no Path2D: any object stands in (the recorder only counts strokes).
const presenter = () => new PacketPresenter(() => ({}) as Path2D);

describe('PacketPresenter', () => {
  it('puts the rows stamped now and those the last frame painted, then nothing once both are clear', () => {
    const p = presenter();
    const { ctx, calls } = recorder();
    p.presentFrame(ctx, image, { top: 10, bottom: 20 }, none);
    p.presentFrame(ctx, image, { top: 50, bottom: 60 }, none);
    p.presentFrame(ctx, image, null, none);
    p.presentFrame(ctx, image, null, none);
    expect(calls).toEqual([
      `put 0 0 0 10 ${WIDTH} 11`,
      `put 0 0 0 10 ${WIDTH} 51`,
      `put 0 0 0 50 ${WIDTH} 11`,
    ]);
  });

  it("counts the overlays' rows as painted, clipped to the canvas", () => {
    const p = presenter();
    const { ctx, calls } = recorder();
    const reach = OVERLAY_HALF_EXTENT * 2 + 2;
    p.presentFrame(ctx, image, null, {
      scale: 2,
      marks: [{ kind: 'drop', x: 30, y: 190, alpha: 1, fate: 'nlb' }],
    });
    expect(calls.filter((c) => c === 'stroke')).toHaveLength(2);
    calls.length = 0;
    p.presentFrame(ctx, image, null, none);
    expect(calls).toEqual([`put 0 0 0 ${190 - reach} ${WIDTH} ${HEIGHT - (190 - reach)}`]);
  });

  it('around a band from the worker, clears only what the last frame painted outside it', () => {
    const p = presenter();
    const { ctx, calls } = recorder();
    const band = (rows: number) =>
      ({ width: WIDTH, height: rows, data: new Uint8ClampedArray(0) }) as ImageData;
    p.presentBand(ctx, WIDTH, HEIGHT, band(41), 10, none);
    p.presentBand(ctx, WIDTH, HEIGHT, band(11), 20, none);
    p.presentBand(ctx, WIDTH, HEIGHT, null, 0, none);
    expect(calls).toEqual([
      'put 0 10',
      // Rows 10-19 above the new band and 31-50 below it.
      `clear 0 10 ${WIDTH} 10`,
      `clear 0 31 ${WIDTH} 20`,
      'put 0 20',
      `clear 0 20 ${WIDTH} 11`,
    ]);
  });

  it('forgets what it painted once the canvas was resized (cleared)', () => {
    const p = presenter();
    const { ctx, calls } = recorder();
    p.presentFrame(ctx, image, { top: 10, bottom: 20 }, none);
    p.reset();
    p.presentFrame(ctx, image, null, none);
    expect(calls).toEqual([`put 0 0 0 10 ${WIDTH} 11`]);
  });
});
