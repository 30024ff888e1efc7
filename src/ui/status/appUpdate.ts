// Whether this tab should be reloaded for a newer VIP Lab: a new version's service worker is waiting
// (`newVersion`), or code fetched on demand is gone from the server because the app was updated
// while the tab was open (`versionChanged`). The prompt (UpdatePrompt.tsx) offers Reload; the
// scenario is saved in this browser and comes back after it.
import { create } from 'zustand';

export type UpdateReason = 'newVersion' | 'versionChanged';

interface AppUpdateState {
  reason: UpdateReason | null;
  /** Reloads into the new version (activates a waiting service worker first, when there is one). */
  reload: () => void;
}

export const useAppUpdate = create<AppUpdateState>()(() => ({
  reason: null,
  reload: () => location.reload(),
}));

/** Offers a reload; `reload` says how (a waiting service worker must take over first). */
export function offerReload(reason: UpdateReason, reload?: () => void): void {
  useAppUpdate.setState((s) => ({
    // A waiting new version is the better way in: keep its reload if both happen.
    reason: s.reason === 'newVersion' ? 'newVersion' : reason,
    reload: reload ?? s.reload,
  }));
}

/**
 * Why code fetched on demand did not arrive: `versionChanged` when the server answers with a page
 * that no longer loads this tab's version (the app was updated while the tab was open; Reload is
 * offered), else `network` (offline, or the server did not answer). Callers show the connection
 * message only for `network`.
 */
export async function whyNotLoaded(): Promise<'versionChanged' | 'network'> {
  if (useAppUpdate.getState().reason !== null) return 'versionChanged';
  // The entry script this tab runs; a page from the server that does not name it is another version.
  const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.getAttribute('src');
  if (!entry) return 'network';
  try {
    const page = await fetch(new URL('./', location.href), { cache: 'no-store' });
    if (!page.ok || (await page.text()).includes(entry)) return 'network';
  } catch {
    return 'network';
  }
  offerReload('versionChanged');
  return 'versionChanged';
}
