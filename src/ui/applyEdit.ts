// Sends an edited scenario through the store; shared by the quick cluster controls and the settings panel.
import type { Scenario } from '../scenario/types';
import type { HostCountEdit } from '../state/scenarioEdit';
import { useLab } from '../state/store';

/**
 * Builds the next scenario from the current one and sends it when the whole-scenario check passes.
 * Returns what that check found wrong (nothing is sent then).
 */
export function apply(build: (s: Scenario) => Scenario | HostCountEdit): string[] {
  const state = useLab.getState();
  const next = build(state.scenario);
  return 'notices' in next ? state.applyScenario(next.scenario, next.notices) : state.applyScenario(next);
}
