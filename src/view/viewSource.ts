// Where the drawing registers itself so exports can read it. Kept apart from exportView.ts so the
// drawing can register without loading the export code (that loads with the export panel).
import type { PacketPixels } from './packetLayer';
import type { PacketSnapshot, ViewTransform } from './packetScene';

export interface ViewSource {
  svg: SVGSVGElement;
  /**
   * What the packet canvas shows (read through the packet layer: a canvas drawn by a worker cannot be
   * drawn from on the main thread), or null before the layer has loaded.
   */
  packetPixels(): Promise<PacketPixels | null>;
  /** CSS px of the drawing. */
  width: number;
  height: number;
  transform(): ViewTransform;
  /** What the packet canvas shows, in layout px (a worker drawing it answers for its last frame). */
  snapshot(): Promise<PacketSnapshot>;
}

let source: ViewSource | null = null;

/** The drawing registers itself while mounted; exports read it. */
export function registerViewSource(next: ViewSource | null): void {
  source = next;
}

export function hasViewSource(): boolean {
  return source !== null;
}

export function currentViewSource(): ViewSource | null {
  return source;
}
