// Where a hop is drawn at a simulated moment: along the link between its two nodes, round its host's
// loopback circle, or nowhere. Routes are resolved once per layout so a frame with 20,000 hops does
// no link search, and positions are written in place: nothing is allocated per hop.
import type { Hop, NodeId } from '../sim/types';
import type { HopColumns } from '../state/hopColumns';
import { linkBetween, loopCircle, pointAlongInto, type Layout, type LinkPath } from './layout';

/** A resolved path for hops from one node to another, in layout px. */
export type Route =
  /** Loopback: round the circle (cx, cy, r), starting and ending at its top. */
  | { loop: true; cx: number; cy: number; r: number }
  /** Along a drawn link, from `from` to `to` (reversed when the link runs the other way). */
  | { loop: false; path: LinkPath; reversed: boolean };

/** Written by placeHop: a position in layout px and an opacity (0..1). */
export interface Placement {
  x: number;
  y: number;
  alpha: number;
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
    if (loopback || from === to) return { loop: true, ...loopCircle(fromBox) };
    const toBox = this.layout.nodes.get(to);
    if (!toBox) return null;
    const link = linkBetween(this.layout, from, to);
    if (link) return { loop: false, path: link.path, reversed: link.reversed };
    // No drawn link between them (should not happen): go straight, centre to centre.
    const length = Math.hypot(toBox.cx - fromBox.cx, toBox.cy - fromBox.cy);
    const points = [
      { x: fromBox.cx, y: fromBox.cy },
      { x: toBox.cx, y: toBox.cy },
    ];
    return {
      loop: false,
      path: { id: `${from}>${to}`, a: from, b: to, points, lengths: [0, length] },
      reversed: false,
    };
  }
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
  const alpha = visibleAlpha(hop.t0, hop.t1, now, holdSimMs);
  if (alpha <= 0) return false;
  const route = routes.get(hop.from, hop.to, hop.loopback);
  if (!route) return false;
  placeOnRoute(route, hop.t0, hop.t1, now, jump, out);
  out.alpha = alpha;
  return true;
}

/** placeHop for hop `i` of the feed's columns, its routes looked up by node index. */
export function placeColumnHop(
  routes: IndexedRoutes,
  hops: HopColumns,
  i: number,
  now: number,
  holdSimMs: number,
  jump: boolean,
  out: Placement,
): boolean {
  const t0 = hops.t0[i]!;
  const t1 = hops.t1[i]!;
  const alpha = visibleAlpha(t0, t1, now, holdSimMs);
  if (alpha <= 0) return false;
  const route = routes.get(hops.from[i]!, hops.to[i]!, hops.loopback[i] === 1);
  if (!route) return false;
  placeOnRoute(route, t0, t1, now, jump, out);
  out.alpha = alpha;
  return true;
}

/** A hop's opacity at `now` (1 in flight, fading while it lingers), or 0 when it is not drawn. */
function visibleAlpha(t0: number, t1: number, now: number, holdSimMs: number): number {
  if (now < t0 || (holdSimMs <= 0 && now >= t1 && t1 > t0)) return 0;
  return now <= t1 ? 1 : holdSimMs > 0 ? 1 - (now - t1) / holdSimMs : 0;
}

function placeOnRoute(
  route: Route,
  t0: number,
  t1: number,
  now: number,
  jump: boolean,
  out: Placement,
): void {
  const duration = t1 - t0;
  const p = duration > 0 ? Math.min(1, (now - t0) / duration) : 1;
  const shown = jump ? (p < 1 ? 0 : 1) : p;
  if (route.loop) {
    const angle = -Math.PI / 2 + shown * 2 * Math.PI;
    out.x = route.cx + route.r * Math.cos(angle);
    out.y = route.cy + route.r * Math.sin(angle);
  } else pointAlongInto(route.path, shown, route.reversed, out);
}

/**
 * A RouteTable looked up by the feed's node indices (HopColumns.nodes): arrays, not string-keyed
 * maps, per hop. Valid for one layout and one feed (a feed's indices never change meaning).
 */
export class IndexedRoutes {
  private readonly links: (Route | null | undefined)[][] = [];
  private readonly loops: (Route | null | undefined)[] = [];

  constructor(
    private readonly table: RouteTable,
    private readonly nodes: readonly NodeId[],
  ) {}

  get(from: number, to: number, loopback: boolean): Route | null {
    if (loopback) {
      let route = this.loops[from];
      if (route === undefined) {
        route = this.table.get(this.nodes[from]!, this.nodes[to]!, true);
        this.loops[from] = route;
      }
      return route;
    }
    let row = this.links[from];
    if (!row) {
      row = [];
      this.links[from] = row;
    }
    let route = row[to];
    if (route === undefined) {
      route = this.table.get(this.nodes[from]!, this.nodes[to]!, false);
      row[to] = route;
    }
    return route;
  }
}
