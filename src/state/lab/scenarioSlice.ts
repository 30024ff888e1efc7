// The scenario slice: the configuration on screen and the run's definition (start and log of
// changes) as the worker reports them, and the actions that make changes, load a scenario, undo and
// redo. Every edit becomes typed changes; the worker owns the run log.
import {
  applyChanges,
  changesBetween,
  changesNothing,
  type Change,
  type ChangeSource,
} from '../../scenario/changes';
import { defaultScenario } from '../../scenario/defaults';
import type { Scenario } from '../../scenario/types';
import { clearPending, type LabRuntime } from './labRuntime';
import type { GetLab, ScenarioSlice, SetLab } from './labState';
import { checkScenario } from './scenarioChecker';

/** Starts a new run with `scenario` (its start and log) at 0 s. */
export function loadRun(runtime: LabRuntime, set: SetLab, scenario: Scenario): void {
  runtime.announceToken += 1;
  clearPending(runtime);
  const { log: runLog = [], view: _view, ...start } = scenario;
  set({ scenario: start, runStart: start, runLog, bulkPending: null, announcement: '' });
  runtime.send({ type: 'load', scenario });
}

export function createScenarioSlice(runtime: LabRuntime, set: SetLab, get: GetLab): ScenarioSlice {
  const change = (changes: Change[], source: ChangeSource = 'user'): boolean => {
    const current = get().scenario;
    const needed = changes.filter((c) => !changesNothing(current, c));
    if (needed.length === 0) return false;
    // The controls show the new value at once; the worker's answer (runLog) confirms or corrects it.
    set({ notices: [], scenario: applyChanges(current, needed).scenario });
    runtime.send({ type: 'change', changes: needed, source });
    return true;
  };
  const initial = defaultScenario();
  return {
    scenario: initial,
    runStart: initial,
    runLog: [],
    undoLabel: null,
    redoLabel: null,
    notices: [],
    setClientLocation(location) {
      change([{ type: 'clientLocation', location }]);
    },
    setTarget(target) {
      change([{ type: 'clientTarget', target }]);
    },
    setHostCount(count) {
      change([{ type: 'hostCount', cluster: 'A', count }]);
    },
    change,
    applyScenario(next) {
      const result = checkScenario(next);
      if (!result.ok) return result.errors;
      change(changesBetween(get().scenario, result.scenario));
      return [];
    },
    loadScenario(scenario) {
      const result = checkScenario(scenario);
      if (!result.ok) return result.errors;
      set({ notices: [] });
      loadRun(runtime, set, result.scenario);
      return [];
    },
    undo() {
      if (get().undoLabel !== null) runtime.send({ type: 'undo' });
    },
    redo() {
      if (get().redoLabel !== null) runtime.send({ type: 'redo' });
    },
    dismissNotices() {
      set({ notices: [] });
    },
  };
}
