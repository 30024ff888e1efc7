// Why the scenario saved in this browser could not be opened, in plain words: made by a newer VIP Lab
// (naming its version), or damaged (with the validation's first messages). Loaded on demand, with
// the validation, only when something saved fails to open.
import { SCENARIO_VERSION, isPlainObject } from '../../scenario/migrations';
import type { SavedRead } from './persistence';
import type { SavedProblem } from './sharingStore';

/** Most validation messages listed under the notice (the download keeps everything). */
const MAX_DETAILS = 3;

/** The scenario version stored text says it has, when it is a whole number. */
function storedVersion(data: unknown): number | undefined {
  if (!isPlainObject(data)) return undefined;
  const version = data.version;
  return typeof version === 'number' && Number.isInteger(version) ? version : undefined;
}

/**
 * What to tell the user about stored text that could not be opened: `read` is what storage held,
 * `errors` the validation's messages when it was readable data.
 */
export function savedProblemFor(read: SavedRead, errors: string[] = []): SavedProblem | null {
  if (read.kind === 'none') return null;
  if (read.kind === 'unreadable') {
    return {
      title: 'The scenario saved in this browser is damaged and could not be opened.',
      details: [`Its text is not a whole VIP Lab scenario (${read.reason}).`],
      text: read.text,
    };
  }
  const version = storedVersion(read.data);
  if (version !== undefined && version > SCENARIO_VERSION) {
    return {
      title: `The scenario saved in this browser was made by a newer VIP Lab (version ${version}) and could not be opened.`,
      details: [`This VIP Lab reads scenario version ${SCENARIO_VERSION}. Open it in the newest VIP Lab.`],
      text: read.text,
    };
  }
  return {
    title: 'The scenario saved in this browser is damaged and could not be opened.',
    details: errors.slice(0, MAX_DETAILS),
    text: read.text,
  };
}
