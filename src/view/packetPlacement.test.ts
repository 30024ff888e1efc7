// Where a hop is drawn: along its link at constant speed, round its host's loopback circle, held and
// fading at its destination while running, gone when paused past its arrival, jumping in reduced motion.
import { describe, expect, it } from 'vitest';
import type { Hop } from '../sim/types';
import { computeLayout, linkBetween, loopCircle, pointAlong } from './layout';
import { HopColumns } from '../state/hopColumns';
import { encodeHops } from '../worker/hopBatch';
import { IndexedRoutes, placeColumnHop, placeHop, RouteTable, type Placement } from './packetPlacement';
import { testTopology } from './testTopology';

const layout = computeLayout(testTopology(4), 856, 340);
const routes = new RouteTable(layout);

function hop(partial: Partial<Hop>): Hop {
  return {
    frameId: 1,
    from: 's',
    to: 'h1',
    t0: 100,
    t1: 110,
    kind: 'syn',
    loopback: false,
    connId: 1,
    ...partial,
  };
}

/** The feed's columns and routes by node index, as the canvas places hops. */
const columns = new HopColumns();
const indexed = new IndexedRoutes(routes, columns.nodes);

/** Where `h` is drawn; the canvas's column path must place it exactly the same. */
function place(h: Hop, now: number, holdSimMs = 0, jump = false): Placement | null {
  const out: Placement = { x: NaN, y: NaN, alpha: NaN };
  const placed = placeHop(routes, h, now, holdSimMs, jump, out);
  columns.clear();
  columns.append(encodeHops([h]), -Infinity);
  const fromColumns: Placement = { x: NaN, y: NaN, alpha: NaN };
  expect(placeColumnHop(indexed, columns, 0, now, holdSimMs, jump, fromColumns)).toBe(placed);
  if (placed) expect(fromColumns).toEqual(out);
  return placed ? out : null;
}

describe('placeHop', () => {
  it('moves along the link at constant speed, matching the drawn polyline', () => {
    const link = linkBetween(layout, 's', 'h1')!;
    for (const p of [0, 0.25, 0.5, 0.9]) {
      const at = place(hop({}), 100 + p * 10)!;
      const want = pointAlong(link.path, p, link.reversed);
      expect(at.x).toBeCloseTo(want.x, 9);
      expect(at.y).toBeCloseTo(want.y, 9);
      expect(at.alpha).toBe(1);
    }
  });

  it('runs the same link backwards for the reverse hop', () => {
    const down = place(hop({}), 103)!;
    const up = place(hop({ from: 'h1', to: 's' }), 107)!;
    expect(up.x).toBeCloseTo(down.x, 9);
    expect(up.y).toBeCloseTo(down.y, 9);
  });

  it('is not drawn before it starts', () => {
    expect(place(hop({}), 99.9)).toBeNull();
  });

  it('when paused, is gone at its arrival (never shown arriving and leaving at once)', () => {
    expect(place(hop({}), 110, 0)).toBeNull();
  });

  it('while running, lingers at its destination and fades over the hold', () => {
    const host = layout.nodes.get('h1')!;
    const held = place(hop({}), 112.5, 10)!;
    expect(held.x).toBeCloseTo(host.cx, 9);
    expect(held.y).toBeCloseTo(host.y, 9);
    expect(held.alpha).toBeCloseTo(0.75, 9);
    expect(place(hop({}), 120, 10)).toBeNull();
  });

  it('circles inside its host for a loopback hop, starting at the top and never on a link', () => {
    const host = layout.nodes.get('h2')!;
    const c = loopCircle(host);
    const loop = hop({ from: 'h2', to: 'h2', loopback: true });
    const start = place(loop, 100)!;
    expect(start.x).toBeCloseTo(c.cx, 9);
    expect(start.y).toBeCloseTo(c.cy - c.r, 9);
    const quarter = place(loop, 102.5)!;
    expect(quarter.x).toBeCloseTo(c.cx + c.r, 9);
    expect(quarter.y).toBeCloseTo(c.cy, 9);
    for (let t = 100; t < 110; t += 0.5) {
      const at = place(loop, t)!;
      expect(Math.hypot(at.x - c.cx, at.y - c.cy)).toBeCloseTo(c.r, 9);
    }
  });

  it('in reduced motion, sits at its source until it arrives, then at its destination', () => {
    const sw = pointAlong(linkBetween(layout, 's', 'h1')!.path, 0, false);
    const host = layout.nodes.get('h1')!;
    for (const t of [100, 105, 109.9]) {
      const at = place(hop({}), t, 10, true)!;
      expect([at.x, at.y]).toEqual([sw.x, sw.y]);
    }
    const arrived = place(hop({}), 110, 10, true)!;
    expect(arrived.x).toBeCloseTo(host.cx, 9);
    expect(arrived.y).toBeCloseTo(host.y, 9);
  });

  it('goes straight between nodes with no drawn link, and skips nodes not in the layout', () => {
    const a = layout.nodes.get('h0')!;
    const b = layout.nodes.get('h3')!;
    const mid = place(hop({ from: 'h0', to: 'h3' }), 105)!;
    expect(mid.x).toBeCloseTo((a.cx + b.cx) / 2, 9);
    expect(mid.y).toBeCloseTo((a.cy + b.cy) / 2, 9);
    expect(place(hop({ from: 'nowhere' }), 105)).toBeNull();
    expect(place(hop({ to: 'nowhere' }), 105)).toBeNull();
  });
});
