// Whole numbers typed as text: the one check every number field uses (kept small, so the always-
// visible fields need not load the cluster settings' draft parsing).

/** A whole number within [min, max] typed as text, or null. */
export function parseWhole(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export function rangeMessage(min: number, max: number): string {
  return `Enter a whole number from ${min} to ${max}`;
}
