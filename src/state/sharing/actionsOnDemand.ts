// The sharing and teaching buttons' actions as the page calls them: each fetches ./actions (the
// link codec, files, validation, presets, lessons) the first time it is needed; if that code cannot
// be loaded, the problem alert says so and the button does nothing.
import type { Scenario } from '../../scenario/types';
import { NOT_LOADED, useSharing } from './sharingStore';
import { whyNotLoaded } from '../../ui/status/appUpdate';

type Actions = typeof import('./actions');

function loadActions(): Promise<Actions> {
  return import('./actions').catch(async (error: unknown) => {
    // After a deploy the old version's file is gone: the Reload prompt says so, not a network error.
    if ((await whyNotLoaded()) === 'network')
      useSharing.setState({ problem: { title: 'Something could not be loaded', messages: [NOT_LOADED] } });
    throw error;
  });
}

/** Runs an action; a failure to load it has already been shown as a problem. */
async function run<T>(work: (a: Actions) => Promise<T> | T, otherwise: T): Promise<T> {
  let loaded: Actions;
  try {
    loaded = await loadActions();
  } catch {
    return otherwise;
  }
  return work(loaded);
}

export function share(): Promise<void> {
  return run((a) => a.share(), undefined);
}

export function openLink(urlOrHash: string): Promise<boolean> {
  return run((a) => a.openLink(urlOrHash), false);
}

export function showScenario(scenario: Scenario, loaded = false): Promise<void> {
  return run((a) => a.showScenario(scenario, loaded), undefined);
}

export function stopRestoring(): Promise<void> {
  return run((a) => a.stopRestoring(), undefined);
}

export function exportScenario(): Promise<void> {
  return run((a) => a.exportScenario(), undefined);
}

export function importScenarioFile(file: File): Promise<void> {
  return run((a) => a.importScenarioFile(file), undefined);
}

export function startLesson(id: string): Promise<void> {
  return run((a) => a.startLesson(id), undefined);
}

export function restorePrevious(): Promise<void> {
  return run((a) => a.restorePrevious(), undefined);
}
