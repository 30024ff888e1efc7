// Exports what the drawing shows: the topology SVG with its computed styles written as SVG
// presentation attributes (so the file looks the same outside the page, and the page's CSP, which
// refuses inline style attributes, has nothing to refuse) plus the packets on screen, as SVG text or
// as a PNG made by drawing that SVG and the packet canvas onto one canvas.
import { groupOf, LOOP_TRACE_COLOR, PACKET_OUTLINE, PACKET_STYLES, DROP_PATH } from './packetStyle';
import type { PacketSnapshot } from './packetScene';
import { currentViewSource, type ViewSource } from './viewSource';

export { hasViewSource, registerViewSource, type ViewSource } from './viewSource';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Computed properties that decide how SVG shapes and text look. Each is also an SVG presentation
 * attribute of the same name, so it can be written as `fill="…"` rather than in a `style` attribute:
 * `index.html`'s `style-src 'self'` has no 'unsafe-inline', and Chromium reports a violation for
 * every `style` attribute set, even on a detached copy.
 */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  // The shorthand carries font-variant-numeric (tabular figures), which has no attribute of its own.
  'font-variant',
] as const;

function inlineStyles(original: Element, copy: Element): void {
  const computed = getComputedStyle(original);
  for (const prop of STYLE_PROPS) {
    const value = computed.getPropertyValue(prop);
    if (value) copy.setAttribute(prop, value);
  }
  // What a style attribute said is in the computed values now; left in place it would outrank them.
  copy.removeAttribute('style');
  // Interaction attributes mean nothing in a file.
  for (const attr of ['tabindex', 'role', 'aria-pressed']) copy.removeAttribute(attr);
  const a = original.children;
  const b = copy.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i]!, b[i]!);
}

function packetElements(doc: Document, src: ViewSource, snapshot: PacketSnapshot): SVGGElement {
  const t = src.transform();
  const g = doc.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'packets');
  g.setAttribute('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
  const { packets, drops, loops } = snapshot;
  // Lit loopback circles first, so a packet on the circle stays on top of it.
  for (const l of loops) {
    const circle = doc.createElementNS(SVG_NS, 'circle');
    circle.setAttribute('cx', String(l.cx));
    circle.setAttribute('cy', String(l.cy));
    circle.setAttribute('r', String(l.r));
    circle.setAttribute('fill', 'none');
    circle.setAttribute('stroke', LOOP_TRACE_COLOR);
    circle.setAttribute('stroke-width', '3');
    circle.setAttribute('opacity', String(l.alpha));
    g.appendChild(circle);
  }
  for (const p of packets) {
    const style = PACKET_STYLES[groupOf(p.hop.kind)];
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', style.path);
    path.setAttribute('transform', `translate(${p.x},${p.y})`);
    path.setAttribute('opacity', String(p.alpha));
    if (style.hollow) {
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', style.fill);
      path.setAttribute('stroke-width', '3');
    } else {
      path.setAttribute('fill', style.fill);
      path.setAttribute('stroke', PACKET_OUTLINE);
      path.setAttribute('stroke-width', '1.25');
    }
    g.appendChild(path);
  }
  for (const d of drops) {
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', DROP_PATH);
    path.setAttribute('transform', `translate(${d.x},${d.y})`);
    path.setAttribute('stroke', '#1d1d1f');
    path.setAttribute('stroke-width', '3');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('opacity', String(d.alpha));
    g.appendChild(path);
  }
  return g;
}

/** A standalone SVG of the drawing as it is now, with the packets on screen. */
export async function exportSvgText(): Promise<string | null> {
  const src = currentViewSource();
  if (!src) return null;
  // The packets as the canvas shows them (a worker drawing them answers for its last frame).
  return svgText(src, await src.snapshot());
}

/** The drawing as a standalone SVG, with the packets of `snapshot` over it unless it is null. */
function svgText(src: ViewSource, snapshot: PacketSnapshot | null): string {
  const copy = src.svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(src.svg, copy);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(src.width));
  copy.setAttribute('height', String(src.height));
  copy.setAttribute('viewBox', `0 0 ${src.width} ${src.height}`);
  copy.removeAttribute('class');
  copy.removeAttribute('aria-label');
  copy.removeAttribute('role');
  // The background is the white rectangle below; the font was copied from the page's computed one.
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  copy.insertBefore(bg, copy.firstChild);
  if (snapshot) copy.appendChild(packetElements(document, src, snapshot));
  return new XMLSerializer().serializeToString(copy);
}

/** A PNG of the drawing: the topology SVG drawn onto a canvas, then the packet canvas over it. */
export async function exportPngBlob(scale = 2): Promise<Blob | null> {
  const src = currentViewSource();
  if (!src) return null;
  // The topology only: the packet canvas's own pixels go over it.
  const url = URL.createObjectURL(new Blob([svgText(src, null)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The drawing could not be rendered as an image.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(src.width * scale);
    canvas.height = Math.round(src.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const packets = await src.packetPixels();
    if (packets && packets.width > 0 && packets.height > 0) {
      // The packets at the canvas's device size, then scaled over the drawing like the SVG.
      const layer = document.createElement('canvas');
      layer.width = packets.width;
      layer.height = packets.height;
      const data = new Uint8ClampedArray(packets.data);
      layer.getContext('2d')?.putImageData(new ImageData(data, packets.width, packets.height), 0, 0);
      ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
    }
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
