// Export and import of a scenario as a .json file: pretty, versioned, and read back through the
// same validation as links (parseScenario), so a bad file never replaces what the user had.
import { parseScenario, type ParseResult } from './validate';
import type { Scenario } from './types';
import { textTooLarge } from './fileText';

/** Largest file accepted (a scenario at every limit is far smaller). */
export const MAX_JSON_CHARS = 1_000_000;
/** Suggested download name. */
export const SCENARIO_FILE_EXTENSION = '.json';

/** The scenario as a pretty JSON document, `version` first, ending in a newline. */
export function scenarioToJson(scenario: Scenario): string {
  const { version, ...rest } = scenario;
  return `${JSON.stringify({ version, ...rest }, null, 2)}\n`;
}

/** Reads a .json file's text back into a valid scenario, or says what is wrong with it. Never throws. */
export function scenarioFromJson(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, errors: ['This file could not be read as text'] };
  const tooLarge = textTooLarge(text);
  if (tooLarge) return { ok: false, errors: [tooLarge] };
  let data: unknown;
  try {
    // A byte-order mark is common in files saved by Windows editors.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, errors: [`This file is not valid JSON${detail}, so it is not a VIP Lab scenario`] };
  }
  return parseScenario(data, 'file');
}

/** A file name for a scenario: its title in lower-case words, or `vip-lab-scenario`. */
export function scenarioFileName(scenario: Scenario): string {
  const slug = (scenario.title ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'vip-lab-scenario'}${SCENARIO_FILE_EXTENSION}`;
}
