// Fits the drawing to its stage: chooses the layout size whose drawing, scaled to fill the stage,
// shows the hosts richest and largest, and the pan/zoom transform that fills the stage with it.
import type { Topology } from '../sim/types';
import { computeLayout, type Box, type HostDetail, type Layout } from './layout';

/** Pan and zoom: layout point p is drawn at p * k + (x, y), in CSS px of the stage. */
export interface StageTransform {
  k: number;
  x: number;
  y: number;
}

export interface FittedLayout {
  /** Laid out in its own coordinates; `width` and `height` are the stage's (the SVG and canvas size). */
  layout: Layout;
  /** The transform that fills the stage with the drawing: what `Fit` returns to. */
  fit: StageTransform;
}

export interface FitOptions {
  /** Room left round the drawing, stage px. */
  padPx?: number;
  /** Room kept along the bottom edge (a note sits there), stage px, on top of padPx. */
  bottomPx?: number;
  /** Controls over the stage's top-right corner (stage px): the drawing keeps clear of them. */
  topRight?: { w: number; h: number };
  /** Largest host text worth growing to on screen, px (one host on a wall-sized stage stays sane). */
  maxHostFontPx?: number;
}

const DEFAULT_PAD_PX = 10;
const DEFAULT_MAX_HOST_FONT_PX = 44;
/**
 * Below this on screen (px) a richer host box is not worth it: the layout then says less in larger
 * type (its own minimum, MIN_FONT in layout.ts, is in layout px and knows nothing of the scaling).
 */
const MIN_SCREEN_FONT_PX: Record<HostDetail, number> = { full: 10.5, compact: 10, tiny: 0 };
const DETAIL_RANK: Record<HostDetail, number> = { full: 2, compact: 1, tiny: 0 };
/**
 * Stage px per layout px tried: above 1 the layout is made smaller and scaled up (a roomy stage:
 * larger boxes and text than the layout's own caps allow); below 1 larger and scaled down (a small
 * stage, such as an iframe, where the top row would not fit at its natural size).
 */
const SCALES = [0.55, 0.7, 0.85, 1, 1.15, 1.3, 1.5, 1.75, 2, 2.3, 2.6, 3];

/** The box round everything drawn: node boxes, cluster boxes with their label tabs, and links. */
export function layoutBounds(layout: Layout): Box {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const add = (x0: number, y0: number, x1: number, y1: number) => {
    left = Math.min(left, x0);
    top = Math.min(top, y0);
    right = Math.max(right, x1);
    bottom = Math.max(bottom, y1);
  };
  for (const b of layout.nodes.values()) add(b.x, b.y, b.x + b.w, b.y + b.h);
  for (const c of layout.clusters) add(c.x, c.y - c.tabH, c.x + c.w, c.y + c.h);
  for (const l of layout.links) for (const p of l.points) add(p.x, p.y, p.x, p.y);
  if (!Number.isFinite(left)) return { x: 0, y: 0, w: 0, h: 0 };
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** The transform that centres `bounds` in `area` (stage px) as large as fits, at most `maxK`. */
export function fitTransform(bounds: Box, area: Box, maxK: number = Infinity): StageTransform {
  if (bounds.w <= 0 || bounds.h <= 0 || area.w <= 0 || area.h <= 0) return { k: 1, x: 0, y: 0 };
  const k = Math.min(area.w / bounds.w, area.h / bounds.h, maxK);
  return {
    k,
    x: area.x + (area.w - bounds.w * k) / 2 - bounds.x * k,
    y: area.y + (area.h - bounds.h * k) / 2 - bounds.y * k,
  };
}

/** Whether anything drawn lands on `rect` (stage px) under transform `t`. */
function covers(layout: Layout, t: StageTransform, rect: Box): boolean {
  const hits = (x: number, y: number, w: number, h: number) => {
    const left = x * t.k + t.x;
    const top = y * t.k + t.y;
    return (
      left < rect.x + rect.w && left + w * t.k > rect.x && top < rect.y + rect.h && top + h * t.k > rect.y
    );
  };
  for (const b of layout.nodes.values()) if (hits(b.x, b.y, b.w, b.h)) return true;
  for (const c of layout.clusters) if (hits(c.x, c.y - c.tabH, c.w, c.h + c.tabH)) return true;
  return false;
}

/**
 * The fit of `layout` in the stage, clear of the controls over its top-right corner. When the centred
 * drawing would run under them it moves aside (left, or down) if there is room at the same scale,
 * else gives up that band of height or strip of width, whichever costs less scale.
 */
function fitClear(layout: Layout, width: number, height: number, o: Required<FitOptions>, maxK: number) {
  const bounds = layoutBounds(layout);
  const area: Box = { x: o.padPx, y: o.padPx, w: width - 2 * o.padPx, h: height - 2 * o.padPx - o.bottomPx };
  const fit = fitTransform(bounds, area, maxK);
  const corner = o.topRight;
  if (corner.w <= 0 || corner.h <= 0) return fit;
  const rect: Box = { x: width - corner.w, y: 0, w: corner.w, h: corner.h };
  if (!covers(layout, fit, rect)) return fit;
  const left: Box = { ...area, w: area.w - (corner.w - o.padPx) };
  const below: Box = { ...area, y: corner.h, h: area.h - (corner.h - o.padPx) };
  const candidates = [
    // Same scale, centred in the room left of the corner or below it.
    { ...fit, x: fitTransform(bounds, left, fit.k).x },
    { ...fit, y: fitTransform(bounds, below, fit.k).y },
    // Same scale, against the left edge.
    { ...fit, x: area.x - bounds.x * fit.k },
    // Smaller, in the room left of the corner or below it.
    fitTransform(bounds, left, maxK),
    fitTransform(bounds, below, maxK),
  ];
  let best: StageTransform | null = null;
  for (const t of candidates) {
    if (covers(layout, t, rect) || !inside(bounds, t, area)) continue;
    if (!best || t.k > best.k + 1e-6) best = t;
  }
  return best ?? fit;
}

/** Whether `bounds` under `t` stays inside `stage` (to half a pixel). */
function inside(bounds: Box, t: StageTransform, stage: Box): boolean {
  const x = bounds.x * t.k + t.x;
  const y = bounds.y * t.k + t.y;
  return (
    x >= stage.x - 0.5 &&
    y >= stage.y - 0.5 &&
    x + bounds.w * t.k <= stage.x + stage.w + 0.5 &&
    y + bounds.h * t.k <= stage.y + stage.h + 0.5
  );
}

/**
 * Lays `topology` out for a `width` x `height` stage: tries layouts at several sizes, fits each to the
 * stage, and keeps the one whose hosts show the richest detail in the largest text on screen.
 */
export function fitLayout(
  topology: Topology,
  width: number,
  height: number,
  options: FitOptions = {},
): FittedLayout {
  const o: Required<FitOptions> = {
    padPx: options.padPx ?? DEFAULT_PAD_PX,
    bottomPx: options.bottomPx ?? 0,
    topRight: options.topRight ?? { w: 0, h: 0 },
    maxHostFontPx: options.maxHostFontPx ?? DEFAULT_MAX_HOST_FONT_PX,
  };
  let best: { layout: Layout; fit: StageTransform; score: number } | null = null;
  for (const s of SCALES) {
    const w = width / s;
    const h = height / s;
    // A layout needs some room to lay anything out at all.
    if (w < 200 || h < 160) continue;
    const layout = computeLayout(topology, w, h);
    const maxK = layout.hostFont > 0 ? o.maxHostFontPx / layout.hostFont : Infinity;
    const fit = fitClear(layout, width, height, o, maxK);
    const screenFont = layout.hostFont * fit.k;
    const legible = screenFont >= MIN_SCREEN_FONT_PX[layout.hostDetail];
    // Richest legible detail first, then the largest text; the smallest change of scale wins a tie.
    const score = (legible ? DETAIL_RANK[layout.hostDetail] * 1000 : 0) + screenFont - Math.abs(s - 1) * 0.01;
    if (!best || score > best.score) best = { layout, fit, score };
  }
  const chosen = best ?? { layout: computeLayout(topology, width, height), fit: { k: 1, x: 0, y: 0 } };
  return { layout: { ...chosen.layout, width, height }, fit: chosen.fit };
}
