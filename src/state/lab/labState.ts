// The lab store's state and actions, one slice per concern: the run's definition and the
// configuration on screen (scenario), the simulation's latest picture and its controls (sim), the
// timeline (timeline), what the page has selected (ui), long work (work) and the comparison of the
// load balancers (comparison).
import type { Change, ChangeSource, LogEntry } from '../../scenario/changes';
import type { ClientLocation, ClientTarget, ClusterId, HostAction, Scenario } from '../../scenario/types';
import type { Decision, NodeId, Stats, Topology } from '../../sim/types';
import type { HostCommand } from '../../sim/hostCommands';
import type { ComparisonRow } from '../../sim/comparison';
import type {
  CapturePointInfo,
  ComparisonSetupInfo,
  ComparisonState,
  StatsSample,
  TimelineMarker,
  WorkerUpdate,
  WorkKind,
  WorkProgress,
} from '../../worker/protocol';

export interface ScenarioSlice {
  /**
   * The configuration in force at the moment on screen (the run's start with the changes logged up
   * to now applied), as the worker reports it: what every control shows.
   */
  scenario: Scenario;
  /** The run's starting point and its log of changes, as the worker owns them (Share saves these). */
  runStart: Scenario;
  runLog: LogEntry[];
  /** What Undo would take back and Redo reapply (their hints), or null when there is nothing. */
  undoLabel: string | null;
  redoLabel: string | null;
  /** What the last change also did, or could not keep (a client moved off a removed host, ...). */
  notices: string[];
  setClientLocation(location: ClientLocation): void;
  setTarget(target: ClientTarget): void;
  setHostCount(count: number): void;
  /**
   * Makes changes at the moment on screen, as one step of Undo. Changes that would leave the
   * configuration as it is (a select set to its own value) are dropped; none left, nothing happens
   * (returns false: nothing was sent).
   */
  change(changes: Change[], source?: ChangeSource): boolean;
  /**
   * Checks an edited configuration (parseScenario) and, when it is valid, makes the changes that
   * lead to it (live where NLB takes them live; a rebuild to this moment for the world's shape).
   * Returns the problems found; nothing is sent unless there are none.
   */
  applyScenario(next: Scenario): string[];
  /** Checks a whole scenario and starts a new run with it at 0 s. Returns the problems found. */
  loadScenario(scenario: Scenario): string[];
  undo(): void;
  redo(): void;
  dismissNotices(): void;
}

export interface SimSlice {
  topology: Topology | null;
  stats: Stats | null;
  /**
   * Counts the flushes of worker updates into this store (at most every UI_FLUSH_WALL_MS while
   * playing). Whatever else React shows of a playing run follows these (explainStore's flush,
   * useThrottled panels), so one commit (one layout, one paint) carries them all.
   */
  uiPulse: number;
  running: boolean;
  speed: number;
  error: string | null;
  /** Polite live-region text summarising the last bulk run. */
  announcement: string;
  /** A bulk run in progress: how many connections were asked for. */
  bulkPending: number | null;
  /** Where a capture can be taken (from `loaded`): the whole switch, each port, NIC and loopback. */
  capturePoints: CapturePointInfo[];
  /** Polite status text of the last export or capture ("Saved 120 frames to …"). */
  exportStatus: string;
  /** Starts the worker (idempotent: React StrictMode mounts effects twice in development). */
  start(): void;
  togglePlay(): void;
  /** Play / pause whatever the page last heard (a lesson or a link drives time with these). */
  play(): void;
  pause(): void;
  /**
   * Step: on to the next decision the caption would word differently from `shown` (the decision the
   * caption narrates now), showing the hops in between moving unless motion is reduced.
   */
  step(shown?: Decision | null): void;
  /**
   * Next event: run on to the next marker of the timeline and stop there, paused (long work, with
   * progress and Cancel; it gives up NEXT_EVENT_LIMIT_MS of simulated time ahead).
   */
  nextEvent(): void;
  /** What the last Next event stopped at, while the run is still at that moment (else null). */
  nextEventStop: NextEventStop | null;
  setSpeed(speed: number): void;
  /** Back to 0 s with the same starting point and no changes of its own (Undo brings them back). */
  reset(): void;
  runConnections(count: number, source?: ChangeSource): void;
  /** A new worker with the same run (start and log), back at the moment on screen. */
  restartWorker(): void;
  /** Apply a fault or an operation to a host now (Crash, Drainstop, Stop NLB, ...). */
  hostAction(cluster: ClusterId, hostIndex: number, action: HostAction, source?: ChangeSource): void;
  /** Ask for a pcap of a capture point; the file is saved when the worker answers. */
  capture(pointId: string): void;
  setExportStatus(text: string): void;
}

export interface TimelineSlice {
  /** Count samples over simulated time (accumulated from ticks, replaced on `seeked`). */
  samples: StatsSample[];
  /** Faults, changes and convergence moments of this run, in time order. */
  markers: TimelineMarker[];
  /** The furthest simulated time this run has reached (ms): the timeline's end. */
  endTime: number;
  /** The moment a seek in flight is going to (ms), so the slider stays where it was let go. */
  seekTarget: number | null;
  /** Move to simulated time `t` (ms); past the timeline's end only when `fastForward` is set. Pauses. */
  seek(t: number, fastForward?: boolean): void;
}

export interface UiSlice {
  selectedHostId: NodeId | null;
  selectHost(id: NodeId | null): void;
  /** The frame shown in the packet inspector (null: none). Frame ids restart with each run. */
  selectedFrameId: number | null;
  /** Select a frame (canvas click, event log) and ask the worker what it carried; null clears. */
  selectPacket(frameId: number | null): void;
  /** Packets jump hop by hop instead of gliding (the page's toggle; starts from the OS setting). */
  reducedMotion: boolean;
  setReducedMotion(on: boolean): void;
  /** The latest answer to a command typed on a host (its panel's `Command output`). */
  hostCommand: HostCommandOutput | null;
  /** Asks what `command` prints on `host` at the moment on screen. */
  runHostCommand(host: NodeId, command: HostCommand): void;
}

/** Where a Next event stopped: at `marker`, or (null) after looking `limitMs` ahead without one. */
export interface NextEventStop {
  marker: TimelineMarker | null;
  /** Simulated ms: where it started and where it stopped. */
  from: number;
  now: number;
  limitMs: number;
}

/** Long work the worker stopped part-way, and where it got to. */
export interface WorkStopped {
  kind: WorkKind;
  /** Simulated ms the run is at now. */
  now: number;
  /** How far it had got of its whole: simulated ms, or connections for a batch. */
  done: number;
  total: number;
}

export interface WorkSlice {
  /** Long work the worker is doing (a fast-forward, a replay, a batch), with its progress; or null. */
  work: WorkProgress | null;
  /** The last long work that was stopped part-way (shown until the next starts or it is dismissed). */
  workStopped: WorkStopped | null;
  /** Stop the long work at the moment it has reached. */
  cancelWork(): void;
  /** Go on with long work that asked first (it would take long). */
  confirmWork(): void;
  dismissWorkStopped(): void;
}

export type HostCommandOutput = Extract<WorkerUpdate, { type: 'hostCommandOutput' }>;

/** A comparison of the load balancers as the worker last reported it (see the `comparison` update). */
export interface ComparisonResult {
  id: number;
  state: ComparisonState;
  setup: ComparisonSetupInfo;
  /** What it ran from (comparisonBasis): when the configuration's basis differs, it is stale. */
  basis: string;
  rows: ComparisonRow[];
  total: number;
}

export interface ComparisonSlice {
  /**
   * The latest comparison: running (its rows so far), done, or stopped part-way. Kept until the
   * next comparison starts (also across a new scenario, where it shows as stale).
   */
  comparison: ComparisonResult | null;
  /** A comparison was asked for and the worker has not started it yet (it may be busy). */
  comparisonAsked: boolean;
  /** Compare every load balancer with `connections` from a backend to its own VIP. */
  compareBalancers(connections: number): void;
  /** Stop the comparison in progress; the rows it finished stay. */
  stopComparison(): void;
  /** Whether the Comparison panel is open (its heading opens and closes it). */
  comparisonOpen: boolean;
  setComparisonOpen(open: boolean): void;
}

export type LabState = ScenarioSlice & SimSlice & TimelineSlice & UiSlice & WorkSlice & ComparisonSlice;

/** What every slice is given: zustand's set and get for the whole lab state. */
export type SetLab = (partial: Partial<LabState> | ((s: LabState) => Partial<LabState>)) => void;
export type GetLab = () => LabState;
