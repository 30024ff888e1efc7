// Keeps the current scenario (and how the page shows it) in local storage, so a reload brings it
// back. What is read back is only raw data for the page to validate. Stored text the page cannot
// use is held untouched (never saved over) until the user decides; a full storage is reported once.
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

/** What this browser holds: nothing, data to validate, or text that is not a scenario this page wrote. */
export type SavedRead =
  | { kind: 'none' }
  | { kind: 'data'; data: unknown; text: string }
  | { kind: 'unreadable'; text: string; reason: string };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be blocked outright (privacy settings, sandboxed iframes).
    return null;
  }
}

/** Reads the saved scenario's raw data (not yet validated), keeping the text it came from. */
export function readSaved(): SavedRead {
  let text: string | null;
  try {
    text = storage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return { kind: 'none' };
  }
  if (text === null) return { kind: 'none' };
  try {
    if (text.length > MAX_STORED_CHARS) throw new Error(`${text.length} characters`);
    const data = JSON.parse(text) as Partial<Stored> | null;
    if (!data || typeof data !== 'object' || data.format !== 1 || !('scenario' in data)) {
      throw new Error('not in the format this page writes');
    }
    return { kind: 'data', data: data.scenario, text };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`VIP Lab: ignoring the scenario saved in this browser (${reason}).`);
    return { kind: 'unreadable', text, reason };
  }
}

/** The saved scenario as raw data (not yet validated), or undefined when there is none to use. */
export function readSavedScenario(): unknown {
  const read = readSaved();
  return read.kind === 'data' ? read.data : undefined;
}

/** Says why a saved scenario was not used (it failed validation). */
export function warnInvalidSaved(errors: string[]): void {
  console.warn(`VIP Lab: ignoring the scenario saved in this browser: ${errors.join('; ')}`);
}

// ---- Holding stored text the page cannot read ------------------------------------------------

/** While true, nothing is written over the stored text (the user has not yet chosen what to do). */
let holding = false;

/** Keeps the stored text as it is: saves are skipped until releaseStoredText(). */
export function holdStoredText(): void {
  holding = true;
}

/** The user chose: the stored text may be replaced (the next save writes the scenario on screen). */
export function releaseStoredText(): void {
  holding = false;
}

export function isHoldingStoredText(): boolean {
  return holding;
}

// ---- Saving ------------------------------------------------------------------------------------

/** Told once when a save fails because the storage is full (set by the page; see startup.ts). */
let onStorageFull: (() => void) | null = null;
let toldFull = false;

export function whenStorageFull(listener: (() => void) | null): void {
  onStorageFull = listener;
}

function isQuotaError(error: unknown): boolean {
  if (!(error instanceof DOMException)) return false;
  // Firefox names it differently; legacy browsers only give the code.
  return (
    error.name === 'QuotaExceededError' ||
    error.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    error.code === 22 ||
    error.code === 1014
  );
}

/** Writes `scenario`; returns false when it was not written (held text, full or blocked storage). */
export function saveScenario(scenario: Scenario): boolean {
  const store = storage();
  if (!store || holding) return false;
  const data: Stored = { format: 1, savedAt: new Date().toISOString(), scenario };
  try {
    store.setItem(STORAGE_KEY, JSON.stringify(data));
    return true;
  } catch (error) {
    console.warn(`VIP Lab: could not save the scenario in this browser (${String(error)}).`);
    if (isQuotaError(error) && !toldFull) {
      toldFull = true;
      onStorageFull?.();
    }
    return false;
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
