// Drop marks on the packet canvas: one per (device, fate) as the newest drop there leaves it, faded
// by age while running, full while paused, only on the kinds of device asked for, oldest first.
import { describe, expect, it } from 'vitest';
import type { DropMark } from '../state/packetFeed';
import { computeLayout, dropPoint } from './layout';
import { shownDropMarks } from './shownDropMarks';
import { testTopology } from './testTopology';

const layout = computeLayout(testTopology(4), 856, 340);
const HOSTS = new Set(['host'] as const);
const drop = (node: string, t: number, code: DropMark['code'] = 'nlb.dropBucket'): DropMark => ({
  node,
  t,
  code,
});

describe('shownDropMarks', () => {
  it('keeps one mark per host and fate however many drops there were, faded as the newest left it', () => {
    // A busy unicast run: 3 hosts drop every flooded frame, 100 frames 1 simulated ms apart.
    const drops: DropMark[] = [];
    for (let t = 0; t < 100; t++) for (const h of ['h1', 'h2', 'h3']) drops.push(drop(h, t));
    const marks = shownDropMarks(drops, layout.nodes, 120, 200, true, HOSTS);
    expect(marks).toHaveLength(3);
    for (const m of marks) {
      // The newest drop (t = 99) is 21 of 200 simulated ms old.
      expect(m.alpha).toBeCloseTo(1 - 21 / 200, 10);
      expect(m.t).toBe(99);
      expect(m.fate).toBe('nlb');
      expect({ x: m.x, y: m.y }).toEqual(dropPoint(layout.nodes.get(m.node)!));
    }
  });

  it('keeps different fates on one host apart, the newest painted last', () => {
    const marks = shownDropMarks(
      [drop('h1', 50, 'host.downDrop'), drop('h1', 10), drop('h1', 30)],
      layout.nodes,
      60,
      100,
      true,
      HOSTS,
    );
    expect(marks.map((m) => [m.fate, m.t])).toEqual([
      ['nlb', 30],
      ['hostDown', 50],
    ]);
  });

  it('fades while running down to a faint trace, shows full while paused, and ignores drops still to come', () => {
    const drops = [drop('h1', 0), drop('h2', 500)];
    const running = shownDropMarks(drops, layout.nodes, 180, 200, true, HOSTS);
    expect(running.map((m) => [m.node, m.alpha])).toEqual([['h1', 0.15]]);
    expect(shownDropMarks(drops, layout.nodes, 180, 200, false, HOSTS).map((m) => m.alpha)).toEqual([1]);
    // Fully faded: gone while running, still shown (at full strength) while paused.
    expect(shownDropMarks(drops, layout.nodes, 250, 200, true, HOSTS)).toEqual([]);
    expect(shownDropMarks(drops, layout.nodes, 250, 200, false, HOSTS)).toHaveLength(1);
  });

  it('marks only the kinds of device asked for, and nothing for a device not drawn', () => {
    const drops = [drop('s', 1, 'switch.filter'), drop('gone', 1), drop('h1', 1)];
    expect(shownDropMarks(drops, layout.nodes, 2, 100, true, HOSTS).map((m) => m.node)).toEqual(['h1']);
    const all = new Set(['host', 'switch'] as const);
    expect(shownDropMarks(drops, layout.nodes, 2, 100, true, all).map((m) => m.node)).toEqual(['s', 'h1']);
  });
});
