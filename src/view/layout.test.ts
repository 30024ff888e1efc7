// Layout geometry: every host gets a box inside its cluster, boxes never overlap, links end on their
// nodes, and 1..32 hosts stay legible at the size the page gives the drawing at 1280x720.
import { describe, expect, it } from 'vitest';
import { testTopology as topology } from './testTopology';
import { computeLayout, linkBetween, loopCircle, PACKET_REACH, pointAlong, type NodeBox } from './layout';
import type { Topology, TopologyNode } from '../sim/types';

function overlaps(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Roughly the drawing area the page gives the topology at 1280x720.
const W = 856;
const H = 340;

describe('computeLayout', () => {
  it.each([1, 2, 3, 5, 8, 9, 16, 17, 31, 32])('places %i hosts inside the drawing without overlaps', (n) => {
    const layout = computeLayout(topology(n), W, H);
    const boxes = [...layout.nodes.values()];
    expect(boxes).toHaveLength(n + 3);
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(W);
      expect(b.y + b.h).toBeLessThanOrEqual(H);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    }
    const cluster = layout.clusters[0]!;
    for (const b of boxes.filter((x) => x.node.kind === 'host')) {
      expect(b.x).toBeGreaterThanOrEqual(cluster.x);
      expect(b.x + b.w).toBeLessThanOrEqual(cluster.x + cluster.w);
      expect(b.y + b.h).toBeLessThanOrEqual(cluster.y + cluster.h);
    }
    // Legible on a projector: never below 11 px, and a few hosts say everything.
    expect(layout.hostFont).toBeGreaterThanOrEqual(11);
    if (n <= 8) expect(layout.hostDetail).toBe('full');
  });

  it('routes each switch-host link from the switch down to the top of its host', () => {
    const layout = computeLayout(topology(12), W, H);
    const sw = layout.nodes.get('s')!;
    for (let i = 0; i < 12; i++) {
      const host = layout.nodes.get(`h${i}`)!;
      const link = linkBetween(layout, 's', `h${i}`)!;
      expect(link.reversed).toBe(false);
      const start = pointAlong(link.path, 0, false);
      const end = pointAlong(link.path, 1, false);
      expect(start.y).toBeCloseTo(sw.y + sw.h);
      expect(end).toEqual({ x: host.cx, y: host.y });
      // Travelling the other way ends at the switch.
      expect(pointAlong(link.path, 1, true)).toEqual(start);
    }
  });

  it('keeps the loopback circle, and every packet drawn on it, inside its host', () => {
    for (const hosts of [3, 8, 32]) {
      const layout = computeLayout(topology(hosts), W, H);
      for (const b of layout.nodes.values()) {
        if (b.node.kind !== 'host') continue;
        const c = loopCircle(b);
        // A box too small to hold a packet's ring (32 hosts in a small drawing) holds the ring alone.
        const reach = c.r + (b.h >= 2 * (c.r + PACKET_REACH + 1) ? PACKET_REACH : 0);
        expect(c.cx - reach).toBeGreaterThanOrEqual(b.x);
        expect(c.cx + reach).toBeLessThanOrEqual(b.x + b.w);
        expect(c.cy + reach).toBeLessThanOrEqual(b.y + b.h);
      }
    }
  });

  it('returns null for nodes with no link between them', () => {
    const layout = computeLayout(topology(3), W, H);
    expect(linkBetween(layout, 'c1', 'h0')).toBeNull();
  });

  it('stays legible for 32 hosts in the room the page really gives the drawing', () => {
    // About what a 1280x720 page leaves for the drawing once every control is showing.
    const layout = computeLayout(topology(32), 856, 290);
    expect(layout.hostFont).toBeGreaterThanOrEqual(11);
    expect(layout.dense).toBe(true);
    const hosts = [...layout.nodes.values()].filter((b) => b.node.kind === 'host');
    for (const b of hosts) expect(b.y + b.h).toBeLessThanOrEqual(290);
  });

  it('gives a second cluster its own box and shares the width by need', () => {
    const t = topology(32);
    for (let i = 0; i < 3; i++) {
      t.nodes.push({
        id: `b${i}`,
        kind: 'host',
        name: `Host B${i + 1}`,
        ips: [`10.0.0.${51 + i}`],
        mac: '',
        cluster: 'B',
        hostIndex: i,
      });
      t.links.push({ id: `l-b${i}`, a: 's', b: `b${i}` });
    }
    t.clusters.push({ ...t.clusters[0]!, id: 'B', name: 'Cluster B', vip: '10.0.0.200' });
    const layout = computeLayout(t, W, H);
    expect(layout.clusters.map((c) => c.id)).toEqual(['A', 'B']);
    const [a, b] = layout.clusters;
    expect(a!.x + a!.w).toBeLessThan(b!.x);
    expect(a!.w).toBeGreaterThan(b!.w);
    for (let i = 0; i < 3; i++) {
      const box = layout.nodes.get(`b${i}`)!;
      expect(box.x).toBeGreaterThanOrEqual(b!.x);
      expect(box.x + box.w).toBeLessThanOrEqual(b!.x + b!.w);
    }
    const boxes = [...layout.nodes.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    }
  });

  describe('with a load balancer of today (a node on the switch)', () => {
    function withBalancers(hosts: number, second: number, client = true): Topology {
      const t = topology(hosts);
      if (!client) {
        t.nodes = t.nodes.filter((n) => n.kind !== 'client');
        t.links = t.links.filter((l) => l.a !== 'c1' && l.b !== 'c1');
      }
      for (let i = 0; i < second; i++) {
        t.nodes.push({
          id: `b${i}`,
          kind: 'host',
          name: `Host B${i + 1}`,
          ips: [`10.0.0.${51 + i}`],
          mac: '',
          cluster: 'B',
          hostIndex: i,
        });
        t.links.push({ id: `l-b${i}`, a: 's', b: `b${i}` });
      }
      const lb = (cluster: 'A' | 'B'): TopologyNode => ({
        id: `lb${cluster}`,
        kind: 'balancer',
        name: cluster === 'A' ? 'Load balancer' : 'Load balancer B',
        ips: [cluster === 'A' ? '10.0.0.5' : '10.0.0.6', cluster === 'A' ? '10.0.0.100' : '10.0.0.200'],
        mac: '',
        cluster,
      });
      // Cluster B's first, as an engine might list them: the drawing orders them A, B.
      if (second > 0) {
        t.nodes.push(lb('B'));
        t.links.push({ id: 'l-lbB', a: 's', b: 'lbB' });
        t.clusters.push({ ...t.clusters[0]!, id: 'B', name: 'Cluster B', vip: '10.0.0.200' });
      }
      t.nodes.push(lb('A'));
      t.links.push({ id: 'l-lbA', a: 'lbA', b: 's' });
      return t;
    }

    /** Whether the segment p-q passes through the inside of box b (shrunk by 1 px). */
    function crosses(p: { x: number; y: number }, q: { x: number; y: number }, b: NodeBox): boolean {
      for (let i = 0; i <= 50; i++) {
        const x = p.x + ((q.x - p.x) * i) / 50;
        const y = p.y + ((q.y - p.y) * i) / 50;
        if (x > b.x + 1 && x < b.x + b.w - 1 && y > b.y + 1 && y < b.y + b.h - 1) return true;
      }
      return false;
    }

    function expectTidy(layout: ReturnType<typeof computeLayout>, w: number, h: number) {
      const boxes = [...layout.nodes.values()];
      for (const b of boxes) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w).toBeLessThanOrEqual(w + 0.01);
        expect(b.y + b.h).toBeLessThanOrEqual(h);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
      }
      // No cable runs through a box it does not end at.
      for (const link of layout.links) {
        for (const b of boxes) {
          if (b.node.id === link.a || b.node.id === link.b) continue;
          for (let k = 1; k < link.points.length; k++)
            expect(crosses(link.points[k - 1]!, link.points[k]!, b), `${link.id} through ${b.node.id}`).toBe(
              false,
            );
        }
      }
    }

    it.each([1, 3, 8, 32])('puts it right of the switch, on the top row, for %i hosts', (n) => {
      for (const client of [true, false]) {
        const layout = computeLayout(withBalancers(n, 0, client), W, H);
        expect(layout.nodes.size).toBe(n + (client ? 4 : 3));
        expectTidy(layout, W, H);
        const sw = layout.nodes.get('s')!;
        const lb = layout.nodes.get('lbA')!;
        expect(lb.cy).toBeCloseTo(sw.cy);
        expect(lb.x).toBeGreaterThan(sw.x + sw.w);
        // Its cable is straight: packets glide along it from the switch to the balancer and back.
        const link = linkBetween(layout, 's', 'lbA')!;
        expect(link.reversed).toBe(true);
        expect(link.path.points).toHaveLength(2);
        expect(pointAlong(link.path, 0, true)).toEqual({ x: sw.x + sw.w, y: sw.cy });
        expect(pointAlong(link.path, 1, true)).toEqual({ x: lb.x, y: lb.cy });
        if (n <= 8) expect(layout.hostDetail).toBe('full');
        expect(layout.hostFont).toBeGreaterThanOrEqual(11);
      }
    });

    it('draws a second cluster’s balancer beyond the first, its cable over the top of the row', () => {
      for (const [a, b] of [
        [3, 3],
        [32, 3],
        [8, 8],
      ] as const) {
        for (const [w, h] of [
          [W, H],
          [1400, 700],
        ] as const) {
          const layout = computeLayout(withBalancers(a, b), w, h);
          expectTidy(layout, w, h);
          const lbA = layout.nodes.get('lbA')!;
          const lbB = layout.nodes.get('lbB')!;
          expect(lbB.cx).toBeGreaterThan(lbA.cx);
          expect(lbB.cy).toBeCloseTo(lbA.cy);
          const link = linkBetween(layout, 's', 'lbB')!;
          expect(link.path.points.length).toBeGreaterThan(2);
          // It ends on the top edge of Load balancer B and runs above Load balancer A.
          expect(pointAlong(link.path, 1, link.reversed)).toEqual({ x: lbB.cx, y: lbB.y });
          expect(Math.min(...link.path.points.map((p) => p.y))).toBeLessThan(lbA.y);
        }
      }
    });

    it('narrows the top row rather than spill out of a small drawing', () => {
      const layout = computeLayout(withBalancers(3, 3), 700, 320);
      const lbB = layout.nodes.get('lbB')!;
      const client = layout.nodes.get('c1')!;
      expect(client.x).toBeGreaterThanOrEqual(0);
      expect(lbB.x + lbB.w).toBeLessThanOrEqual(700);
      expect(lbB.w).toBeLessThan(184);
    });
  });
});
