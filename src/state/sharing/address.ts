// The address bar: whether the page is embedded (`?embed=1`), whether the address holds a scenario
// link (`#s=…`), and taking that link out once the user changes what it showed.

/** `?embed=1`: the page sits in someone else's page (an iframe) and shows only the lab itself. */
export function isEmbed(): boolean {
  if (typeof location === 'undefined') return false;
  if (new URLSearchParams(location.search).get('embed') === '1') return true;
  // `?embed=1` pasted after a shared link's `#s=…` lands in the hash: it counts there too.
  return /[#&?]embed=1(?:$|[&?])/.test(location.hash);
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
  if (hashHasScenario()) history.replaceState(history.state, '', location.pathname + location.search);
}

/** The run or the lesson changed: unless the page is bringing a scenario in, the user changed it. */
export function runChanged(): void {
  if (!applying) dropHash();
}
