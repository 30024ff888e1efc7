// Export and import as .json: a pretty, versioned file that reads back to the same scenario, and
// files that are not scenarios refused with a clear message through the same validation.
/* eslint-disable @typescript-eslint/no-explicit-any -- these tests put wrong types into scenarios on purpose */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './defaults';
import { MAX_JSON_CHARS, scenarioFileName, scenarioFromJson, scenarioToJson } from './json';
import { PRESETS } from './presets';

describe('scenarioToJson', () => {
  it('writes pretty JSON with the version first and a final newline', () => {
    const text = scenarioToJson(defaultScenario());
    expect(text.startsWith('{\n  "version": 1,\n  "seed": 1,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(defaultScenario());
  });

  it('puts the version first even when the object had it elsewhere', () => {
    const { version, ...rest } = defaultScenario();
    const text = scenarioToJson({ ...rest, version });
    expect(Object.keys(JSON.parse(text))[0]).toBe('version');
  });
});

describe('scenarioFromJson', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('reads back the preset %s unchanged', (_id, preset) => {
    const result = scenarioFromJson(scenarioToJson(preset.scenario));
    expect(result).toEqual({ ok: true, scenario: preset.scenario });
  });

  it('reads a file with a byte-order mark and Windows line ends', () => {
    const text = `\uFEFF${scenarioToJson(defaultScenario()).replace(/\n/g, '\r\n')}`;
    expect(scenarioFromJson(text)).toEqual({ ok: true, scenario: defaultScenario() });
  });

  it('refuses text that is not JSON, saying so', () => {
    const result = scenarioFromJson('{"version": 1, ');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatch(
        /^This file is not valid JSON \(.+\), so it is not a VIP Lab scenario$/,
      );
  });

  it('refuses a file from a newer VIP Lab by name', () => {
    expect(scenarioFromJson('{"version": 4}')).toEqual({
      ok: false,
      errors: [
        'This file was made by a newer VIP Lab (version 4); this one reads version 1. Open it in the newest VIP Lab.',
      ],
    });
  });

  it('refuses invalid values with the same sentences as links', () => {
    const s = defaultScenario() as any;
    s.clusters[0].hosts[2].loadWeight = 140;
    expect(scenarioFromJson(JSON.stringify(s))).toEqual({
      ok: false,
      errors: ['Cluster A, Host 3: load weight 140 is out of range (0–100)'],
    });
  });

  it('refuses a file too large to be a scenario before parsing it', () => {
    const result = scenarioFromJson(' '.repeat(MAX_JSON_CHARS + 1));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/too large/);
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(() => scenarioFromJson(text)).not.toThrow();
      }),
    );
  });
});

describe('scenarioFileName', () => {
  it('makes a file name from the title, or a default one', () => {
    expect(scenarioFileName({ ...defaultScenario(), title: 'The KB case: client <on> a host!' })).toBe(
      'the-kb-case-client-on-a-host.json',
    );
    expect(scenarioFileName(defaultScenario())).toBe('vip-lab-scenario.json');
    expect(scenarioFileName({ ...defaultScenario(), title: '★★★' })).toBe('vip-lab-scenario.json');
  });
});
