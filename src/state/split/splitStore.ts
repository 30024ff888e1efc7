// Split view: two labs side by side on the same clock. Lab 1 is the page's own lab store; Lab 2 is a
// second lab store with a worker of its own, made the first time split view opens, running Lab 1's
// run with its own load balancer, client location and target (overrides.ts), kept in step by sync.ts.
import { create } from 'zustand';
import type { BalancerConfig, ClientLocation, ClientTarget } from '../../scenario/types';
import { createLabStore } from '../lab/createLabStore';
import type { OpenWorker } from '../lab/labRuntime';
import { onWorkerUpdate as onLab1Update, useLab1, type LabStoreHook } from '../store';
import { createWorkerBridge } from '../workerBridge';
import { PacketFeed } from '../packetFeed';
import { createNarration, type Narration } from './narration';
import { fitOverrides, labTwoRun, overridesOf, sameOverrides, type LabOverrides } from './overrides';
import type { SplitSync } from './sync';

/** Lab 2: its store, its worker's updates, its own packet feed and its words. */
export interface LabTwo {
  useLab: LabStoreHook;
  onWorkerUpdate: ReturnType<typeof createLabStore>['onWorkerUpdate'];
  feed: PacketFeed;
  narration: Narration;
}

interface SplitState {
  on: boolean;
  /** Lab 2's own settings (kept while split view is closed, for when it opens again). */
  overrides: LabOverrides | null;
  lab2: LabTwo | null;
  /** What Lab 2's settings had to give way to (a host that went away), in words. */
  notices: string[];
  /** Why Lab 2's run could not be loaded, or empty. */
  problems: string[];
  /** After a batch, each lab stays at the end of its own until the next time action (sync.ts). */
  apart: boolean;
}

export const useSplit = create<SplitState>()(() => ({
  on: false,
  overrides: null,
  lab2: null,
  notices: [],
  problems: [],
  apart: false,
}));

let openWorker: OpenWorker = createWorkerBridge;
let sync: SplitSync | null = null;
/**
 * Bumped by every close. The keeping-in-step (sync.ts) loads when split view first opens, not with the
 * page: one that loads after its split view was closed again starts nothing.
 */
let syncGeneration = 0;
let syncLoading = false;

/** Tests: Lab 2's worker (before split view first opens). */
export function setLabTwoWorker(open: OpenWorker): void {
  openWorker = open;
}

function makeLabTwo(): LabTwo {
  // Lab 2's packets go to a feed of its own, which its drawing reads; Lab 1's stay the page's.
  const feed = new PacketFeed();
  const store = createLabStore(openWorker, feed);
  return {
    useLab: store.useLab,
    onWorkerUpdate: store.onWorkerUpdate,
    feed,
    narration: createNarration(store.onWorkerUpdate),
  };
}

/**
 * Opens split view: Lab 2 with `overrides` (else the ones it had, else Lab 1's own settings, so the
 * two labs start the same and the trainer changes one thing).
 */
export function openSplit(overrides?: LabOverrides): void {
  const state = useSplit.getState();
  const lab1 = useLab1.getState();
  const wanted = overrides ?? state.overrides ?? overridesOf(lab1.scenario);
  const fitted = fitOverrides(wanted, lab1.runStart);
  let lab2 = state.lab2;
  if (!lab2) {
    lab2 = makeLabTwo();
    // Lab 2's worker starts with its run at once (no default scenario first).
    const run = labTwoRun({ start: lab1.runStart, log: lab1.runLog }, fitted.overrides);
    lab2.useLab.setState({
      scenario: run.start,
      runStart: run.start,
      runLog: run.log,
      speed: lab1.speed,
      reducedMotion: lab1.reducedMotion,
    });
    const two = lab2;
    two.useLab.getState().start();
  }
  useSplit.setState({ on: true, lab2, overrides: fitted.overrides, notices: fitted.notices, problems: [] });
  if (sync) {
    // Already open (a link with other settings for Lab 2): it is rebuilt with them now.
    sync.poke();
    return;
  }
  // Lab 2 is checked against Lab 1 as soon as this loads (a first check is part of starting).
  if (syncLoading) return;
  syncLoading = true;
  const generation = syncGeneration;
  const two = lab2;
  void import('./sync').then(({ startSplitSync }) => {
    syncLoading = false;
    if (generation !== syncGeneration || sync) return;
    sync = startSplitSync({
      lab1: useLab1,
      lab2: two.useLab,
      onLab1Update: onLab1Update,
      onLab2Update: two.onWorkerUpdate,
      overrides: () => useSplit.getState().overrides ?? fitted.overrides,
      onFitted: (next, notices) => useSplit.setState({ overrides: next, notices }),
      onProblem: (problems) => useSplit.setState({ problems }),
      onApart: (apart) => useSplit.setState({ apart }),
    });
  });
}

/** Closes split view: Lab 1 alone again; Lab 2 pauses and waits (its settings are kept). */
export function closeSplit(): void {
  syncGeneration += 1;
  syncLoading = false;
  sync?.stop();
  sync = null;
  useSplit.setState({ on: false, notices: [], problems: [] });
}

export function toggleSplit(): void {
  if (useSplit.getState().on) closeSplit();
  else openSplit();
}

/** Changes Lab 2's own settings: its run is rebuilt with them from time zero, to the moment on screen. */
function setOverrides(patch: Partial<LabOverrides>): void {
  const current = useSplit.getState().overrides;
  if (!current) return;
  const next = { ...current, ...patch };
  if (sameOverrides(current, next)) return;
  useSplit.setState({ overrides: next, notices: [] });
  sync?.poke();
}

export function setLabTwoBalancer(balancer: BalancerConfig): void {
  setOverrides({ balancer });
}

export function setLabTwoLocation(location: ClientLocation): void {
  setOverrides({ location });
}

export function setLabTwoTarget(target: ClientTarget): void {
  setOverrides({ target });
}

/** Lab 2's settings while split view is on (what Share and Export save), else null. */
export function splitViewSettings(): LabOverrides | null {
  const { on, overrides } = useSplit.getState();
  return on && overrides ? overrides : null;
}
