// What local storage hands back is only used when it reads cleanly: raw data to validate, and
// anything unreadable or foreign is ignored with a warning, never a throw.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetScenario } from '../../scenario/presets';
import { readSavedScenario, saveScenario, STORAGE_KEY } from './persistence';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('local storage', () => {
  function fakeStorage(initial: Record<string, string> = {}) {
    const data = new Map(Object.entries(initial));
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
    vi.stubGlobal('localStorage', storage);
    return data;
  }

  it('gives back what was saved, as raw data to validate', () => {
    fakeStorage();
    const scenario = presetScenario('multicast')!;
    saveScenario(scenario);
    expect(readSavedScenario()).toEqual(scenario);
  });

  it('ignores unreadable or foreign data with a warning, never throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const text of ['{"format":1,"scenario":', '[]', '{"format":2,"scenario":{}}', 'null']) {
      fakeStorage({ [STORAGE_KEY]: text });
      expect(readSavedScenario()).toBeUndefined();
    }
    expect(warn).toHaveBeenCalledTimes(4);
    fakeStorage();
    expect(readSavedScenario()).toBeUndefined();
  });

  it('survives storage that refuses to be read', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
    });
    expect(readSavedScenario()).toBeUndefined();
  });
});
