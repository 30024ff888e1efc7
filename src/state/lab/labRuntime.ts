// What one lab store keeps outside React state: its worker bridge, the listeners that see every
// worker update, and the updates waiting for the next throttled flush into React. One per store.
import type { Stats } from '../../sim/types';
import type { StatsSample, TimelineMarker, WorkerCommand, WorkerUpdate } from '../../worker/protocol';
import type { WorkerBridge } from '../workerBridge';
import { packetFeed, type PacketFeed } from '../packetFeed';

export type UpdateListener = (update: WorkerUpdate) => void;

/** Opens the simulation worker and hands each of its updates to `onUpdate`. */
export type OpenWorker = (onUpdate: (update: WorkerUpdate) => void) => WorkerBridge;

export interface LabRuntime {
  readonly openWorker: OpenWorker;
  /** The packets this lab's updates put in flight, for its canvas (Lab 1's is the page's `packetFeed`). */
  readonly feed: PacketFeed;
  bridge: WorkerBridge | null;
  readonly listeners: Set<UpdateListener>;
  send(command: WorkerCommand): void;
  // Updates waiting for the next throttled flush into React state.
  pendingStats: Stats | null;
  pendingSamples: StatsSample[];
  pendingMarkers: TimelineMarker[];
  pendingEndTime: number | null;
  lastFlushWall: number;
  flushTimer: ReturnType<typeof setTimeout> | null;
  /** Bumped by every load: an announcement made for an older run must not appear. */
  announceToken: number;
  /** A seek is answered by `seeked`; while one is in flight, only the latest wanted time waits. */
  seekInFlight: boolean;
  queuedSeek: number | null;
  /** The revision of the run's definition last taken from the worker. */
  runRevision: number;
  /** A restarted worker goes back to this moment (simulated ms) once it has loaded the run. */
  resumeAt: number | null;
}

export function createLabRuntime(openWorker: OpenWorker, feed: PacketFeed = packetFeed): LabRuntime {
  const runtime: LabRuntime = {
    openWorker,
    feed,
    bridge: null,
    listeners: new Set(),
    send: (command) => runtime.bridge?.send(command),
    pendingStats: null,
    pendingSamples: [],
    pendingMarkers: [],
    pendingEndTime: null,
    lastFlushWall: 0,
    flushTimer: null,
    announceToken: 0,
    seekInFlight: false,
    queuedSeek: null,
    runRevision: -1,
    resumeAt: null,
  };
  return runtime;
}

/** Forget what waits for the next flush (a new run, or a seek that replaces the picture). */
export function clearPending(runtime: LabRuntime): void {
  if (runtime.flushTimer !== null) clearTimeout(runtime.flushTimer);
  runtime.flushTimer = null;
  runtime.pendingStats = null;
  runtime.pendingSamples = [];
  runtime.pendingMarkers = [];
  runtime.pendingEndTime = null;
}
