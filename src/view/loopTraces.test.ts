// Lit loopback circles: the latest loopback hop per host, solid while it goes round, fading over
// LOOP_TRACE_WALL_MS while running, held while paused, forgotten when time goes back or the host goes.
import { describe, expect, it } from 'vitest';
import { wallToSimMs } from '../state/packetFeed';
import { computeLayout, loopCircle } from './layout';
import { LOOP_TRACE_WALL_MS, LoopTraces } from './loopTraces';
import { testTopology } from './testTopology';

const layout = computeLayout(testTopology(4), 856, 340);
const SPEED = 1;
const fadeSim = wallToSimMs(LOOP_TRACE_WALL_MS, SPEED);

describe('LoopTraces', () => {
  it('shows the latest loop per host at 0.85 while it goes round, then fades it linearly while running', () => {
    const traces = new LoopTraces();
    traces.note('h1', 10, 10.2);
    traces.note('h1', 5, 5.2);
    const during = traces.shown(layout.nodes, 10.1, SPEED, true);
    expect(during).toEqual([{ ...loopCircle(layout.nodes.get('h1')!), alpha: 0.85 }]);
    const half = traces.shown(layout.nodes, 10.2 + fadeSim / 2, SPEED, true);
    expect(half[0]!.alpha).toBeCloseTo(0.425, 10);
    expect(traces.shown(layout.nodes, 10.2 + fadeSim, SPEED, true)).toEqual([]);
    // Faded out while running is forgotten: pausing later does not bring it back.
    expect(traces.shown(layout.nodes, 10.2 + fadeSim, SPEED, false)).toEqual([]);
  });

  it('holds a circle at full strength while paused', () => {
    const traces = new LoopTraces();
    traces.note('h2', 1, 1.2);
    expect(traces.shown(layout.nodes, 1.2 + fadeSim / 2, SPEED, false).map((l) => l.alpha)).toEqual([0.85]);
  });

  it('forgets a trace when time goes back before it began, or its host is no longer drawn', () => {
    const traces = new LoopTraces();
    traces.note('h1', 100, 100.2);
    traces.note('gone', 100, 100.2);
    expect(traces.shown(layout.nodes, 100.1, SPEED, true)).toHaveLength(1);
    expect(traces.shown(layout.nodes, 50, SPEED, false)).toEqual([]);
    expect(traces.shown(layout.nodes, 100.1, SPEED, true)).toEqual([]);
  });
});
