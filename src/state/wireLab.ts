// Wires the page's smaller stores to the lab store, in one place: the explaining side (event log,
// caption, outcomes, inspector) and the lab driver's waiting steps hear every worker update, and a
// selected packet opens the inspector. Called once by main.tsx, before the app renders.
import type { WorkerUpdate } from '../worker/protocol';
import { flushExplain, followSelection, handleExplainUpdate } from './explainStore';
import { onWorkerUpdate, useLab } from './store';

let unwire: (() => void) | null = null;

/** Connects the listeners (once; a second call does nothing). Returns how to disconnect them. */
export function wireLab(): () => void {
  if (unwire) return unwire;
  // The lab driver (lessons, shared links) is fetched after the first paint; nothing waits on it
  // before it is there, so its listener forwards once it has arrived.
  let settleWaiters: ((update: WorkerUpdate) => void) | null = null;
  void import('./labDriver').then((m) => (settleWaiters = m.settleWaiters));
  const offs = [
    onWorkerUpdate(handleExplainUpdate),
    onWorkerUpdate((update) => settleWaiters?.(update)),
    useLab.subscribe(followSelection),
    // The log and caption reach React with the lab's own flush, in the same commit.
    useLab.subscribe((s, before) => {
      if (s.uiPulse !== before.uiPulse) flushExplain();
    }),
  ];
  unwire = () => {
    for (const off of offs) off();
    unwire = null;
  };
  return unwire;
}
