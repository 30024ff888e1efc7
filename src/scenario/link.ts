// The link codec: a scenario in the URL hash as `#s=3.<check>.<base>[.<payload>]`, where <base> is a
// built-in scenario, <payload> the difference from it (deflated, base64url) and <check> a CRC-32 of
// the rest, so a link damaged in copying is refused instead of opening as another scenario.
import { deflateSync, inflateSync } from 'fflate';
import { applyPatch, diffJson } from './diff';
import { defaultPortRule, defaultScenario } from './defaults';
import { newerVersionMessage } from './migrations';
import { PRESETS } from './presets';
import type { Scenario } from './types';
import { parseScenario, type ParseResult } from './validate';

/**
 * The link format this VIP Lab writes. Older versions keep their decoder in LINK_DECODERS.
 * 1: a scenario (its start and its timeline). 2: also the run's log of changes (`log`).
 * 3: version 2's content with a checksum (`3.<check>.<base>[.<payload>]`).
 */
export const LINK_VERSION = 3;
/** The hash parameter that holds the scenario: `#s=…`. */
export const LINK_PARAM = 's';
/** Longest link accepted (browsers and chat apps cope with far more; no real scenario needs it). */
export const MAX_LINK_CHARS = 8000;
/** Most bytes a payload may inflate to (a zip-bomb guard; a large real scenario is about 20 KB). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024;
/** The base used when a link names none that fits better: the default scenario. */
export const DEFAULT_BASE_ID = 'default';

export const LINK_ERRORS = {
  tooLong: (n: number) =>
    `This link is too long (${n.toLocaleString('en')} characters; VIP Lab opens links of up to ${MAX_LINK_CHARS.toLocaleString('en')}). Share the scenario as an exported file instead.`,
  noScenario: 'This link holds no VIP Lab scenario (its address should end in "#s=" and the scenario).',
  malformed:
    'This link\'s scenario part is garbled: it should look like "#s=3.…" followed by letters, digits, dots, "-" and "_". It may have been cut off or changed when it was copied.',
  unknownBase: (id: string) =>
    `This link starts from a built-in scenario called "${id}" that this VIP Lab does not have. The link may have been cut off when it was copied.`,
  damaged:
    "This link's data is damaged or cut off (it may have been shortened when it was copied). Ask for the link again.",
  checksum:
    'This link is damaged or cut off: its check code does not match what it holds, so it was changed after it was made (often when it was copied) and VIP Lab did not open it. Copy the whole link again, or ask for it again.',
  tooBig: `This link's scenario unpacks to more than ${MAX_DECOMPRESSED_BYTES / 1024} KB, far more than any real scenario, so VIP Lab did not open it.`,
} as const;

// ---- Version 1 -------------------------------------------------------------------------------

/**
 * Version 1's deflate dictionary: text that patches often contain, so short patches compress to a
 * few bytes. Part of the v1 format: never change it (a new dictionary is a new link version).
 */
const V1_DICTIONARY = new TextEncoder().encode(
  '"protocol":"tcp","filtering":"single","affinity":"network","equalLoad":false},"vip":"all","startPort":0,"endPort":65535' +
    '"clusterIpAsSource":true,"maskSourceMac":false,"mode":"multicast","mode":"igmp","bucketCount":64,"aliveMsgPeriodMs":' +
    '"aliveMsgTolerance":10,"portRules":{"0":{"affinity":"none","loadWeight":100,"priority":1,"handlingPriority":2,"dip":"10.0.0.' +
    '"serverRunning":false},"vip":"10.0.0.200","hosts":{"~":4,"1":{"portRules":[{' +
    '"tcp":{"initialRtoMs":3000,"maxSynRetransmissions":3},"network":{"linkLatencyMs":1,"loopbackLatencyMs":' +
    '"serverThinkMs":2000,"routerStaticArpForVip":false},"timeline":[{"atMs":5000,"action":"crash","cluster":"A","hostIndex":2}],' +
    '"action":"drainstop","action":"stopServer","action":"restart","action":"unplug","action":"stopNlb",' +
    '"lesson":{"title":"","steps":[{"narration":"","actions":[{"type":"run","connections":100},{"type":"play","ms":5000},' +
    '"question":{"prompt":"","choices":["",""],"answerIndex":1,"explanation":""}}]},' +
    '"view":{"speed":1,"panels":["topology","outcome","log","inspector"],"timeMs":0,"lesson":{"id":"","step":0}},' +
    '"title":"","seed":12345,"sourceAddresses":4,"connectionsPerSecond":0,"port":8080,' +
    '"target":{"kind":"dip","cluster":"A","hostIndex":1},"target":{"kind":"vip","cluster":"B"},' +
    '"client":{"location":{"kind":"host","cluster":"A","hostIndex":0},"clusters":{"0":{"hosts":{"0":{"loadWeight":',
);

/** The scenarios a v1 link can start from. Their content is part of the v1 format (see the tests). */
function v1Bases(): Map<string, () => Scenario> {
  const bases = v2Bases();
  for (const [id, before] of Object.entries(V1_PRESETS_BEFORE)) {
    const now = bases.get(id);
    if (now) bases.set(id, () => before(now()));
  }
  return bases;
}

/**
 * Presets that changed after version 1 links were made, as version 1 knew them: a v1 link is a patch
 * on its base, so its base must never change.
 */
const V1_PRESETS_BEFORE: Readonly<Record<string, (now: Scenario) => Scenario>> = {
  // Since link version 2, the KB's own set-up: a port rule for the served port only. Version 1 had
  // the one all-ports rule.
  q198888: (now) => ({
    ...now,
    clusters: now.clusters.map((c) => ({ ...c, portRules: [defaultPortRule()] })),
  }),
};

/** The scenarios a v2 link can start from: the default scenario and every preset as it is now. */
function v2Bases(): Map<string, () => Scenario> {
  const bases = new Map<string, () => Scenario>([[DEFAULT_BASE_ID, defaultScenario]]);
  for (const preset of PRESETS) bases.set(preset.id, () => structuredClone(preset.scenario));
  return bases;
}

/** The scenario a version 1 link with this base starts from (tests pin these). */
export function v1BaseScenario(id: string): Scenario | undefined {
  return v1Bases().get(id)?.();
}

/**
 * Version 2's dictionary: version 1's, then the text of a run log's changes. Part of the v2 format:
 * never change it.
 */
const V2_DICTIONARY = new TextEncoder().encode(
  new TextDecoder().decode(V1_DICTIONARY) +
    '"log":[{"t":,"source":"user","change":{"type":"hostAction","cluster":"A","hostIndex":,"action":"crash"}},' +
    '"source":"lesson","type":"loadWeight","weight":,"type":"runConnections","count":300,"type":"affinity",' +
    '"type":"clientLocation","location":{"kind":"outside"}},"type":"clientTarget","type":"portRules","rules":[' +
    '"type":"hostPriority","type":"handlingPriority","priority":,"type":"clientRate","type":"hostPortRules"',
);

interface LinkDecoder {
  /** Returns the scenario's JSON data (any scenario version) or why it could not. */
  decode(
    baseId: string,
    payload: string | undefined,
  ): { ok: true; data: unknown } | { ok: false; errors: string[] };
}

/** A link decoder: a patch against a built-in base, deflated with `dictionary`. */
function deflatedPatchDecoder(dictionary: Uint8Array, bases: () => Map<string, () => Scenario>): LinkDecoder {
  return {
    decode(baseId, payload) {
      const base = bases().get(baseId);
      if (!base) return { ok: false, errors: [LINK_ERRORS.unknownBase(baseId)] };
      if (payload === undefined || payload === '') return { ok: true, data: base() };
      const bytes = base64urlToBytes(payload);
      if (!bytes) return { ok: false, errors: [LINK_ERRORS.damaged] };
      let json: string;
      try {
        const out = inflateSync(bytes, {
          out: new Uint8Array(MAX_DECOMPRESSED_BYTES + 1),
          dictionary,
        });
        if (out.length > MAX_DECOMPRESSED_BYTES) return { ok: false, errors: [LINK_ERRORS.tooBig] };
        json = new TextDecoder('utf-8', { fatal: true }).decode(out);
      } catch {
        return { ok: false, errors: [LINK_ERRORS.damaged] };
      }
      try {
        return { ok: true, data: applyPatch(base(), JSON.parse(json)) };
      } catch {
        return { ok: false, errors: [LINK_ERRORS.damaged] };
      }
    },
  };
}

const V1 = deflatedPatchDecoder(V1_DICTIONARY, v1Bases);
const V2 = deflatedPatchDecoder(V2_DICTIONARY, v2Bases);

/** Decoders by link version. A new version adds an entry; old entries stay, so old links open. */
const LINK_DECODERS: Readonly<Record<number, LinkDecoder>> = { 1: V1, 2: V2, 3: V2 };

// ---- Version 3: the checksum -----------------------------------------------------------------

/**
 * CRC-32 (IEEE 802.3, the one zip, gzip and PNG use). fflate computes it internally but does not
 * export it, and no other dependency offers one; a CRC catches every change of up to 32 adjacent
 * bits, so every single changed character of a link.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The check a v3 link carries: the CRC-32 of `3.<base>[.<payload>]` as 6 base64url characters. */
function linkCheck(checked: string): string {
  const crc = crc32(new TextEncoder().encode(checked));
  return bytesToBase64url(new Uint8Array([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]));
}

const V3_VALUE = /^3\.([A-Za-z0-9_-]{6})\.([a-z0-9-]{1,64}(?:\.[A-Za-z0-9_-]*)?)$/;

// ---- Encoding --------------------------------------------------------------------------------

export interface EncodeOptions {
  /** Encode the difference from this base (a preset id or "default"); by default the one giving the shortest link. */
  baseId?: string;
}

function encodePayload(base: Scenario, scenario: Scenario): string {
  const patch = diffJson(base, scenario);
  if (patch === undefined) return '';
  const bytes = new TextEncoder().encode(JSON.stringify(patch));
  return bytesToBase64url(deflateSync(bytes, { level: 9, dictionary: V2_DICTIONARY }));
}

/** The hash part of a link, `#s=3.<check>.<base>[.<payload>]`. */
export function encodeScenarioToHash(scenario: Scenario, options: EncodeOptions = {}): string {
  const bases = v2Bases();
  const candidates =
    options.baseId !== undefined && bases.has(options.baseId) ? [options.baseId] : [...bases.keys()];
  let best = '';
  for (const id of candidates) {
    const payload = encodePayload(bases.get(id)!(), scenario);
    const value = payload ? `${id}.${payload}` : id;
    if (!best || value.length < best.length) best = value;
  }
  return `#${LINK_PARAM}=${LINK_VERSION}.${linkCheck(`${LINK_VERSION}.${best}`)}.${best}`;
}

/**
 * A link that reproduces `scenario`: `baseUrl` (its own hash dropped) with the scenario in the hash.
 * Encodes any scenario it is given; only valid ones decode again (check with parseScenario first).
 * A scenario with pages of lesson text can outgrow a link: decoding the result then says so, and
 * suggests exporting a file (a Share button can decode its own link to find out).
 */
export function encodeScenarioToLink(
  scenario: Scenario,
  baseUrl: string,
  options: EncodeOptions = {},
): string {
  const hashAt = baseUrl.indexOf('#');
  const page = hashAt >= 0 ? baseUrl.slice(0, hashAt) : baseUrl;
  return page + encodeScenarioToHash(scenario, options);
}

// ---- Decoding --------------------------------------------------------------------------------

/** The value of `s=` in a URL's hash, in a bare hash (`#s=…`), or in `s=…`; null when there is none. */
function findLinkValue(urlOrHash: string): string | null {
  const text = urlOrHash.trim();
  const hashAt = text.indexOf('#');
  const fragment = hashAt >= 0 ? text.slice(hashAt + 1) : text;
  // Parameters pasted after the link (`#s=…&embed=1` or `#s=…?embed=1`) are not part of it.
  for (const part of fragment.split(/[&?]/)) {
    if (part.startsWith(`${LINK_PARAM}=`)) return part.slice(LINK_PARAM.length + 1);
  }
  return null;
}

const LINK_VALUE = /^(\d{1,6})\.([a-z0-9-]{1,64})(?:\.([A-Za-z0-9_-]*))?$/;

/**
 * Reads a link (a whole URL, or its hash) back into a valid scenario, or says what is wrong with it.
 * Never throws. Links from older VIP Labs are migrated; links from newer ones are refused by name.
 */
export function decodeScenarioFromLink(urlOrHash: string): ParseResult {
  try {
    if (typeof urlOrHash !== 'string') return { ok: false, errors: [LINK_ERRORS.noScenario] };
    if (urlOrHash.length > MAX_LINK_CHARS) {
      return { ok: false, errors: [LINK_ERRORS.tooLong(urlOrHash.length)] };
    }
    let value = findLinkValue(urlOrHash);
    if (value === null || value === '') return { ok: false, errors: [LINK_ERRORS.noScenario] };
    if (value.includes('%')) {
      try {
        // Parameters percent-encoded after the link (`%3Fembed%3D1`, as some chat apps write
        // `?embed=1`) are not part of it either.
        value = decodeURIComponent(value).split(/[&?]/)[0]!;
      } catch {
        return { ok: false, errors: [LINK_ERRORS.malformed] };
      }
    }
    const version = /^(\d{1,6})\./.exec(value);
    if (version && Number(version[1]) > LINK_VERSION) {
      return { ok: false, errors: [newerVersionMessage('link', Number(version[1]), LINK_VERSION)] };
    }
    if (version && Number(version[1]) === 3) {
      // Checked before anything else is read: a damaged link never opens as another scenario.
      const v3 = V3_VALUE.exec(value);
      if (!v3) return { ok: false, errors: [LINK_ERRORS.malformed] };
      if (linkCheck(`3.${v3[2]}`) !== v3[1]) return { ok: false, errors: [LINK_ERRORS.checksum] };
      value = `3.${v3[2]}`;
    }
    const match = LINK_VALUE.exec(value);
    const decoder = match ? LINK_DECODERS[Number(match[1])] : undefined;
    if (!match || !decoder) return { ok: false, errors: [LINK_ERRORS.malformed] };
    const decoded = decoder.decode(match[2]!, match[3]);
    if (!decoded.ok) return decoded;
    return parseScenario(decoded.data, 'link');
  } catch {
    return { ok: false, errors: [LINK_ERRORS.damaged] };
  }
}

/** The ids a link can use as its base: "default" and every preset. */
export function linkBaseIds(): string[] {
  return [...v2Bases().keys()];
}

// ---- base64url -------------------------------------------------------------------------------

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when `text` is not base64url (wrong characters, or a length no encoder produces). */
export function base64urlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
