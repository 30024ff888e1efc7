// Putting a stamped packet frame on a 2D context and painting its vector overlays (selection rings,
// loopback circles, drop marks) over it, with no DOM: the main thread and the stamping worker (which
// draws into an OffscreenCanvas where it has one) both present frames through this one module.
import { DROP_MARKS, type DropFate } from './dropFate';
import { LOOP_TRACE_COLOR, PACKET_OUTLINE, SELECTED_RING_PATH } from './packetStyle';

/**
 * How far the vector overlays reach from their point, layout px: the loopback circle (radius up to
 * 16) and the selection ring (12), plus their strokes.
 */
export const OVERLAY_HALF_EXTENT = 18;

/** An inclusive range of device-pixel rows. */
export interface Rows {
  top: number;
  bottom: number;
}

export function union(a: Rows | null, b: Rows | null): Rows | null {
  if (!a) return b;
  if (!b) return a;
  return { top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
}

/** A vector mark drawn over the stamped packets, at a device pixel (plain data: it goes to the worker). */
export type Overlay =
  | { kind: 'ring'; x: number; y: number }
  | { kind: 'loop'; x: number; y: number; r: number; alpha: number }
  | { kind: 'drop'; x: number; y: number; alpha: number; fate: DropFate };

/** A frame's overlays and the scale (device px per layout px) they are drawn at. */
export interface Overlays {
  scale: number;
  marks: Overlay[];
}

/** What presenting needs of a 2D context: a canvas's or an OffscreenCanvas's. */
export type PresentContext = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'putImageData'
  | 'setTransform'
  | 'stroke'
  | 'beginPath'
  | 'arc'
  | 'globalAlpha'
  | 'lineWidth'
  | 'strokeStyle'
  | 'lineJoin'
  | 'lineCap'
>;

/**
 * Presents frames on one canvas: remembers which device rows the canvas holds something in, so the
 * next frame clears and puts only those rows and its own (with a few packets on a large or dense
 * display that is a small part of it).
 */
export class PacketPresenter {
  /** Device rows the canvas holds something in (packets or overlays), as of the last frame. */
  private painted: Rows | null = null;
  private shapes: { ring: Path2D; drops: Map<DropFate, Path2D> } | null = null;

  /** `makePath` builds a Path2D from SVG path data (a stand-in in tests, where Node has none). */
  constructor(private readonly makePath: (d: string) => Path2D = (d) => new Path2D(d)) {}

  /** The canvas was cleared (resized): nothing on it to clear any more. */
  reset(): void {
    this.painted = null;
  }

  /**
   * Puts the rows `stamped` of `image` (the whole frame's pixels, the canvas's size) plus the rows the
   * last frame painted (now cleared in `image`), then paints the overlays.
   */
  presentFrame(ctx: PresentContext, image: ImageData, stamped: Rows | null, overlays: Overlays): void {
    const rows = union(stamped, this.painted);
    if (rows) ctx.putImageData(image, 0, 0, 0, rows.top, image.width, rows.bottom - rows.top + 1);
    this.painted = stamped;
    this.paintOverlays(ctx, image.height, overlays);
  }

  /**
   * Puts a band of stamped rows (`band`, the canvas's width, from device row `top`; null: nothing
   * stamped) and clears what the last frame painted outside it, then paints the overlays.
   */
  presentBand(
    ctx: PresentContext,
    width: number,
    height: number,
    band: ImageData | null,
    top: number,
    overlays: Overlays,
  ): void {
    const rows = band ? { top, bottom: top + band.height - 1 } : null;
    const painted = this.painted;
    if (painted) {
      // putImageData replaces the band's pixels outright: only rows outside it need clearing.
      const above = rows ? Math.min(painted.bottom, rows.top - 1) : painted.bottom;
      if (above >= painted.top) ctx.clearRect(0, painted.top, width, above - painted.top + 1);
      const below = rows ? Math.max(painted.top, rows.bottom + 1) : painted.bottom + 1;
      if (rows && painted.bottom >= below) ctx.clearRect(0, below, width, painted.bottom - below + 1);
    }
    if (band) ctx.putImageData(band, 0, top);
    this.painted = rows;
    this.paintOverlays(ctx, height, overlays);
  }

  private paintOverlays(ctx: PresentContext, height: number, { scale, marks }: Overlays): void {
    if (marks.length === 0) return;
    const shapes = (this.shapes ??= {
      ring: this.makePath(SELECTED_RING_PATH),
      drops: new Map(Object.values(DROP_MARKS).map((m) => [m.fate, this.makePath(m.path)] as const)),
    });
    const overlayReach = Math.ceil(OVERLAY_HALF_EXTENT * scale) + 2;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const mark of marks) {
      this.painted = union(this.painted, {
        top: Math.max(0, mark.y - overlayReach),
        bottom: Math.min(height - 1, mark.y + overlayReach),
      });
      ctx.setTransform(scale, 0, 0, scale, mark.x, mark.y);
      if (mark.kind === 'ring') {
        // The packet in the inspector: a bold ring, so the room can follow it.
        ctx.globalAlpha = 1;
        ctx.lineWidth = 3;
        ctx.strokeStyle = PACKET_OUTLINE;
        ctx.stroke(shapes.ring);
      } else if (mark.kind === 'loop') {
        ctx.globalAlpha = mark.alpha;
        ctx.lineWidth = 3;
        ctx.strokeStyle = LOOP_TRACE_COLOR;
        ctx.beginPath();
        ctx.arc(0, 0, mark.r, 0, 2 * Math.PI);
        ctx.stroke();
      } else {
        ctx.globalAlpha = mark.alpha;
        const shape = shapes.drops.get(mark.fate)!;
        // A white halo first, so the mark reads on any background.
        ctx.lineWidth = 6;
        ctx.strokeStyle = '#ffffff';
        ctx.stroke(shape);
        ctx.lineWidth = 3;
        ctx.strokeStyle = DROP_MARKS[mark.fate].stroke;
        ctx.stroke(shape);
      }
    }
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
}
