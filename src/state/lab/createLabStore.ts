// The lab store's factory: one zustand store made of its slices (scenario, sim, timeline, ui, work, comparison), with its own runtime (worker
// bridge, update listeners, pending updates). The app makes one (store.ts); tests can make more.
import { create } from 'zustand';
import { createComparisonSlice } from './comparisonSlice';
import { createLabRuntime, type OpenWorker, type UpdateListener } from './labRuntime';
import type { PacketFeed } from '../packetFeed';
import type { LabState } from './labState';
import { createScenarioSlice } from './scenarioSlice';
import { createSimSlice } from './simSlice';
import { createTimelineSlice } from './timelineSlice';
import { createUiSlice } from './uiSlice';
import { createWorkSlice } from './workSlice';
import { createUpdateHandler } from './workerUpdates';

/** A lab store and its worker; `feed` takes its moving packets (default: the page's, Lab 1's). */
export function createLabStore(openWorker: OpenWorker, feed?: PacketFeed) {
  const runtime = createLabRuntime(openWorker, feed);
  const useLab = create<LabState>()((set, get) => {
    const updates = createUpdateHandler(runtime, set, get);
    return {
      ...createScenarioSlice(runtime, set, get),
      ...createSimSlice(runtime, set, get, updates.handle, updates.flush),
      ...createTimelineSlice(runtime, set, get),
      ...createUiSlice(runtime, set),
      ...createWorkSlice(runtime, set),
      ...createComparisonSlice(runtime, set, get),
    };
  });
  /**
   * Lets a small store of its own (inspector, event log, export archive, the lab driver) see every
   * worker update as it arrives, before this store handles it. Returns the unsubscribe function.
   */
  const onWorkerUpdate = (listener: UpdateListener): (() => void) => {
    runtime.listeners.add(listener);
    return () => runtime.listeners.delete(listener);
  };
  return { useLab, onWorkerUpdate };
}
