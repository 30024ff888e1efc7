// Where the drawing registers itself so exports can read it. Kept apart from exportView.ts so the
// drawing can register without loading the export code (that loads with the export panel).
import type { PacketSnapshot, ViewTransform } from './packetLayer';

export interface ViewSource {
  svg: SVGSVGElement;
  canvas: HTMLCanvasElement;
  /** CSS px of the drawing. */
  width: number;
  height: number;
  transform(): ViewTransform;
  snapshot(): PacketSnapshot;
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
