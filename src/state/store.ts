// The app's lab store: one instance of the factory in ./lab (a store of slices: scenario, sim,
// timeline, ui) wired to the real simulation Web Worker, and the small selectors components use.
// Data flows one way: actions send commands to the worker; its updates land here.
//
// Split view (src/state/split) makes a second lab store. `useLab` inside React reads the lab of the
// nearest <LabContext.Provider> (Lab 2's region has one), else this one, Lab 1; `useLab.getState()`,
// `setState` and `subscribe` outside React are always Lab 1's.
import { createContext, useContext } from 'react';
import type { Scenario } from '../scenario/types';
import { createLabStore } from './lab/createLabStore';
import type { LabState } from './lab/labState';
import { createWorkerBridge } from './workerBridge';

export type { LabState } from './lab/labState';
export { scenarioCheckerReady } from './lab/scenarioChecker';

export const SPEED_STOPS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const DEFAULT_CONNECTIONS = 300;

const lab1 = createLabStore(createWorkerBridge);

/** A lab store's hook (zustand's bound store: call it with a selector, or use getState & co.). */
export type LabStoreHook = typeof lab1.useLab;

/** Which lab the components below read (default: Lab 1, the page's own). */
export const LabContext = createContext<LabStoreHook>(lab1.useLab);

/** The page's own lab, whatever the context: what Share, lessons and the explaining panels follow. */
export const useLab1: LabStoreHook = lab1.useLab;

function useLabInContext(selector?: (s: LabState) => unknown): unknown {
  const hook = useContext(LabContext);
  return hook(selector as (s: LabState) => unknown);
}

/**
 * The lab store hook components use: `useLab(selector)` reads the lab of the region it is rendered
 * in; `useLab.getState()` (and setState, subscribe, getInitialState) is Lab 1's.
 */
export const useLab: LabStoreHook = Object.assign(useLabInContext, {
  getState: lab1.useLab.getState,
  getInitialState: lab1.useLab.getInitialState,
  setState: lab1.useLab.setState,
  subscribe: lab1.useLab.subscribe,
}) as LabStoreHook;

export const onWorkerUpdate = lab1.onWorkerUpdate;

/** The run as a scenario: its starting point with its log of changes (what Share and Export save). */
export function runScenario(): Scenario {
  const { runStart, runLog } = useLab.getState();
  return runLog.length > 0 ? { ...runStart, log: runLog } : runStart;
}

// Selectors: components subscribe to the smallest piece they draw.
export const selectHosts = (s: LabState) => s.stats?.hosts;
export const selectClusterState = (s: LabState) => s.stats?.clusterState ?? 'Unknown';
