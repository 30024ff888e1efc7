// Sends an edited configuration through the store, which turns it into changes of the run (live where
// NLB takes them live); used by the More settings panel.
import type { Scenario } from '../../scenario/types';
import { useLab } from '../../state/store';

/**
 * Builds the next scenario from the current one and sends it when the whole-scenario check passes.
 * Returns what that check found wrong (nothing is sent then).
 */
export function apply(build: (s: Scenario) => Scenario): string[] {
  const state = useLab.getState();
  return state.applyScenario(build(state.scenario));
}
