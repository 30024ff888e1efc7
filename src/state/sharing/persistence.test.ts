// What local storage hands back is only used when it reads cleanly: raw data to validate, and
// anything unreadable or foreign is reported with its text (never a throw); held text is never
// saved over; a full storage is reported once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetScenario } from '../../scenario/presets';
import {
  holdStoredText,
  readSaved,
  readSavedScenario,
  releaseStoredText,
  saveScenario,
  STORAGE_KEY,
  whenStorageFull,
} from './persistence';

afterEach(() => {
  releaseStoredText();
  whenStorageFull(null);
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

  it('hands back unreadable text as it is, saying why', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const text = '{"format":1,"scenario":{"version":1,';
    fakeStorage({ [STORAGE_KEY]: text });
    const read = readSaved();
    expect(read.kind).toBe('unreadable');
    expect(read.kind === 'unreadable' && read.text).toBe(text);
  });

  it('never saves over held text, and saves again once it is released', () => {
    const text = '{"format":1,"scenario":{"version":9}}';
    const data = fakeStorage({ [STORAGE_KEY]: text });
    holdStoredText();
    expect(saveScenario(presetScenario('multicast')!)).toBe(false);
    expect(data.get(STORAGE_KEY)).toBe(text);
    releaseStoredText();
    expect(saveScenario(presetScenario('multicast')!)).toBe(true);
    expect(readSavedScenario()).toEqual(presetScenario('multicast'));
  });

  it('says once that the storage is full', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      removeItem: () => {},
    });
    const told = vi.fn();
    whenStorageFull(told);
    expect(saveScenario(presetScenario('multicast')!)).toBe(false);
    expect(saveScenario(presetScenario('drainstop')!)).toBe(false);
    expect(told).toHaveBeenCalledTimes(1);
  });
});
