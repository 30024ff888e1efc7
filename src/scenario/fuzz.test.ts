// Fuzzing the two doors a scenario comes in by: links (decodeScenarioFromLink, the public API, so a
// new link format keeps this valid) and files (bytes -> decodeFileText -> scenarioFromJson, the import
// path). Mutated, truncated, oversized and hostile-but-valid input: never a throw, and every answer
// is either a scenario that passes validation again or plain, non-empty sentences.
/* eslint-disable @typescript-eslint/no-explicit-any -- the fuzz puts anything anywhere on purpose */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './defaults';
import { decodeFileText } from './fileText';
import { scenarioFromJson, scenarioToJson } from './json';
import { decodeScenarioFromLink, encodeScenarioToLink, MAX_LINK_CHARS } from './link';
import { PRESETS } from './presets';
import { TEXT_LIMITS } from './schema';
import type { Scenario } from './types';
import { parseScenario, type ParseResult } from './validate';

const PAGE = 'https://vip-lab.example/';
/** Fixed seed: a failure in CI is the same failure on a laptop (fast-check prints the seed anyway). */
const SEED = 0x5eed_14;
const RUNS = 300;
/**
 * Each property takes about a second alone; on a busy 2-core CI machine several times that, so each
 * test gets room beyond Vitest's default 5 s (the suite stays well under a minute).
 */
const FUZZ_TIMEOUT_MS = 30_000;

/** Text that must never reach a message unquoted: markup, direction overrides, broken characters. */
const REORDERING = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A message with every value it quotes (show() writes them as JSON strings) taken out. */
function unquoted(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*(?:"|…)/g, '""');
}

/** The contract of both doors: a scenario that validates again, or plain sentences. */
function expectAnswer(result: ParseResult): void {
  if (result.ok) {
    expect(parseScenario(result.scenario)).toEqual({ ok: true, scenario: result.scenario });
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.length).toBeLessThanOrEqual(20);
  for (const message of result.errors) {
    expect(typeof message).toBe('string');
    expect(message.trim().length).toBeGreaterThan(10);
    // Programming words never reach the user: the sentence was built from values that were missing.
    expect(unquoted(message)).not.toMatch(/undefined|\[object |NaN|function /);
    expect(message).not.toMatch(REORDERING);
    expect(message).not.toMatch(LONE_SURROGATE);
  }
}

function decodeLink(link: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => (result = decodeScenarioFromLink(link))).not.toThrow();
  expectAnswer(result!);
  return result!;
}

function importFile(bytes: Uint8Array): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    const text = decodeFileText(bytes);
    result = text.ok ? scenarioFromJson(text.text) : { ok: false, errors: [text.error] };
  }).not.toThrow();
  expectAnswer(result!);
  return result!;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// ---- What the fuzz is made of -----------------------------------------------------------------

/** Hostile text that is nonetheless a valid title: it must travel as text, unchanged. */
const HOSTILE_TITLES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE scenarios; --",
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '__proto__',
  '\u{1F4A5} Host 1 \u{1F525}',
  'שלום \u200F(Host 2)',
  'x'.repeat(TEXT_LIMITS.title),
] as const;

/** Values to put where they do not belong. */
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  5e-324,
  '',
  '1e999',
  '10.0.0.300',
  '\u202Egnp.exe',
  '\uD800',
  '<script>alert(1)</script>',
  '__proto__',
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  [],
  {},
  Array.from({ length: 5000 }, (_, i) => i),
  'x'.repeat(100_000),
  '\u{1F600}'.repeat(30),
  { '\u202Eevil': 1, '"><img src=x onerror=alert(1)>': 2, '': 3 },
];

const preset = fc.constantFrom(...PRESETS.map((p) => p.scenario));
const presetWithId = fc.constantFrom(...PRESETS);

/** A path into a scenario, as indexes that are resolved against whatever keys are there. */
const path = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });

/** `scenario` with the value at `steps` replaced by `value` (or deleted when `value` is undefined). */
function mutate(scenario: Scenario, steps: number[], value: unknown): unknown {
  const copy = structuredClone(scenario) as any;
  let node = copy;
  for (let i = 0; i < steps.length; i++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[steps[i]! % keys.length]!;
    const last = i === steps.length - 1 || node[key] === null || typeof node[key] !== 'object';
    if (last) {
      if (value === undefined) delete node[key];
      else node[key] = value;
      break;
    }
    node = node[key];
  }
  return copy;
}

const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...HOSTILE_VALUES),
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

/** A nesting of `depth` lists: `[[[…]]]`. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// ---- Links -------------------------------------------------------------------------------------

describe('fuzzing links', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const links = PRESETS.map((p) => encodeScenarioToLink(p.scenario, PAGE));

  it('every built-in scenario decodes to itself (the fuzz starts from links that work)', () => {
    PRESETS.forEach((p, i) => expect(decodeLink(links[i]!)).toEqual({ ok: true, scenario: p.scenario }));
  });

  it('truncated anywhere: a scenario or a sentence, never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...links), fc.nat(), (link, at) => {
        decodeLink(link.slice(0, at % (link.length + 1)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('characters changed, inserted or removed: a scenario or a sentence', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom('%', '%E0%A4%A', '#s=', '.', '&s=', '?', '~', '=', '\u0000', '\u202E'),
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...links),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (link, edits) => {
          let text = link;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          decodeLink(text);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('anything at all after #s=, and oversized links, are refused with a sentence', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.base64String(), fc.webUrl()), (junk) => {
        decodeLink(`${PAGE}#s=${junk}`);
        decodeLink(junk);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const huge = decodeLink(`${PAGE}#s=3.AAAAAA.default.${'A'.repeat(MAX_LINK_CHARS)}`);
    expect(huge.ok).toBe(false);
    expect(decodeLink(`${PAGE}#s=${'9'.repeat(200)}.default`).ok).toBe(false);
  });

  it('scenarios mutated anywhere travel in a link and come back as a scenario or a sentence', () => {
    fc.assert(
      fc.property(presetWithId, path, replacement, (base, steps, value) => {
        let link: string;
        try {
          // The encoder is only ever given valid scenarios; a value it cannot encode is not a link.
          // Its own preset as the base: trying every base would only make the fuzz slower.
          link = encodeScenarioToLink(mutate(base.scenario, steps, value) as Scenario, PAGE, {
            baseId: base.id,
          });
        } catch {
          return;
        }
        decodeLink(link);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('deep nesting and huge numbers in a link are refused with a sentence', () => {
    const deep = { ...defaultScenario(), title: JSON.parse(nested(500)) } as unknown as Scenario;
    const deepResult = decodeLink(encodeScenarioToLink(deep, PAGE, { baseId: 'default' }));
    expect(deepResult.ok).toBe(false);
    const huge = { ...defaultScenario(), seed: 1e308 };
    expect(decodeLink(encodeScenarioToLink(huge, PAGE, { baseId: 'default' }))).toEqual({
      ok: false,
      errors: ['Seed 1e+308 is out of range (0–4294967295)'],
    });
  });

  it('hostile-but-valid titles and lesson text travel unchanged, as text', () => {
    fc.assert(
      fc.property(
        preset,
        fc.constantFrom(...HOSTILE_TITLES),
        fc.constantFrom(...HOSTILE_TITLES),
        (base, title, text) => {
          const scenario: Scenario = {
            ...structuredClone(base),
            title,
            lesson: { title, steps: [{ narration: text, actions: [] }] },
          };
          delete scenario.view;
          const result = decodeLink(encodeScenarioToLink(scenario, PAGE, { baseId: 'default' }));
          expect(result).toEqual({ ok: true, scenario });
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });
});

// ---- Files -------------------------------------------------------------------------------------

describe('fuzzing files', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('truncated anywhere: a scenario or a sentence', () => {
    fc.assert(
      fc.property(preset, fc.nat(), (base, at) => {
        const bytes = utf8(scenarioToJson(base));
        importFile(bytes.subarray(0, at % (bytes.length + 1)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('bytes flipped, inserted or removed: a scenario or a sentence', () => {
    fc.assert(
      fc.property(
        preset,
        fc.array(
          fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.nat({ max: 2 }) }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (base, edits) => {
          let bytes = Array.from(utf8(scenarioToJson(base)));
          for (const e of edits) {
            const at = e.at % (bytes.length + 1);
            if (e.kind === 0) bytes[at] = e.byte;
            else if (e.kind === 1) bytes.splice(at, 0, e.byte);
            else bytes.splice(at, 1);
            bytes = bytes.filter((b) => b !== undefined);
          }
          importFile(Uint8Array.from(bytes));
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('scenarios mutated anywhere, as files: a scenario or a sentence', () => {
    fc.assert(
      fc.property(preset, path, replacement, (base, steps, value) => {
        importFile(utf8(JSON.stringify(mutate(base, steps, value))));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('any JSON, and any bytes at all: a sentence, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.uint8Array({ maxLength: 300 }).map((b) => b),
        ),
        (input) => {
          importFile(typeof input === 'string' ? utf8(input) : input);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('deep nesting, huge numbers and oversized files are refused with one sentence', () => {
    const s = defaultScenario() as any;
    const deep = scenarioToJson(s).replace('"seed": 1', `"seed": ${nested(200_000)}`);
    const deepResult = importFile(utf8(deep));
    expect(deepResult.ok).toBe(false);

    const deepTitle = importFile(utf8(`{"version": 1, "title": ${nested(50_000)}}`));
    expect(deepTitle.ok).toBe(false);

    const huge = importFile(utf8(scenarioToJson({ ...s, seed: 1e308 })));
    expect(huge).toEqual({ ok: false, errors: ['Seed 1e+308 is out of range (0–4294967295)'] });
    const overflow = importFile(utf8(scenarioToJson(s).replace('"seed": 1', '"seed": 1e999')));
    expect(overflow).toEqual({ ok: false, errors: ['Seed Infinity is out of range (0–4294967295)'] });

    const manyHosts = structuredClone(s);
    manyHosts.clusters[0].hosts = Array.from({ length: 5000 }, () => manyHosts.clusters[0].hosts[0]);
    expect(importFile(utf8(JSON.stringify(manyHosts)))).toEqual({
      ok: false,
      errors: ['Cluster A: too many hosts (5000; at most 32)'],
    });

    const big = importFile(utf8(`{"version": 1, "title": "${'x'.repeat(1_000_100)}"}`));
    expect(big).toEqual({
      ok: false,
      errors: ['This file is too large for a VIP Lab scenario (1,001 KB; at most 1,000 KB).'],
    });
  });

  it('hostile-but-valid titles survive a file round trip unchanged', () => {
    for (const title of HOSTILE_TITLES) {
      const scenario = { ...defaultScenario(), title };
      expect(importFile(utf8(scenarioToJson(scenario)))).toEqual({ ok: true, scenario });
    }
  });
});
