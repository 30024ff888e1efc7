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
  it('holds what ticks bring until the lab store flushes, then shows it all in one change', async () => {
    const { handleExplainUpdate, useExplain } = await import('./explainStore');
    const { useLab } = await import('./store');
    const { wireLab } = await import('./wireLab');
    const { emptyHopBatch } = await import('../worker/hopBatch');
    const decision = (seq: number): Decision => ({
      seq,
      t: seq,
      node: 'A1',
      action: 'accept',
      frameId: seq,
      connId: 1,
      code: 'host.notApplicable',
      args: { hostAction: 'crash' },
    });
    const tick = (decisionsNotSent: number, decisions: Decision[] = []) =>
      ({
        type: 'tick',
        now: 1,
        running: true,
        hops: emptyHopBatch(),
        decisions,
        decisionsNotSent,
        ended: [],
        endsNotSent: 0,
        samples: [],
        markers: [],
        endTime: 1,
      }) as never;
    const unwire = wireLab();
    vi.useFakeTimers();
    try {
      useExplain.setState({ notListed: 0, history: [] });
      let changes = 0;
      const unsubscribe = useExplain.subscribe(() => (changes += 1));
      // Ten updates while playing, then however long: nothing changes on its own.
      for (let i = 0; i < 10; i++) {
        handleExplainUpdate(tick(50, [decision(i + 1)]));
        vi.advanceTimersByTime(5);
      }
      vi.advanceTimersByTime(500);
      expect(changes).toBe(0);
      // The lab store's flush (its pulse) brings all of it in one change.
      useLab.setState((s) => ({ uiPulse: s.uiPulse + 1 }));
      unsubscribe();
      expect(changes).toBe(1);
      expect(useExplain.getState().notListed).toBe(500);
      expect(useExplain.getState().history.map((d) => d.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      vi.useRealTimers();
      unwire();
    }
  });
});
