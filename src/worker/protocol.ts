// The typed, versioned message protocol between the page and the simulation worker.
// Commands flow page -> worker; updates flow worker -> page, batched at most once per animation frame.
import type { Change, ChangeSource, LogEntry } from '../scenario/changes';
import type { ClusterId, Scenario } from '../scenario/types';
import { hostName } from '../scenario/names';
import type { ComparisonRow } from '../sim/comparison';
import type {
  BulkRunOutcome,
  ConnectionEnd,
  Decision,
  FrameInspection,
  NodeId,
  Stats,
  Topology,
} from '../sim/types';
import type { HostCommand } from '../sim/hostCommands';
import type { TimelineMarker } from '../sim/world';
import { hopBatchTransfer, type HopBatch } from './hopBatch';

export type { Layer, FieldRow } from '../sim/inspect';
export type { TimelineMarker } from '../sim/world';

export const PROTOCOL_VERSION = 7;

/**
 * At most this many decisions go to the page per batch (the newest); the rest are counted
 * (`decisionsNotSent`), and the event log says how many it could not list.
 */
export const MAX_DECISIONS_PER_BATCH = 100;
/** At most this many connection ends go to the page per batch (the newest). */
export const MAX_ENDS_PER_BATCH = 50;

/**
 * Speed 1x plays simulated time at this many simulated ms per wall ms (1/100 of real time), so a
 * 1 ms link hop takes 100 ms on screen. 100x is real time.
 */
export const SIM_MS_PER_WALL_MS_AT_1X = 0.01;

/** A Step goes on over at most this many decisions looking for a new caption. */
export const MAX_DECISIONS_PER_STEP = 50;

/** Next event looks at most this far ahead (simulated ms: 10 minutes) before it stops and says so. */
export const NEXT_EVENT_LIMIT_MS = 600_000;

export type WorkerCommand =
  /** A new run: the scenario's starting point and its run log (if it carries one), at 0 s. */
  | { type: 'load'; scenario: Scenario }
  | { type: 'play' }
  | { type: 'pause' }
  /**
   * Step: on to the next decision that the caption would word differently from `shown` (the
   * decision the caption narrates now; without it, the one the worker last posted for it), at most
   * MAX_DECISIONS_PER_STEP decisions on; or the next logged change when it comes first. Answered with
   * a `tick` carrying `stepFrom`.
   */
  | { type: 'step'; shown?: Decision | null }
  /**
   * Next event: run on to the next timeline marker (a fault, a change, convergence starting or
   * finishing) and stop right at it, paused; at most NEXT_EVENT_LIMIT_MS of simulated time ahead.
   * Long work (kind `fastForward`); answered with `seeked`, then `nextEvent`.
   */
  | { type: 'nextEvent' }
  | { type: 'setSpeed'; speed: number }
  /** Back to 0 s with the same starting point and an empty run log (Undo brings the log back). */
  | { type: 'reset' }
  /**
   * Changes made at the moment on screen, as one step of Undo: live ones in place, world-shaping
   * ones by a rebuild to this moment (answered with `loaded`, then `seeked`).
   */
  | { type: 'change'; changes: Change[]; source: ChangeSource }
  | { type: 'undo' }
  | { type: 'redo' }
  /** What a command typed on a host would print there now (`wlbs query`, `netstat -n`, ...). */
  | { type: 'hostCommand'; host: NodeId; command: HostCommand }
  /** Ask for a pcap of what a capture point (an id from `loaded.capturePoints`) saw so far. */
  | { type: 'capture'; pointId: string }
  /** Ask what a frame carried and every decision made about its packet. */
  | { type: 'inspect'; frameId: number }
  /**
   * Go to simulated time `t` (ms) of this run, backwards or forwards — past the timeline's end too,
   * which fast-forwards the run; answers with `seeked`.
   */
  | { type: 'seek'; t: number }
  /**
   * Stop the long work in progress (a fast-forward, a replay, a batch of connections) at the moment
   * it has reached; the run stays consistent there (answered with its picture, then `workEnded`).
   */
  | { type: 'cancel' }
  /** Go on with long work that is waiting for the user's go-ahead (`progress.awaitingConfirmation`). */
  | { type: 'confirmWork' }
  /**
   * Compare the load balancers: `connections` (COMPARISON_MIN..COMPARISON_MAX) from a backend to
   * its own VIP (comparisonBackend), through every balancer in turn, each in a fresh engine built
   * from the configuration in force now. The run on screen is left as it is (paused). Long work
   * (kind `compare`, progress in rows); answered with `comparison` at its start, after each row and
   * at its end.
   */
  | { type: 'compare'; connections: number }
  /** The page's watchdog: answered at once with `pong` (also between the slices of long work). */
  | { type: 'ping'; id: number }
  /**
   * Test hooks for the browser tests (simulation.worker.ts honours the others only after
   * `enableTestHooks`, which the page sends only when opened with `?testHooks=1`): `testHang`
   * makes the worker loop forever, `testMalformed` makes it post a message the page cannot use.
   */
  | { type: 'enableTestHooks' }
  | { type: 'testHang' }
  | { type: 'testMalformed' };

/**
 * Long work the worker does in slices, with progress and a way to stop: running the simulation past
 * the timeline's end (`fastForward`), replaying the run to a moment (`seek`, also after a change that
 * reshapes the world), a batch of connections (`bulk`), looking for the next event (`nextEvent`), or
 * comparing the load balancers (`compare`: `done` and `total` count rows).
 */
export type WorkKind = 'fastForward' | 'seek' | 'bulk' | 'nextEvent' | 'compare';

export interface WorkProgress {
  kind: WorkKind;
  /**
   * How far the work has got: `done` of `total` (simulated ms for a seek, connections for a batch,
   * rows for a comparison, where a row part-way counts as a fraction).
   */
  done: number;
  total: number;
  /** Where it began, in the same unit (a seek from 2 s to 10 s has `from` 2000). */
  from: number;
  /** Wall ms still needed at the pace measured so far, or null before there is a pace to go by. */
  remainingWallMs: number | null;
  /**
   * The work would take long (over CONFIRM_ABOVE_WALL_MS of wall time): it waits for `confirmWork`
   * or `cancel` before going on.
   */
  awaitingConfirmation: boolean;
}

/** Long work that would take more than this much wall time (ms) asks before it goes on. */
export const CONFIRM_ABOVE_WALL_MS = 120_000;

/** Connections a comparison runs per load balancer: at least, at most, and at first. */
export const COMPARISON_MIN = 30;
export const COMPARISON_MAX = 30_000;
export const COMPARISON_DEFAULT = 3_000;

/** A count of connections for a comparison, brought into COMPARISON_MIN..COMPARISON_MAX. */
export function comparisonConnections(n: number): number {
  if (!Number.isFinite(n)) return COMPARISON_DEFAULT;
  return Math.min(COMPARISON_MAX, Math.max(COMPARISON_MIN, Math.round(n)));
}

/** The backend a comparison calls its own VIP from. */
export interface ComparisonBackend {
  cluster: ClusterId;
  hostIndex: number;
}

/**
 * The backend that calls its own VIP in a comparison: the host the client runs on, if it runs on
 * one; else Host 1 of the first cluster (Cluster A).
 */
export function comparisonBackend(config: Scenario): ComparisonBackend {
  const location = config.client.location;
  if (location.kind === 'host') {
    const cluster = config.clusters.find((c) => c.id === location.cluster);
    if (cluster && location.hostIndex >= 0 && location.hostIndex < cluster.hosts.length)
      return { cluster: location.cluster, hostIndex: location.hostIndex };
  }
  return { cluster: config.clusters[0]?.id ?? 'A', hostIndex: 0 };
}

/** JSON with every object's keys in order, so two equal configurations give the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a comparison's outcome depends on, as text: the configuration with what it does not read
 * left out (title, lesson, view, the run log and timeline, the client's rate and place, which the
 * comparison sets itself) and without the compared cluster's own load balancer (every one is run).
 * A comparison whose basis differs from the configuration's now is stale.
 */
export function comparisonBasis(config: Scenario): string {
  const backend = comparisonBackend(config);
  const { title: _title, lesson: _lesson, view: _view, log: _log, timeline: _timeline, ...rest } = config;
  const clusters = rest.clusters.map((c) => {
    if (c.id !== backend.cluster) return c;
    const { balancer: _balancer, ...others } = c;
    return others;
  });
  const { connectionsPerSecond: _rate, location: _location, target: _target, ...client } = rest.client;
  return stableJson({ ...rest, clusters, client, backend });
}

/** How a comparison was set up, as its updates say. */
export interface ComparisonSetupInfo extends ComparisonBackend {
  /** `Host 1`, `Host B2`. */
  hostName: string;
  /** Connections per load balancer. */
  connections: number;
  /** Backends in the caller's cluster (N: a half-NAT hairpin fails about 1 in N). */
  backends: number;
}

/** The setup of a comparison from the configuration `config`, with `connections` per balancer. */
export function comparisonSetup(config: Scenario, connections: number): ComparisonSetupInfo {
  const backend = comparisonBackend(config);
  return {
    ...backend,
    hostName: hostName(backend.cluster, backend.hostIndex),
    connections: comparisonConnections(connections),
    backends: config.clusters.find((c) => c.id === backend.cluster)?.hosts.length ?? 0,
  };
}

export type ComparisonState = 'running' | 'done' | 'stopped';

export interface CapturePointInfo {
  id: string;
  /** e.g. `Whole switch (every port)`, `Switch port 3 (Host 2)`, `Host 2 NIC`, `Host 2 loopback`. */
  label: string;
}

/** The counts at one moment, for charts over time (simulated ms). */
export interface StatsSample {
  t: number;
  /** Completed connections per host, in the order of `Stats.hosts`. */
  served: number[];
  framesOnWire: number;
  loopbackConnections: number;
  failedConnections: number;
  retransmissions: number;
}

/** The counts of one stats snapshot, as a timeline sample (the worker's and the page's). */
export function sampleOf(stats: Stats): StatsSample {
  return {
    t: stats.now,
    served: stats.hosts.map((h) => h.served),
    framesOnWire: stats.framesOnWire,
    loopbackConnections: stats.loopbackConnections,
    failedConnections: stats.failedConnections,
    retransmissions: stats.retransmissions,
  };
}

export interface PacketDetail extends FrameInspection {
  /** Every decision about this packet (all its frames), in order. */
  journey: Decision[];
  /** Decisions about the whole connection (open, retransmit, complete, ...), in order; capped. */
  connection: Decision[];
}

export type WorkerUpdate =
  | {
      type: 'loaded';
      version: number;
      topology: Topology;
      stats: Stats;
      capturePoints: CapturePointInfo[];
    }
  | {
      type: 'tick';
      /** Simulated ms at the end of this batch. */
      now: number;
      running: boolean;
      /** Hops that started since the previous batch (columns, transferred). */
      hops: HopBatch;
      /** Decisions made since the previous batch (most recent last; at most the newest 400). */
      decisions: Decision[];
      /** Decisions made since the previous batch that were not sent (over the cap, at high speed). */
      decisionsNotSent: number;
      /** Connections that ended since the previous batch (full detail; the newest 50). */
      ended: ConnectionEnd[];
      /** Connection ends not sent (over the cap). */
      endsNotSent: number;
      stats: Stats;
      /** New samples and markers since the previous batch. */
      samples: StatsSample[];
      markers: TimelineMarker[];
      /** The furthest simulated time this run has reached (the timeline's end), ms. */
      endTime: number;
      /** Set when a bulk run finished: what its own connections did. */
      bulkRun?: BulkRunOutcome;
      /**
       * Set when this batch answers a Step: the simulated ms the step began at. The page shows the
       * hops between `stepFrom` and `now` moving over a short wall-clock animation.
       */
      stepFrom?: number;
    }
  | {
      /** The run was moved to `now`: replace what is drawn with this picture of that moment. */
      type: 'seeked';
      now: number;
      /** Hops of the last moments before `now` (those in flight at `now` among them; transferred). */
      hops: HopBatch;
      /** The latest decisions up to `now`. */
      decisions: Decision[];
      stats: Stats;
      /** The whole timeline's samples and markers (also those after `now`, until a new action changes the future). */
      samples: StatsSample[];
      markers: TimelineMarker[];
      endTime: number;
    }
  | {
      type: 'capture';
      pointId: string;
      /** Suggested file name, e.g. `vip-lab-host-2-nic.pcap`. */
      fileName: string;
      /** A classic libpcap file (transferred, not copied). */
      bytes: ArrayBuffer;
      frames: number;
      /** True when the run outgrew the capture buffer and later frames are missing. */
      truncated: boolean;
    }
  | {
      /** A capture the page asked for cannot be made (no such point now); the run goes on. */
      type: 'captureFailed';
      pointId: string;
      message: string;
    }
  | { type: 'inspection'; frameId: number; detail: PacketDetail | null }
  | {
      type: 'hostCommandOutput';
      host: NodeId;
      command: HostCommand;
      /** The simulated moment it describes, ms. */
      now: number;
      /** What it prints, or null when there is no such host (any more). */
      text: string | null;
    }
  | {
      /** The run's definition changed (load, a change, undo, redo, reset) or the moment did. */
      type: 'runLog';
      /** Bumped each time the run's definition (start or log) changes; the same for a mere seek. */
      revision: number;
      /** The starting point (what Share and Export save, with the log). */
      start: Scenario;
      /** Every change after the start, in time order, with its source. */
      log: LogEntry[];
      /** The configuration in force at the moment on screen (what the controls show). */
      config: Scenario;
      /** What Undo / Redo would take back / reapply, or null when there is nothing. */
      undo: string | null;
      redo: string | null;
      /** What the last change also did, or could not keep (shown once, visibly). */
      notices: string[];
    }
  /** Long work is under way (sent every ~100 wall ms while it runs). */
  | { type: 'progress'; progress: WorkProgress }
  /**
   * Long work ended: finished, or stopped by `cancel` (or Pause, or a new scenario) at `now`
   * (simulated ms). The picture of that moment (`seeked` or `tick`) was posted just before.
   */
  | { type: 'workEnded'; kind: WorkKind; cancelled: boolean; now: number; done: number; total: number }
  | {
      /**
       * A Next event ended (its picture, `seeked`, was posted just before): `marker` is the marker it
       * stopped at, or null when it found none within `limitMs` after `from` or was cancelled.
       */
      type: 'nextEvent';
      marker: TimelineMarker | null;
      cancelled: boolean;
      /** Simulated ms: where it started, where it stopped, and how far ahead it looked at most. */
      from: number;
      now: number;
      limitMs: number;
    }
  | {
      /**
       * A comparison of the load balancers (command `compare`): posted when it starts (no rows yet),
       * after each row, and when it ends (`done`, or `stopped` by Cancel with the rows it finished).
       */
      type: 'comparison';
      /** Counts the comparisons of this worker: a new one starts with a higher id. */
      id: number;
      state: ComparisonState;
      setup: ComparisonSetupInfo;
      /** comparisonBasis of the configuration it ran from (the page tells when results are stale). */
      basis: string;
      /** Rows so far, in COMPARED_BALANCERS order. */
      rows: ComparisonRow[];
      /** Rows it will have when done. */
      total: number;
    }
  | { type: 'pong'; id: number }
  | { type: 'error'; message: string };

/** What to transfer, not copy, with an update: a capture's bytes, a batch's hop columns. */
export function transferablesOf(update: WorkerUpdate): ArrayBuffer[] {
  if (update.type === 'capture') return [update.bytes];
  if (update.type === 'tick' || update.type === 'seeked') return hopBatchTransfer(update.hops);
  return [];
}
