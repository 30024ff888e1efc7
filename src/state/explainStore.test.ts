// The explaining side's plain logic: the caption pick and the log filters. (How connections ended is
// in connectionEnds.test.ts.)
import { describe, expect, it, vi } from 'vitest';
import type { Decision } from '../sim/types';
import { captionPick, matchesFilters, readable } from './explainStore';

describe('caption and filters', () => {
  const d = (
    action: Decision['action'],
    seq: number,
    extra: Partial<Pick<Decision, 'node' | 'connId'>> = {},
  ): Decision => ({
    seq,
    t: seq,
    node: 'A1',
    action,
    frameId: seq,
    connId: 1,
    code: 'host.notApplicable',
    args: { hostAction: 'crash' },
    ...extra,
  });
  it('narrates the last notable decision of a batch', () => {
    expect(captionPick([d('drop', 1), d('accept', 2), d('send', 3), d('forward', 4)])?.seq).toBe(2);
    expect(captionPick([d('send', 1), d('forward', 2)])?.seq).toBe(2);
    expect(captionPick([])).toBeNull();
  });
  it('writes real arrows and ends sentences', () => {
    expect(readable('Host 1 NLB: bucket 3 -> dropped here')).toBe('Host 1 NLB: bucket 3 → dropped here.');
    expect(readable('Connection 1: Client 1 connects (Cluster A VIP)')).toBe(
      'Connection 1: Client 1 connects (Cluster A VIP)',
    );
  });
  it('filters by action, node and connection together', () => {
    const f = { action: 'drop' as const, node: 'A1', connId: 2 };
    expect(matchesFilters(d('drop', 1, { connId: 2 }), f)).toBe(true);
    expect(matchesFilters(d('drop', 1, { connId: 3 }), f)).toBe(false);
    expect(matchesFilters(d('accept', 1, { connId: 2 }), f)).toBe(false);
    expect(matchesFilters(d('drop', 1, { connId: 2, node: 'A2' }), f)).toBe(false);
    expect(matchesFilters(d('accept', 1), { action: 'all', node: 'all', connId: null })).toBe(true);
  });
});

describe('feeding the log while playing fast', () => {
  it('counts the decisions not listed with each flush, not with every update', async () => {
    const { handleExplainUpdate, useExplain } = await import('./explainStore');
    const { emptyHopBatch } = await import('../worker/hopBatch');
    const tick = (decisionsNotSent: number) =>
      ({
        type: 'tick',
        now: 1,
        running: true,
        hops: emptyHopBatch(),
        decisions: [],
        decisionsNotSent,
        ended: [],
        endsNotSent: 0,
        samples: [],
        markers: [],
        endTime: 1,
      }) as never;
    vi.useFakeTimers();
    try {
      useExplain.setState({ notListed: 0 });
      let renders = 0;
      const unsubscribe = useExplain.subscribe(() => (renders += 1));
      // Ten updates in one flush interval (100 wall ms): at most two state changes, all 500 counted.
      for (let i = 0; i < 10; i++) {
        handleExplainUpdate(tick(50));
        vi.advanceTimersByTime(5);
      }
      vi.advanceTimersByTime(200);
      unsubscribe();
      expect(useExplain.getState().notListed).toBe(500);
      expect(renders).toBeLessThanOrEqual(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
