// What a Share link carries: host actions applied by hand become timeline entries at the moment
// they happened (so the run replays exactly), view settings describe the page, a lesson shares its
// start; and what local storage hands back is only used when it reads cleanly.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import { presetScenario } from '../scenario/presets';
import { parseScenario } from '../scenario/validate';
import { useLesson } from './lessonState';
import { readSavedScenario, saveScenario, STORAGE_KEY } from './persistence';
import { snapshot } from './sharing';
import { foldManualActions, parseFaultLabel } from './sharingActions';
import { useLab } from './store';

afterEach(() => {
  useLesson.setState({ lesson: null, step: 0 });
  useLab.setState({ markers: [], speed: 1 });
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('fault markers as host actions', () => {
  it('reads the engine marker labels back into actions', () => {
    expect(parseFaultLabel('Crash Host 2')).toEqual({ action: 'crash', cluster: 'A', hostIndex: 1 });
    expect(parseFaultLabel('Stop NLB Host B3')).toEqual({ action: 'stopNlb', cluster: 'B', hostIndex: 2 });
    expect(parseFaultLabel('Plug in cable Host 12')).toEqual({ action: 'plug', cluster: 'A', hostIndex: 11 });
    expect(parseFaultLabel('Host 1 converging: a new host')).toBeNull();
    expect(parseFaultLabel('Reboot Host 1')).toBeNull();
  });

  it('folds hand actions into the timeline at their moment, keeping the scheduled ones once', () => {
    const scenario = {
      ...defaultScenario(),
      timeline: [{ atMs: 2000, action: 'crash' as const, cluster: 'A' as const, hostIndex: 1 }],
    };
    useLab.setState({
      markers: [
        { t: 1500.25, kind: 'fault', label: 'Drainstop Host 3' },
        { t: 2000, kind: 'fault', label: 'Crash Host 2' },
        { t: 2000, kind: 'convergence', label: 'Cluster A converging: Host 2 left' },
        { t: 7345.125, kind: 'fault', label: 'Restart Host 2' },
      ],
    });
    const { scenario: folded, notes } = foldManualActions(scenario);
    expect(notes).toEqual([]);
    expect(folded.timeline).toEqual([
      { atMs: 1500.25, action: 'drainstop', cluster: 'A', hostIndex: 2 },
      { atMs: 2000, action: 'crash', cluster: 'A', hostIndex: 1 },
      { atMs: 7345.125, action: 'restart', cluster: 'A', hostIndex: 1 },
    ]);
    expect(parseScenario(folded).ok).toBe(true);
    // Nothing done by hand: the scenario is returned as it was.
    useLab.setState({ markers: [{ t: 2000, kind: 'fault', label: 'Crash Host 2' }] });
    expect(foldManualActions(scenario).scenario).toBe(scenario);
  });

  it('says so when hand actions outgrow the timeline', () => {
    const scenario = {
      ...defaultScenario(),
      timeline: Array.from({ length: 99 }, (_, i) => ({
        atMs: 100_000 + i,
        action: 'crash' as const,
        cluster: 'A' as const,
        hostIndex: 0,
      })),
    };
    useLab.setState({
      markers: [
        { t: 10, kind: 'fault', label: 'Crash Host 3' },
        { t: 20, kind: 'fault', label: 'Restart Host 3' },
      ],
    });
    const { scenario: folded, notes } = foldManualActions(scenario);
    expect(folded.timeline).toHaveLength(100);
    expect(notes[0]).toMatch(/Only 1 of the 2 host actions/);
  });
});

describe('the snapshot a link or a save carries', () => {
  it('holds the view settings: speed, open panels and, for a link, the time cursor', () => {
    useLab.setState({ scenario: presetScenario('kb-on-host')!, speed: 20 });
    const saved = snapshot();
    expect(saved.title).toBe('The KB case: client on a host');
    expect(saved.view?.speed).toBe(20);
    expect(saved.view?.panels).toEqual(expect.arrayContaining(['topology', 'outcome', 'log']));
    expect(saved.view?.timeMs).toBeUndefined();
    expect(snapshot(undefined, 1234.5).view?.timeMs).toBe(1234.5);
    expect(parseScenario(snapshot(undefined, 1234.5)).ok).toBe(true);
  });

  it('during a lesson carries the lesson start and the open step', () => {
    const start = presetScenario('host-crash')!;
    useLab.setState({ scenario: presetScenario('kb-outside')! });
    useLesson.setState({ lesson: { id: 'convergence', title: 'x', steps: [], start }, step: 2 });
    const shot = snapshot();
    expect(shot.title).toBe(start.title);
    expect(shot.view?.lesson).toEqual({ id: 'convergence', step: 2 });
    expect(shot.view?.panels).toContain('lesson');
  });
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
