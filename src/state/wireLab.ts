// Wires the page's smaller stores to the lab store, in one place: the explaining side (event log,
// caption, outcomes, inspector) and the lab driver's waiting steps hear every worker update, and a
// selected packet opens the inspector. Called once by main.tsx, before the app renders.
import { followSelection, handleExplainUpdate } from './explainStore';
import { settleWaiters } from './labDriver';
import { onWorkerUpdate, useLab } from './store';

let unwire: (() => void) | null = null;

/** Connects the listeners (once; a second call does nothing). Returns how to disconnect them. */
export function wireLab(): () => void {
  if (unwire) return unwire;
  const offs = [
    onWorkerUpdate(handleExplainUpdate),
    onWorkerUpdate(settleWaiters),
    useLab.subscribe(followSelection),
  ];
  unwire = () => {
    for (const off of offs) off();
    unwire = null;
  };
  return unwire;
}
