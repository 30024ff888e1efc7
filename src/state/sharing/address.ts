// The address bar: whether the page is embedded (`?embed=1`), whether the address holds a scenario
// link (`#s=…`), the address a Share link starts from, and taking the link (and a `?preset=` or
// `?lesson=` that chose the scenario) out once the user changes what it showed.
import { readPageParams } from './pageParams';

/** `?embed=1` (in the query, or pasted after a link's `#s=…`): the page sits in someone else's page. */
export function isEmbed(): boolean {
  if (typeof location === 'undefined') return false;
  return readPageParams(location.href).embed === true;
}

/** The page's own parameters (pageParams.ts): a link reproduces the scenario, not how one page showed it. */
const PAGE_PARAMS = ['preset', 'lesson', 'speed', 'presenter', 'embed'] as const;

/** The page's address without its own parameters (`?preset=`, `?speed=`, …): the base of a Share link. */
export function addressForLink(href: string = location.href): string {
  const url = new URL(href);
  for (const name of PAGE_PARAMS) url.searchParams.delete(name);
  return url.toString();
}

/** True when the address holds a scenario link (`#s=…`). */
export function hashHasScenario(hash: string = location.hash): boolean {
  return /^#(?:.*&)?s=/.test(hash);
}

/** The scenario on screen came from the address's link and still matches it. */
let hashIsCurrent = false;
/** While a link, file or preset is being brought in, its changes are not the user's edits. */
let applying = 0;

export function markHashCurrent(current: boolean): void {
  hashIsCurrent = current;
}

/** Runs `work` as the page bringing a scenario in (not the user editing one). */
export async function asApplying<T>(work: () => Promise<T>): Promise<T> {
  applying++;
  try {
    return await work();
  } finally {
    applying--;
  }
}

/** Once the user changes what a link showed, the link in the address bar no longer says it. */
export function dropHash(): void {
  if (!hashIsCurrent) return;
  hashIsCurrent = false;
  const url = new URL(location.href);
  // A reload shows the saved scenario, not the preset or lesson the address first asked for.
  const chose = url.searchParams.has('preset') || url.searchParams.has('lesson');
  url.searchParams.delete('preset');
  url.searchParams.delete('lesson');
  if (hashHasScenario()) url.hash = '';
  if (chose || hashHasScenario())
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** The run or the lesson changed: unless the page is bringing a scenario in, the user changed it. */
export function runChanged(): void {
  if (!applying) dropHash();
}
