// The page's query parameters (PhET style): `?preset=`, `?lesson=`, `?speed=`, `?presenter=1` and
// `?embed=1`, read from the query and from parameters pasted after a `#s=` link (in any order, also
// percent-encoded by a chat app). Pure: given an address, says what it asks for and what is wrong.

/** What the address asks the page to do. Names are checked later, against the presets and lessons. */
export interface PageParams {
  preset?: string;
  lesson?: string;
  /** Simulated ms per wall ms x 100 (the Speed slider's value: 1 = 1x). */
  speed?: number;
  presenter?: boolean;
  embed?: boolean;
  /** A sentence for each value that could not be used (the rest still applies). */
  problems: string[];
}

/** Speeds the Speed control offers (1/100 of real time to real time). */
export const PARAM_SPEED_RANGE = [0.05, 100] as const;
/** Longest preset or lesson name accepted (ids are short words with dashes). */
const MAX_NAME_CHARS = 64;
const NAME = /^[a-z0-9-]+$/;

/** The parameters of `address`'s query and of its hash after the link (the hash's win). */
export function paramsOf(address: string): URLSearchParams {
  const params = new URLSearchParams();
  let url: URL;
  try {
    url = new URL(address, 'http://localhost/');
  } catch {
    return params;
  }
  for (const [k, v] of url.searchParams) params.set(k, v);
  let fragment = url.hash.slice(1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // A stray "%": read the hash as it is.
  }
  for (const part of fragment.split(/[&?]/)) {
    const eq = part.indexOf('=');
    // `s=` is the link itself (link.ts reads it).
    if (eq <= 0 || part.slice(0, eq) === 's') continue;
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return params;
}

/** A yes/no parameter: `1`/`true`/`yes` or `0`/`false`/`no`. */
function flag(name: string, value: string, problems: string[]): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === '') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  problems.push(`?${name}=${shown(value)} is not understood: use ?${name}=1 (on) or ?${name}=0 (off).`);
  return undefined;
}

function name(param: string, value: string, problems: string[]): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.length > 0 && v.length <= MAX_NAME_CHARS && NAME.test(v)) return v;
  problems.push(
    `?${param}=${shown(value)} is not the name of a ${param === 'preset' ? 'built-in scenario' : 'lesson'} (names are lower-case words joined by "-").`,
  );
  return undefined;
}

/** A value as shown in a message: quoted, and cut short if long. */
function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Reads the page's parameters from an address (a whole URL, or a path with query and hash). */
export function readPageParams(address: string): PageParams {
  const params = paramsOf(address);
  const result: PageParams = { problems: [] };
  const problems = result.problems;
  const preset = params.get('preset');
  if (preset !== null) result.preset = name('preset', preset, problems);
  const lesson = params.get('lesson');
  if (lesson !== null) result.lesson = name('lesson', lesson, problems);
  const speed = params.get('speed');
  if (speed !== null) {
    const n = Number(speed.trim().replace(/x$/i, ''));
    const [min, max] = PARAM_SPEED_RANGE;
    if (speed.trim() !== '' && Number.isFinite(n) && n >= min && n <= max) result.speed = n;
    else
      problems.push(
        `?speed=${shown(speed)} is not a speed VIP Lab has: use a number from ${min} to ${max} (1 is 1x, 100 is real time).`,
      );
  }
  const presenter = params.get('presenter');
  if (presenter !== null) result.presenter = flag('presenter', presenter, problems);
  const embed = params.get('embed');
  if (embed !== null) result.embed = flag('embed', embed, problems);
  for (const key of ['preset', 'lesson', 'speed', 'presenter', 'embed'] as const) {
    if (result[key] === undefined) delete result[key];
  }
  return result;
}
