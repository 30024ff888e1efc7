// What a Share link carries: the run's start and its log of changes (so the run replays exactly),
// view settings describe the page, and a lesson shares its start.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../scenario/defaults';
import { presetScenario } from '../../scenario/presets';
import { parseScenario } from '../../scenario/validate';
import { useLesson } from '../lessonState';
import { useLab } from '../store';
import { snapshot } from './snapshot';

afterEach(() => {
  useLesson.setState({ lesson: null, step: 0 });
  useLab.setState({ markers: [], speed: 1, runLog: [] });
});

describe('the run as a scenario', () => {
  it('is the run start with its log of changes, read from the store, never from marker labels', () => {
    const start = defaultScenario();
    const log = [
      {
        t: 1500.25,
        source: 'user' as const,
        change: {
          type: 'hostAction' as const,
          cluster: 'A' as const,
          hostIndex: 2,
          action: 'drainstop' as const,
        },
      },
      {
        t: 7345.125,
        source: 'lesson' as const,
        change: { type: 'loadWeight' as const, cluster: 'A' as const, hostIndex: 0, weight: 80 },
      },
    ];
    useLab.setState({
      runStart: start,
      runLog: log,
      markers: [{ t: 9, kind: 'fault', label: 'Crash Host 2' }],
    });
    const shot = snapshot();
    expect(shot.log).toEqual(log);
    expect(shot.timeline).toEqual([]);
    expect(parseScenario(shot).ok).toBe(true);
    // No changes: no log at all (the scenario reads as it did before run logs existed).
    useLab.setState({ runLog: [] });
    expect(snapshot().log).toBeUndefined();
  });
});

describe('the snapshot a link or a save carries', () => {
  it('holds the view settings: speed, open panels and, for a link, the time cursor', () => {
    useLab.setState({ runStart: presetScenario('kb-on-host')!, speed: 20 });
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
    useLab.setState({ runStart: presetScenario('kb-outside')! });
    useLesson.setState({ lesson: { id: 'convergence', title: 'x', steps: [], start }, step: 2 });
    const shot = snapshot();
    expect(shot.title).toBe(start.title);
    expect(shot.view?.lesson).toEqual({ id: 'convergence', step: 2 });
    expect(shot.view?.panels).toContain('lesson');
  });
});
