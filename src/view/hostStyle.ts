// How a host is told apart in the bucket ring and the charts: a colour from the Okabe–Ito palette
// (colour-blind safe) AND a fill pattern, a line dash and a marker shape, so colour is never the only
// cue. Host i (0-based, in the order of Stats.hosts) gets the same look everywhere.

/** Okabe–Ito, ordered so the first three hosts (the default cluster) are the most distinct. */
export const HOST_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#6B6B6B',
  '#F0E442',
];

export type PatternKind =
  'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical' | 'back' | 'grid';
const PATTERNS: PatternKind[] = [
  'solid',
  'diagonal',
  'dots',
  'cross',
  'horizontal',
  'vertical',
  'back',
  'grid',
];

/** Line dashes for the charts over time ('' = solid). */
const DASHES = ['', '8 4', '2 3', '10 3 2 3'];

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';
const SHAPES: MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

export interface HostLook {
  color: string;
  pattern: PatternKind;
  dash: string;
  shape: MarkerShape;
  /** Ink that reads on top of `color` (labels inside a segment or bar). */
  ink: string;
}

/** Light colours need dark ink and a dark pattern; dark colours the opposite. */
const LIGHT = new Set(['#E69F00', '#56B4E9', '#F0E442', '#CC79A7']);

export function hostLook(i: number): HostLook {
  const color = HOST_COLORS[i % HOST_COLORS.length]!;
  // Colour and pattern advance together but wrap at different lengths, so 32 hosts stay distinct.
  const pattern = PATTERNS[(i + Math.floor(i / HOST_COLORS.length)) % PATTERNS.length]!;
  return {
    color,
    pattern,
    dash: DASHES[Math.floor(i / 2) % DASHES.length]!,
    shape: SHAPES[i % SHAPES.length]!,
    ink: LIGHT.has(color) ? '#1d1d1f' : '#ffffff',
  };
}

/** An SVG path for a marker of `shape`, centred on (0,0), about `r` px in radius. */
export function markerPath(shape: MarkerShape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${r},0 A${r},${r} 0 1 1 ${-r},0 A${r},${r} 0 1 1 ${r},0 Z`;
    case 'square':
      return `M${-r * 0.85},${-r * 0.85} H${r * 0.85} V${r * 0.85} H${-r * 0.85} Z`;
    case 'triangle':
      return `M0,${-r * 1.1} L${r},${r * 0.75} L${-r},${r * 0.75} Z`;
    case 'diamond':
      return `M0,${-r * 1.15} L${r * 1.15},0 L0,${r * 1.15} L${-r * 1.15},0 Z`;
  }
}

/**
 * Appends (once) an SVG <pattern> for each host look to `defs`, with ids `${prefix}-${i}`. The pattern
 * paints the host's colour with its texture on top, so a fill of `url(#id)` carries both cues.
 */
export function patternMarkup(prefix: string, i: number): string {
  const look = hostLook(i);
  const id = `${prefix}-${i}`;
  const stroke = look.ink === '#ffffff' ? 'rgba(255,255,255,0.85)' : 'rgba(29,29,31,0.75)';
  const size = 8;
  let texture = '';
  switch (look.pattern) {
    case 'solid':
      break;
    case 'diagonal':
      texture = `<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="${stroke}" stroke-width="1.6"/>`;
      break;
    case 'back':
      texture = `<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="${stroke}" stroke-width="1.6"/>`;
      break;
    case 'dots':
      texture = `<circle cx="4" cy="4" r="1.7" fill="${stroke}"/>`;
      break;
    case 'cross':
      texture = `<path d="M0,0 L8,8 M8,0 L0,8" stroke="${stroke}" stroke-width="1.2"/>`;
      break;
    case 'horizontal':
      texture = `<path d="M0,4 H8" stroke="${stroke}" stroke-width="1.8"/>`;
      break;
    case 'vertical':
      texture = `<path d="M4,0 V8" stroke="${stroke}" stroke-width="1.8"/>`;
      break;
    case 'grid':
      texture = `<path d="M0,4 H8 M4,0 V8" stroke="${stroke}" stroke-width="1.1"/>`;
      break;
  }
  return (
    `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse">` +
    `<rect width="${size}" height="${size}" fill="${look.color}"/>${texture}</pattern>`
  );
}
