// Keeps the current scenario (and how the page shows it) in local storage, so a reload brings it
// back. What is read back is only raw data: the page checks it with parseScenario before using it,
// and anything unreadable is ignored with a console warning, never a crash.
import type { Scenario } from '../../scenario/types';

/** Versioned: a new storage format gets a new key, and old keys are simply no longer read. */
export const STORAGE_KEY = 'vip-lab.scenario.v1';
/** Wall ms to wait after a change before writing (a slider drag writes once). */
const SAVE_DELAY_MS = 300;
/** Anything larger is not a scenario this page wrote. */
const MAX_STORED_CHARS = 1_000_000;

interface Stored {
  format: 1;
  savedAt: string;
  scenario: unknown;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be blocked outright (privacy settings, sandboxed iframes).
    return null;
  }
}

/** The saved scenario as raw data (not yet validated), or undefined when there is none to use. */
export function readSavedScenario(): unknown {
  const store = storage();
  let text: string | null;
  try {
    text = store?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return undefined;
  }
  if (text === null) return undefined;
  try {
    if (text.length > MAX_STORED_CHARS) throw new Error(`${text.length} characters`);
    const data = JSON.parse(text) as Partial<Stored> | null;
    if (!data || typeof data !== 'object' || data.format !== 1 || !('scenario' in data)) {
      throw new Error('not in the format this page writes');
    }
    return data.scenario;
  } catch (error) {
    console.warn(
      `VIP Lab: ignoring the scenario saved in this browser (${error instanceof Error ? error.message : String(error)}).`,
    );
    return undefined;
  }
}

/** Says why a saved scenario was not used (it failed validation). */
export function warnInvalidSaved(errors: string[]): void {
  console.warn(`VIP Lab: ignoring the scenario saved in this browser: ${errors.join('; ')}`);
}

export function saveScenario(scenario: Scenario): void {
  const store = storage();
  if (!store) return;
  const data: Stored = { format: 1, savedAt: new Date().toISOString(), scenario };
  try {
    store.setItem(STORAGE_KEY, JSON.stringify(data));
  } catch (error) {
    // Full or blocked storage: the page still works, it just will not remember.
    console.warn(`VIP Lab: could not save the scenario in this browser (${String(error)}).`);
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;
let pending: (() => Scenario) | null = null;

function flush(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  const take = pending;
  pending = null;
  if (take) saveScenario(take());
}

/** Saves `snapshot()` a moment after the last call (and at once when the page is hidden). */
export function scheduleSave(snapshot: () => Scenario): void {
  pending = snapshot;
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(flush, SAVE_DELAY_MS);
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
