// The app's lab store: one instance of the factory in ./lab (a store of slices: scenario, sim,
// timeline, ui) wired to the real simulation Web Worker, and the small selectors components use.
// Data flows one way: actions send commands to the worker; its updates land here.
import type { Scenario } from '../scenario/types';
import { createLabStore } from './lab/createLabStore';
import type { LabState } from './lab/labState';
import { createWorkerBridge } from './workerBridge';

export type { LabState } from './lab/labState';
export { scenarioCheckerReady } from './lab/scenarioChecker';

export const SPEED_STOPS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const DEFAULT_CONNECTIONS = 300;

export const { useLab, onWorkerUpdate } = createLabStore(createWorkerBridge);

/** The run as a scenario: its starting point with its log of changes (what Share and Export save). */
export function runScenario(): Scenario {
  const { runStart, runLog } = useLab.getState();
  return runLog.length > 0 ? { ...runStart, log: runLog } : runStart;
}

// Selectors: components subscribe to the smallest piece they draw.
export const selectHosts = (s: LabState) => s.stats?.hosts;
export const selectClusterState = (s: LabState) => s.stats?.clusterState ?? 'Unknown';
