// The Action filter's counts follow the log as it grows and lets old decisions go, as a full count would.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../sim/types';
import { actionCounts } from './actionCounts';

const ACTIONS = ['syn', 'forward', 'drop', 'accept'] as const;

function decision(seq: number): Decision {
  return {
    seq,
    t: seq,
    node: 'h1',
    action: ACTIONS[seq % ACTIONS.length]!,
    frameId: seq,
    connId: 1,
    code: 'lb.route',
    args: { dst: 1 },
  } as unknown as Decision;
}

const full = (history: readonly Decision[]) => {
  const c = new Map<string, number>();
  for (const d of history) c.set(d.action, (c.get(d.action) ?? 0) + 1);
  return c;
};

describe('actionCounts', () => {
  it('matches a full count as batches arrive and the oldest are let go', () => {
    let history: Decision[] = [];
    let seq = 1;
    for (let batch = 0; batch < 40; batch++) {
      // Batches of 0 to 60 decisions, with numbers skipped now and then (decisions not listed).
      const n = (batch * 37) % 61;
      history = history.concat(Array.from({ length: n }, () => decision((seq += 1 + (batch % 3)))));
      if (history.length > 500) history = history.slice(history.length - 500);
      expect(new Map(actionCounts(history))).toEqual(full(history));
    }
  });

  it('counts afresh after a seek or a new run (other decisions under the same numbers)', () => {
    const before = Array.from({ length: 50 }, (_, i) => decision(i + 1));
    actionCounts(before);
    const afresh = Array.from({ length: 30 }, (_, i) => ({ ...decision(i + 1), action: 'drop' }) as Decision);
    expect(new Map(actionCounts(afresh))).toEqual(new Map([['drop', 30]]));
    expect(new Map(actionCounts([]))).toEqual(new Map());
  });
});
