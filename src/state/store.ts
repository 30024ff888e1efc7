// The zustand store: the scenario being edited, the latest snapshot from the worker, and UI state.
// Actions turn user intent into worker commands; worker updates land here (throttled) and in the
// packet feed (every tick, for the canvas). Components read it through the small selectors below.
import { create } from 'zustand';
import { defaultScenario } from '../scenario/defaults';
import type { ClusterId, HostAction, Scenario } from '../scenario/types';
import type { ParseResult } from '../scenario/validate';
import type { Decision, NodeId, Stats, Topology } from '../sim/types';
import { summarise } from './runSummary';
import {
  PROTOCOL_VERSION,
  sampleOf,
  type CapturePointInfo,
  type StatsSample,
  type TimelineMarker,
  type WorkerCommand,
  type WorkerUpdate,
} from '../worker/protocol';
import { saveBytes } from './download';
import { packetFeed } from './packetFeed';
import {
  parseLocation,
  parseTarget,
  withHostCount,
  withLocation,
  withTarget,
  type HostCountEdit,
} from './scenarioEdit';
import { mergeMarkers, mergeSamples } from './timeline';
import { createWorkerBridge, type WorkerBridge } from './workerBridge';

/**
 * The scenario checker (parseScenario: valibot and the schema) is not part of the page's first
 * download: it is fetched as soon as this module loads, and is ready long before anyone edits.
 */
let parseScenario: ((input: unknown) => ParseResult) | null = null;
export const scenarioCheckerReady: Promise<void> = import('../scenario/validate').then((m) => {
  parseScenario = m.parseScenario;
});

/** Decisions kept for the event log; older ones scroll away. */
export const LOG_CAP = 200;
/** While playing, React sees new stats and log lines at most this often (wall ms). */
const UI_FLUSH_WALL_MS = 100;

export const SPEED_STOPS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const DEFAULT_CONNECTIONS = 300;

interface ScenarioSlice {
  scenario: Scenario;
  /** Things the app changed on the user's behalf to keep the scenario valid. */
  notices: string[];
  setClientLocation(value: string): void;
  setTarget(value: string): void;
  setHostCount(count: number): void;
  /**
   * Checks an edited scenario (parseScenario) and, when it is valid, loads it (time goes back to
   * zero). Returns the problems found; nothing is sent unless there are none.
   */
  applyScenario(next: Scenario, notices?: string[]): string[];
  dismissNotices(): void;
}

interface SimSlice {
  topology: Topology | null;
  stats: Stats | null;
  running: boolean;
  speed: number;
  error: string | null;
  /** Latest decision, narrated in the caption. */
  latest: Decision | null;
  /** Recent decisions, oldest first, at most LOG_CAP. */
  log: Decision[];
  /** Polite live-region text summarising the last bulk run. */
  announcement: string;
  /** A bulk run in progress: how many connections were asked for. */
  bulkPending: number | null;
  start(): void;
  togglePlay(): void;
  /** Play / pause whatever the page last heard (a lesson or a link drives time with these). */
  play(): void;
  pause(): void;
  step(): void;
  setSpeed(speed: number): void;
  reset(): void;
  runConnections(count: number): void;
  restartWorker(): void;
  /** Apply a fault or an operation to a host now (Crash, Drainstop, Stop NLB, ...). */
  hostAction(cluster: ClusterId, hostIndex: number, action: HostAction): void;
  /** Where a capture can be taken (from `loaded`): the whole switch, each port, NIC and loopback. */
  capturePoints: CapturePointInfo[];
  /** Ask for a pcap of a capture point; the file is saved when the worker answers. */
  capture(pointId: string): void;
  /** Polite status text of the last export or capture ("Saved 120 frames to …"). */
  exportStatus: string;
  setExportStatus(text: string): void;
}

interface TimelineSlice {
  /** Count samples over simulated time (accumulated from ticks, replaced on `seeked`). */
  samples: StatsSample[];
  /** Faults and convergence moments of this run, in time order. */
  markers: TimelineMarker[];
  /** The furthest simulated time this run has reached (ms): the timeline's end. */
  endTime: number;
  /** The moment a seek in flight is going to (ms), so the slider stays where it was let go. */
  seekTarget: number | null;
  /** Go to simulated time `t` (ms), backwards or forwards; pauses. */
  /** Move to simulated time `t` (ms); past the timeline's end only when `fastForward` is set. */
  seek(t: number, fastForward?: boolean): void;
}

interface UiSlice {
  selectedHostId: NodeId | null;
  selectHost(id: NodeId | null): void;
  /** The frame shown in the packet inspector (null: none). Frame ids restart with each run. */
  selectedFrameId: number | null;
  /** Select a frame (canvas click, event log) and ask the worker what it carried; null clears. */
  selectPacket(frameId: number | null): void;
  /** Packets jump hop by hop instead of gliding (the page's toggle; starts from the OS setting). */
  reducedMotion: boolean;
  setReducedMotion(on: boolean): void;
}

export type LabState = ScenarioSlice & SimSlice & TimelineSlice & UiSlice;

let bridge: WorkerBridge | null = null;

type UpdateListener = (update: WorkerUpdate) => void;
const updateListeners = new Set<UpdateListener>();
/**
 * Lets a small store of its own (inspector, event log history, charts) see every worker update as it
 * arrives, before this store handles it. Returns the unsubscribe function.
 */
export function onWorkerUpdate(listener: UpdateListener): () => void {
  updateListeners.add(listener);
  return () => updateListeners.delete(listener);
}

// Updates waiting for the next throttled flush into React state.
let pendingStats: Stats | null = null;
let pendingDecisions: Decision[] = [];
let lastFlushWall = 0;
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let pendingSamples: StatsSample[] = [];
let pendingMarkers: TimelineMarker[] = [];
let pendingEndTime: number | null = null;
let announceToken = 0;
/** A seek is answered by `seeked`; while one is in flight, only the latest wanted time waits. */
let seekInFlight = false;
let queuedSeek: number | null = null;

/** Whether the operating system asks for reduced motion (the page's toggle starts from it). */
function prefersReducedMotion(): boolean {
  return (
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
  );
}

export const useLab = create<LabState>()((set, get) => {
  const send = (command: WorkerCommand) => bridge?.send(command);

  const flush = () => {
    if (flushTimer !== null) {
      clearTimeout(flushTimer);
      flushTimer = null;
    }
    lastFlushWall = performance.now();
    const decisions = pendingDecisions;
    const stats = pendingStats;
    const samples = pendingSamples;
    const markers = pendingMarkers;
    const endTime = pendingEndTime;
    pendingDecisions = [];
    pendingStats = null;
    pendingSamples = [];
    pendingMarkers = [];
    pendingEndTime = null;
    if (decisions.length === 0 && stats === null && endTime === null) return;
    set((s) => {
      const log = decisions.length > 0 ? [...s.log, ...decisions].slice(-LOG_CAP) : s.log;
      const timeline =
        endTime === null
          ? {}
          : {
              endTime,
              samples: mergeSamples(s.samples, samples, endTime),
              markers: mergeMarkers(s.markers, markers, endTime),
            };
      return {
        stats: stats ?? s.stats,
        log,
        latest: decisions.length > 0 ? (decisions[decisions.length - 1] ?? s.latest) : s.latest,
        ...timeline,
      };
    });
  };

  const clearPending = () => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    pendingStats = null;
    pendingDecisions = [];
    pendingSamples = [];
    pendingMarkers = [];
    pendingEndTime = null;
  };

  const announce = (text: string) => {
    // Clear first so a screen reader announces a repeated, identical summary again; a scenario
    // loaded in between (new token) means the summary is stale and must not appear.
    const token = ++announceToken;
    set({ announcement: '' });
    setTimeout(() => {
      if (token === announceToken) set({ announcement: text });
    }, 50);
  };

  const load = (scenario: Scenario) => {
    announceToken += 1;
    clearPending();
    set({ scenario, bulkPending: null, latest: null, log: [], announcement: '' });
    send({ type: 'load', scenario });
  };

  const onUpdate = (update: WorkerUpdate) => {
    for (const listener of updateListeners) listener(update);
    switch (update.type) {
      case 'loaded': {
        if (update.version !== PROTOCOL_VERSION) {
          set({
            error: `The simulation speaks protocol version ${update.version}; this page expects ${PROTOCOL_VERSION}. Reload the page.`,
          });
          return;
        }
        clearPending();
        seekInFlight = false;
        queuedSeek = null;
        packetFeed.reset(update.stats.now);
        const ids = new Set(update.topology.nodes.map((n) => n.id));
        set((s) => ({
          topology: update.topology,
          stats: update.stats,
          capturePoints: update.capturePoints,
          samples: [sampleOf(update.stats)],
          markers: [],
          seekTarget: null,
          endTime: update.stats.now,
          running: false,
          error: null,
          latest: null,
          log: [],
          selectedFrameId: null,
          selectedHostId: s.selectedHostId !== null && ids.has(s.selectedHostId) ? s.selectedHostId : null,
        }));
        return;
      }
      case 'tick': {
        packetFeed.ingest(update.now, update.running, update.hops, update.decisions);
        if (update.decisions.length > 0) {
          pendingDecisions = [...pendingDecisions, ...update.decisions].slice(-LOG_CAP);
        }
        pendingStats = update.stats;
        // A tick's end time below what was kept means a new action replaced the recorded future.
        pendingSamples = mergeSamples(pendingSamples, update.samples, update.endTime);
        pendingMarkers = mergeMarkers(pendingMarkers, update.markers, update.endTime);
        pendingEndTime = update.endTime;
        const runningChanged = update.running !== get().running;
        if (runningChanged) set({ running: update.running });
        const due = performance.now() - lastFlushWall >= UI_FLUSH_WALL_MS;
        if (!update.running || runningChanged || due || update.bulkRun) {
          flush();
        } else if (flushTimer === null) {
          flushTimer = setTimeout(flush, UI_FLUSH_WALL_MS);
        }
        if (update.bulkRun) {
          announce(summarise(update.bulkRun, update.stats.hosts));
          set({ bulkPending: null });
        }
        return;
      }
      case 'seeked': {
        clearPending();
        packetFeed.replace(update.now, update.hops, update.decisions);
        set({
          stats: update.stats,
          running: false,
          log: update.decisions.slice(-LOG_CAP),
          latest: update.decisions[update.decisions.length - 1] ?? null,
          samples: mergeSamples([], update.samples, update.endTime),
          markers: mergeMarkers([], update.markers, update.endTime),
          endTime: update.endTime,
          selectedFrameId: null,
          seekTarget: null,
        });
        seekInFlight = false;
        // The slider moved on while this seek ran: go where it was let go.
        const next = queuedSeek;
        queuedSeek = null;
        if (next !== null && Math.abs(next - update.now) > 1e-6) get().seek(next);
        return;
      }
      case 'capture': {
        saveBytes(update.bytes, update.fileName, 'application/vnd.tcpdump.pcap');
        const frames = `${update.frames} frame${update.frames === 1 ? '' : 's'}`;
        set({
          exportStatus: update.truncated
            ? `Saved ${frames} to ${update.fileName} (the capture buffer filled up; later frames are missing)`
            : `Saved ${frames} to ${update.fileName}`,
        });
        return;
      }
      case 'captureFailed':
        set({ exportStatus: update.message });
        return;
      case 'error':
        seekInFlight = false;
        queuedSeek = null;
        set({ error: update.message, running: false, bulkPending: null, seekTarget: null });
        packetFeed.setRunning(false);
        return;
    }
  };

  const connect = () => {
    bridge?.terminate();
    bridge = createWorkerBridge(onUpdate);
    const { scenario, speed } = get();
    send({ type: 'setSpeed', speed });
    packetFeed.setSpeed(speed);
    load(scenario);
  };

  const applyHostEdit = (edit: HostCountEdit) => {
    set({ notices: edit.notices });
    load(edit.scenario);
  };

  return {
    scenario: defaultScenario(),
    notices: [],
    topology: null,
    stats: null,
    running: false,
    speed: 1,
    error: null,
    latest: null,
    log: [],
    announcement: '',
    bulkPending: null,
    selectedHostId: null,
    selectedFrameId: null,
    capturePoints: [],
    exportStatus: '',
    samples: [],
    markers: [],
    endTime: 0,
    seekTarget: null,
    reducedMotion: prefersReducedMotion(),

    setClientLocation(value) {
      const location = parseLocation(value);
      if (location) {
        set({ notices: [] });
        load(withLocation(get().scenario, location));
      }
    },
    setTarget(value) {
      const target = parseTarget(value);
      if (target) {
        set({ notices: [] });
        load(withTarget(get().scenario, target));
      }
    },
    setHostCount(count) {
      applyHostEdit(withHostCount(get().scenario, 'A', count));
    },
    applyScenario(next, notices = []) {
      if (parseScenario === null) return ['The scenario checker is still loading; try again in a moment.'];
      const result = parseScenario(next);
      if (!result.ok) return result.errors;
      set({ notices });
      load(result.scenario);
      return [];
    },
    dismissNotices() {
      set({ notices: [] });
    },

    start() {
      // Idempotent: React StrictMode mounts effects twice in development.
      if (bridge === null) connect();
    },
    togglePlay() {
      send({ type: get().running ? 'pause' : 'play' });
    },
    play() {
      send({ type: 'play' });
    },
    pause() {
      send({ type: 'pause' });
    },
    step() {
      send({ type: 'step' });
    },
    setSpeed(speed) {
      set({ speed });
      packetFeed.setSpeed(speed);
      send({ type: 'setSpeed', speed });
    },
    reset() {
      announceToken += 1;
      clearPending();
      packetFeed.reset(0);
      set({ latest: null, log: [], bulkPending: null, announcement: '' });
      send({ type: 'reset' });
    },
    runConnections(count) {
      flush();
      set({ bulkPending: count });
      send({ type: 'runConnections', count });
    },
    hostAction(cluster, hostIndex, action) {
      send({ type: 'hostAction', cluster, hostIndex, action });
    },
    capture(pointId) {
      set({ exportStatus: '' });
      send({ type: 'capture', pointId });
    },
    setExportStatus(text) {
      set({ exportStatus: text });
    },
    seek(t, fastForward = false) {
      const target = Math.max(0, fastForward ? t : Math.min(t, get().endTime));
      if (seekInFlight) {
        queuedSeek = target;
        set({ seekTarget: target });
        return;
      }
      seekInFlight = true;
      set({ seekTarget: target });
      send({ type: 'seek', t: target });
    },
    setReducedMotion(on) {
      set({ reducedMotion: on });
    },
    restartWorker() {
      seekInFlight = false;
      queuedSeek = null;
      set({ error: null });
      connect();
    },

    selectHost(id) {
      set({ selectedHostId: id });
    },
    selectPacket(frameId) {
      set({ selectedFrameId: frameId });
      if (frameId !== null) send({ type: 'inspect', frameId });
    },
  };
});

// Selectors: components subscribe to the smallest piece they draw.
export const selectHosts = (s: LabState) => s.stats?.hosts;
export const selectClusterState = (s: LabState) => s.stats?.clusterState ?? 'Unknown';
