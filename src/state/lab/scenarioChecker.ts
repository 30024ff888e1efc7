// The scenario checker (parseScenario: valibot and the schema) is not part of the page's first
// download: it is fetched as soon as this module loads, and is ready long before anyone edits.
import type { Scenario } from '../../scenario/types';
import type { ParseResult } from '../../scenario/validate';

let parseScenario: ((input: unknown) => ParseResult) | null = null;

export const scenarioCheckerReady: Promise<void> = import('../../scenario/validate').then((m) => {
  parseScenario = m.parseScenario;
});

/** The scenario as the schema reads it, or what is wrong with it (also while the checker loads). */
export function checkScenario(
  scenario: Scenario,
): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  if (parseScenario === null)
    return { ok: false, errors: ['The scenario checker is still loading; try again in a moment.'] };
  const result = parseScenario(scenario);
  return result.ok ? { ok: true, scenario: result.scenario } : { ok: false, errors: result.errors };
}
