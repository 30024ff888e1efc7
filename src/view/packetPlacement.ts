// Where a hop is drawn at a simulated moment: along the link between its two nodes, round its host's
// loopback circle, or nowhere. Routes are resolved once per layout so a frame with 20,000 hops does
// no link search and allocates nothing per hop.
import type { Hop, NodeId } from '../sim/types';
import { linkBetween, loopCircle, type Layout } from './layout';

/** A resolved path for hops from one node to another, in layout px. */
export interface Route {
  /** Loopback: round the circle (cx, cy, r), starting and ending at its top. */
  loop: boolean;
  cx: number;
  cy: number;
  r: number;
  /** Otherwise a polyline, already oriented from `from` to `to`, with cumulative lengths. */
  xs: Float64Array;
  ys: Float64Array;
  lengths: Float64Array;
}

/** Written by placeHop: a position in layout px and an opacity (0..1). */
export interface Placement {
  x: number;
  y: number;
  alpha: number;
}

const NO_POINTS = new Float64Array(0);

function polyline(points: readonly { x: number; y: number }[]): Route {
  const n = points.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const lengths = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = points[i]!.x;
    ys[i] = points[i]!.y;
    if (i > 0) lengths[i] = lengths[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
  }
  return { loop: false, cx: 0, cy: 0, r: 0, xs, ys, lengths };
}

/** Routes between nodes of one layout, resolved on first use. */
export class RouteTable {
  private readonly byFrom = new Map<NodeId, Map<NodeId, Route | null>>();

  constructor(readonly layout: Layout) {}

  get(from: NodeId, to: NodeId, loopback: boolean): Route | null {
    let row = this.byFrom.get(from);
    if (!row) {
      row = new Map();
      this.byFrom.set(from, row);
    }
    // Loopback hops are keyed apart from link hops (a hop may name the same node at both ends).
    const key = loopback ? '\u0000loop' : to;
    let route = row.get(key);
    if (route === undefined) {
      route = this.resolve(from, to, loopback);
      row.set(key, route);
    }
    return route;
  }

  private resolve(from: NodeId, to: NodeId, loopback: boolean): Route | null {
    const fromBox = this.layout.nodes.get(from);
    if (!fromBox) return null;
    if (loopback || from === to) {
      const c = loopCircle(fromBox);
      return { loop: true, cx: c.cx, cy: c.cy, r: c.r, xs: NO_POINTS, ys: NO_POINTS, lengths: NO_POINTS };
    }
    const toBox = this.layout.nodes.get(to);
    if (!toBox) return null;
    const link = linkBetween(this.layout, from, to);
    if (link) return polyline(link.reversed ? [...link.path.points].reverse() : link.path.points);
    // No drawn link between them (should not happen): go straight, centre to centre.
    return polyline([
      { x: fromBox.cx, y: fromBox.cy },
      { x: toBox.cx, y: toBox.cy },
    ]);
  }
}

/** The point a fraction `p` (0..1) of the way along `route`, written to `out`. */
function along(route: Route, p: number, out: Placement): void {
  if (route.loop) {
    const angle = -Math.PI / 2 + p * 2 * Math.PI;
    out.x = route.cx + route.r * Math.cos(angle);
    out.y = route.cy + route.r * Math.sin(angle);
    return;
  }
  const { xs, ys, lengths } = route;
  const last = xs.length - 1;
  if (last === 0) {
    // A one-point polyline (a link of no length): the packet sits on it.
    out.x = xs[0]!;
    out.y = ys[0]!;
    return;
  }
  const target = p * lengths[last]!;
  let i = 1;
  while (i < last && target > lengths[i]!) i += 1;
  const l0 = lengths[i - 1]!;
  const l1 = lengths[i]!;
  const f = l1 > l0 ? (target - l0) / (l1 - l0) : 0;
  out.x = xs[i - 1]! + (xs[i]! - xs[i - 1]!) * f;
  out.y = ys[i - 1]! + (ys[i]! - ys[i - 1]!) * f;
}

/**
 * Places hop `hop` at simulated time `now` (ms) into `out`; false when it is not visible. A hop is in
 * flight over [t0, t1); after t1 it lingers at its destination for `holdSimMs` (0 when paused, so a
 * stepped picture never shows one frame both arriving at a node and leaving it). `jump` (reduced
 * motion): no gliding; the packet sits at its source, then appears at its destination at t1.
 */
export function placeHop(
  routes: RouteTable,
  hop: Hop,
  now: number,
  holdSimMs: number,
  jump: boolean,
  out: Placement,
): boolean {
  if (now < hop.t0 || (holdSimMs <= 0 && now >= hop.t1 && hop.t1 > hop.t0)) return false;
  const alpha = now <= hop.t1 ? 1 : holdSimMs > 0 ? 1 - (now - hop.t1) / holdSimMs : 0;
  if (alpha <= 0) return false;
  const route = routes.get(hop.from, hop.to, hop.loopback);
  if (!route || (!route.loop && route.xs.length === 0)) return false;
  const duration = hop.t1 - hop.t0;
  const p = duration > 0 ? Math.min(1, (now - hop.t0) / duration) : 1;
  along(route, jump ? (p < 1 ? 0 : 1) : p, out);
  out.alpha = alpha;
  return true;
}
