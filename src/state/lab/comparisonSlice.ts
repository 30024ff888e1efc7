// The comparison slice: the same batch of connections from a backend to its own VIP, through every
// load balancer, as the worker measures it (src/sim/comparison.ts). The page asks; the worker runs
// it as long work (progress and Cancel) and streams its rows; the latest result stays until the next
// one. Whether it is stale is derived from the configuration on screen (isComparisonStale).
import { comparisonBasis, comparisonConnections } from '../../worker/protocol';
import type { Scenario } from '../../scenario/types';
import type { LabRuntime } from './labRuntime';
import type { ComparisonResult, ComparisonSlice, GetLab, SetLab } from './labState';

/**
 * The Comparison panel starts open (a trainer finds it without a click). Its count field is named
 * `Calls per balancer`, never with "Connections" in it: tests find the contract's `Connections`
 * field by a name it contains.
 */
export const COMPARISON_OPEN_AT_FIRST = true;

/** Whether `result` was measured from a configuration other than `config` in what it depends on. */
export function isComparisonStale(result: ComparisonResult, config: Scenario): boolean {
  return result.basis !== comparisonBasis(config);
}

export function createComparisonSlice(runtime: LabRuntime, set: SetLab, get: GetLab): ComparisonSlice {
  return {
    comparison: null,
    comparisonAsked: false,
    comparisonOpen: COMPARISON_OPEN_AT_FIRST,
    setComparisonOpen(open) {
      set({ comparisonOpen: open });
    },
    compareBalancers(connections) {
      if (get().comparisonAsked || get().comparison?.state === 'running') return;
      set({ comparisonAsked: true });
      runtime.send({ type: 'compare', connections: comparisonConnections(connections) });
    },
    stopComparison() {
      // Only the comparison itself: Cancel stops whatever long work is in progress.
      const { comparison, work } = get();
      if (comparison?.state === 'running' && (work === null || work.kind === 'compare'))
        runtime.send({ type: 'cancel' });
    },
  };
}
