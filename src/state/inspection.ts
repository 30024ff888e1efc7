// The explaining side of the page: the packet inspector's answer, a bounded history of decisions for
// the event log (with its filters and follow mode), the caption, and connection outcomes read aloud.
// A small zustand store of its own, fed by every worker update through the main store's tap and
// flushed into React at most ten times a second while playing. (Chart samples live in the main store.)
import { create } from 'zustand';
import type { Decision, DecisionAction, NodeId, NodeKind } from '../sim/types';
import type { PacketDetail, WorkerUpdate } from '../worker/protocol';
import { onWorkerUpdate, useLab } from './store';

/** Decisions the event log keeps; older ones are let go (the count of those is kept). */
export const HISTORY_CAP = 5000;
/** While playing, React sees new log lines at most this often (wall ms). */
const FLUSH_WALL_MS = 100;
/** The outcome live region speaks at most once per this many wall ms, summarising what it holds. */
export const ANNOUNCE_GAP_MS = 1000;
/** A selected packet still travelling is inspected again at most this often (wall ms). */
const REINSPECT_WALL_MS = 250;
/** Connections whose progress is tracked for the outcome announcements (oldest forgotten first). */
const TRACKED_CONNECTIONS = 2000;

export type ActionFilter = DecisionAction | 'all';

export interface LogFilters {
  action: ActionFilter;
  node: NodeId | 'all';
  /** Connection number, or null for every connection. */
  connId: number | null;
}

export type ExplainPanel = 'inspector' | 'buckets' | 'charts';

/** Every action the engine records, in the order the log's filter lists them. */
export const ACTIONS: DecisionAction[] = [
  'open',
  'send',
  'forward',
  'flood',
  'learn',
  'accept',
  'drop',
  'ignore',
  'loopback',
  'reply',
  'retransmit',
  'reset',
  'timeout',
  'complete',
  'converge',
  'state',
];

/** Actions worth the caption while playing fast: what a trainer would point at. */
const NOTABLE: ReadonlySet<DecisionAction> = new Set([
  'accept',
  'drop',
  'loopback',
  'complete',
  'timeout',
  'reset',
  'retransmit',
  'converge',
  'state',
  'open',
]);

export interface ConnectionOutcome {
  connId: number;
  /** Who opened it: `Client 1`, `Host 2`. */
  from: string;
  kind: 'served' | 'timeout' | 'reset';
  /** Served: the host that answered. Reset: who refused. */
  by: string | null;
  loopback: boolean;
  /** SYNs sent (1 + retransmissions). */
  syns: number;
}

interface TrackedConnection {
  fromNode: NodeId;
  from: string;
  server: string | null;
  loopback: boolean;
  syns: number;
  resetsAtClient: number;
  refusedBy: string | null;
}

interface NodeInfo {
  name: string;
  kind: NodeKind;
}

/**
 * Follows connections through their decisions and says when one ends: completed (served by whom,
 * through the loopback or not), timed out (after how many SYNs) or refused.
 */
export class OutcomeTracker {
  private conns = new Map<number, TrackedConnection>();

  constructor(private nodes: Map<NodeId, NodeInfo> = new Map()) {}

  setNodes(nodes: Map<NodeId, NodeInfo>): void {
    this.nodes = nodes;
  }

  clear(): void {
    this.conns.clear();
  }

  private name(id: NodeId): string {
    return this.nodes.get(id)?.name ?? id;
  }

  private get(d: Decision): TrackedConnection {
    let c = this.conns.get(d.connId);
    if (!c) {
      // Opened before the history we saw (e.g. a seek): the first decision's node stands in.
      c = {
        fromNode: d.node,
        from: this.name(d.node),
        server: null,
        loopback: false,
        syns: 1,
        resetsAtClient: 0,
        refusedBy: null,
      };
      this.conns.set(d.connId, c);
      if (this.conns.size > TRACKED_CONNECTIONS) {
        const oldest = this.conns.keys().next().value;
        if (oldest !== undefined) this.conns.delete(oldest);
      }
    }
    return c;
  }

  /** Feed decisions in order; returns the connections that ended among them. */
  ingest(decisions: readonly Decision[]): ConnectionOutcome[] {
    const ended: ConnectionOutcome[] = [];
    for (const d of decisions) {
      if (d.connId <= 0) continue;
      if (d.action === 'open') this.conns.delete(d.connId);
      const c = this.get(d);
      const finish = (kind: ConnectionOutcome['kind'], by: string | null) => {
        ended.push({ connId: d.connId, from: c.from, kind, by, loopback: c.loopback, syns: c.syns });
        this.conns.delete(d.connId);
      };
      switch (d.action) {
        case 'open':
          c.fromNode = d.node;
          c.from = this.name(d.node);
          break;
        case 'retransmit':
          c.syns += 1;
          break;
        case 'loopback':
          c.loopback = true;
          break;
        case 'accept':
          if (this.nodes.get(d.node)?.kind === 'host') c.server = this.name(d.node);
          break;
        case 'complete':
          finish('served', c.server);
          break;
        case 'timeout':
          finish('timeout', null);
          break;
        case 'reset':
          // The server answers RST first; the client's own "refused and fails" comes after. Through a
          // loopback both are made by the same host, so the second one there is the end.
          if (c.refusedBy === null) c.refusedBy = this.name(d.node);
          if (d.node === c.fromNode) {
            c.resetsAtClient += 1;
            if (!c.loopback || c.resetsAtClient >= 2) finish('reset', c.refusedBy);
          }
          break;
        default:
          break;
      }
    }
    return ended;
  }
}

/**
 * "by Host 2 over the network". The serving host is unknown when its accept was not among the
 * decisions the page received (at high speed the worker sends only the newest of each batch).
 */
function servedHow(o: ConnectionOutcome): string {
  const path = o.loopback ? 'through loopback' : 'over the network';
  return o.by ? `by ${o.by} ${path}` : `${path} (host not listed)`;
}

function describeOne(o: ConnectionOutcome): string {
  const head = `Connection ${o.connId} from ${o.from}`;
  switch (o.kind) {
    case 'served':
      return `${head}: served ${servedHow(o)}.`;
    case 'timeout':
      return `${head}: failed, timed out after ${o.syns} SYN${o.syns === 1 ? '' : 's'}.`;
    case 'reset':
      return `${head}: failed, refused${o.by ? ` by ${o.by}` : ''} (reset)${o.loopback ? ' through loopback' : ''}.`;
  }
}

/** One sentence for the live region: a single outcome in full, several summarised. */
export function describeOutcomes(outcomes: readonly ConnectionOutcome[]): string {
  if (outcomes.length === 0) return '';
  if (outcomes.length === 1) return describeOne(outcomes[0]!);
  const served = new Map<string, number>();
  let timedOut = 0;
  let refused = 0;
  for (const o of outcomes) {
    if (o.kind === 'served') {
      const key = servedHow(o);
      served.set(key, (served.get(key) ?? 0) + 1);
    } else if (o.kind === 'timeout') timedOut += 1;
    else refused += 1;
  }
  const parts = [...served].map(([how, n]) => `${n} served ${how}`);
  if (timedOut > 0) parts.push(`${timedOut} timed out`);
  if (refused > 0) parts.push(`${refused} refused`);
  return `${outcomes.length} more connections ended: ${parts.join(', ')}.`;
}

/** The engine writes ASCII arrows; real ones read better on a projector. A sentence ends with a stop. */
export function readable(text: string): string {
  const t = text.replace(/ -> /g, ' → ').trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

/** The decision the caption should narrate from a batch: the last notable one, else the last. */
export function captionPick(decisions: readonly Decision[]): Decision | null {
  for (let i = decisions.length - 1; i >= 0; i--) if (NOTABLE.has(decisions[i]!.action)) return decisions[i]!;
  return decisions[decisions.length - 1] ?? null;
}

export function matchesFilters(d: Decision, f: LogFilters): boolean {
  return (
    (f.action === 'all' || d.action === f.action) &&
    (f.node === 'all' || d.node === f.node) &&
    (f.connId === null || d.connId === f.connId)
  );
}

interface ExplainState {
  /** Decisions for the event log, oldest first, at most HISTORY_CAP. */
  history: Decision[];
  /** How many older decisions were let go to keep the history bounded. */
  trimmed: number;
  /**
   * Decisions of this run the worker made but did not send while playing (it sends the newest 400
   * per batch): at high speed the log lists a sample, and says so.
   */
  notListed: number;
  /** The decision the caption narrates. */
  caption: Decision | null;
  /** Connections of the last bulk run, while the caption has nothing newer to narrate (else null). */
  bulkRan: number | null;
  filters: LogFilters;
  /** True: the log shows the newest decisions as they come. False: it stays where the reader is. */
  follow: boolean;
  /** The worker's answer for the selected frame (compare its frameId with the selection). */
  detail: PacketDetail | null;
  /** The frame the worker said it no longer keeps (a bulk run's, or too old). */
  missingFrameId: number | null;
  /** A bucket pointed at from outside a packet (a lesson step). */
  highlightedBucket: number | null;
  /** The last connection outcome(s) in words (the polite live region). */
  outcomeText: string;
  panels: Record<ExplainPanel, boolean>;

  setFilters(patch: Partial<LogFilters>): void;
  clearFilters(): void;
  setFollow(follow: boolean): void;
  setPanel(panel: ExplainPanel, open: boolean): void;
  highlightBucket(bucket: number | null): void;
  /** Select the first kept frame of connection `connId` in the inspector; false if none is kept. */
  inspectConnection(connId: number): boolean;
  closeInspector(): void;
}

const NO_FILTERS: LogFilters = { action: 'all', node: 'all', connId: null };

export const useExplain = create<ExplainState>()((set, get) => ({
  history: [],
  trimmed: 0,
  notListed: 0,
  caption: null,
  bulkRan: null,
  filters: NO_FILTERS,
  follow: true,
  detail: null,
  missingFrameId: null,
  highlightedBucket: null,
  outcomeText: '',
  panels: { inspector: true, buckets: true, charts: true },

  setFilters(patch) {
    set((s) => ({ filters: { ...s.filters, ...patch } }));
  },
  clearFilters() {
    set({ filters: NO_FILTERS });
  },
  setFollow(follow) {
    set({ follow });
  },
  setPanel(panel, open) {
    set((s) => ({ panels: { ...s.panels, [panel]: open } }));
  },
  highlightBucket(bucket) {
    set({ highlightedBucket: bucket });
    if (bucket !== null) get().setPanel('buckets', true);
  },
  inspectConnection(connId) {
    const first = get().history.find((d) => d.connId === connId && d.frameId > 0);
    if (!first) return false;
    get().setPanel('inspector', true);
    useLab.getState().selectPacket(first.frameId);
    return true;
  },
  closeInspector() {
    useLab.getState().selectPacket(null);
    set({ detail: null, missingFrameId: null });
  },
}));

// ---- Feeding the store from worker updates -------------------------------------------------------

const tracker = new OutcomeTracker();
let pendingDecisions: Decision[] = [];
let lastFlushWall = 0;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

let queuedOutcomes: ConnectionOutcome[] = [];
let lastAnnounceWall = -Infinity;
let announceTimer: ReturnType<typeof setTimeout> | null = null;
let lastReinspectWall = 0;
let reinspectTimer: ReturnType<typeof setTimeout> | null = null;

function announceNow(): void {
  announceTimer = null;
  if (queuedOutcomes.length === 0) return;
  const text = describeOutcomes(queuedOutcomes);
  queuedOutcomes = [];
  lastAnnounceWall = performance.now();
  useExplain.setState({ outcomeText: text });
}

function queueOutcomes(outcomes: ConnectionOutcome[]): void {
  if (outcomes.length === 0) return;
  queuedOutcomes.push(...outcomes);
  if (announceTimer !== null) return;
  const wait = ANNOUNCE_GAP_MS - (performance.now() - lastAnnounceWall);
  if (wait <= 0) announceNow();
  else announceTimer = setTimeout(announceNow, wait);
}

function clearTimers(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  if (announceTimer !== null) clearTimeout(announceTimer);
  if (reinspectTimer !== null) clearTimeout(reinspectTimer);
  flushTimer = announceTimer = reinspectTimer = null;
  pendingDecisions = [];
  queuedOutcomes = [];
}

/** Ask again about the selected packet when something new happened to it (it is still travelling). */
function maybeReinspect(decisions: readonly Decision[]): void {
  const selected = useLab.getState().selectedFrameId;
  const detail = useExplain.getState().detail;
  if (selected === null || !detail || detail.frameId !== selected) return;
  const frames = new Set(detail.journey.map((d) => d.frameId));
  frames.add(selected);
  const touched = decisions.some(
    (d) => frames.has(d.frameId) || (detail.connId > 0 && d.connId === detail.connId),
  );
  if (!touched || reinspectTimer !== null) return;
  const run = () => {
    reinspectTimer = null;
    lastReinspectWall = performance.now();
    const still = useLab.getState().selectedFrameId;
    if (still !== null) useLab.getState().selectPacket(still);
  };
  const wait = REINSPECT_WALL_MS - (performance.now() - lastReinspectWall);
  if (wait <= 0) run();
  else reinspectTimer = setTimeout(run, wait);
}

function flush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  lastFlushWall = performance.now();
  const decisions = pendingDecisions;
  pendingDecisions = [];
  if (decisions.length === 0) return;
  useExplain.setState((s) => {
    let history = s.history.concat(decisions);
    let trimmed = s.trimmed;
    if (history.length > HISTORY_CAP) {
      trimmed += history.length - HISTORY_CAP;
      history = history.slice(history.length - HISTORY_CAP);
    }
    return { history, trimmed, caption: captionPick(decisions) ?? s.caption, bulkRan: null };
  });
  maybeReinspect(decisions);
}

function handle(update: WorkerUpdate): void {
  switch (update.type) {
    case 'loaded': {
      clearTimers();
      tracker.clear();
      tracker.setNodes(new Map(update.topology.nodes.map((n) => [n.id, { name: n.name, kind: n.kind }])));
      useExplain.setState({
        history: [],
        trimmed: 0,
        notListed: 0,
        caption: null,
        bulkRan: null,
        detail: null,
        missingFrameId: null,
        highlightedBucket: null,
        outcomeText: '',
        follow: true,
      });
      // A new run: its connection numbers start again, and a filtered node may no longer exist.
      useExplain.setState((s) => ({
        filters: {
          ...s.filters,
          connId: null,
          node: update.topology.nodes.some((n) => n.id === s.filters.node) ? s.filters.node : 'all',
        },
      }));
      return;
    }
    case 'tick': {
      if (update.decisionsNotSent > 0) {
        useExplain.setState((s) => ({ notListed: s.notListed + update.decisionsNotSent }));
      }
      if (update.decisions.length > 0) {
        pendingDecisions = pendingDecisions.concat(update.decisions);
        if (pendingDecisions.length > HISTORY_CAP) pendingDecisions = pendingDecisions.slice(-HISTORY_CAP);
        queueOutcomes(tracker.ingest(update.decisions));
      }
      if (update.bulkRun) {
        // A bulk run is counted, not traced: the caption must not go on narrating what came before.
        flush();
        useExplain.setState({ caption: null, bulkRan: update.bulkRun.connections });
        return;
      }
      const due = performance.now() - lastFlushWall >= FLUSH_WALL_MS;
      if (pendingDecisions.length === 0) return;
      if (!update.running || due) flush();
      else if (flushTimer === null) flushTimer = setTimeout(flush, FLUSH_WALL_MS);
      return;
    }
    case 'seeked': {
      clearTimers();
      tracker.clear();
      tracker.ingest(update.decisions);
      useExplain.setState({
        history: update.decisions.slice(-HISTORY_CAP),
        trimmed: 0,
        // The log now pictures the moment sought to, afresh.
        notListed: 0,
        caption: captionPick(update.decisions),
        detail: null,
        missingFrameId: null,
        // The last outcome may belong to a moment that has not happened yet at the new time.
        outcomeText: '',
      });
      return;
    }
    case 'inspection': {
      if (useLab.getState().selectedFrameId !== update.frameId) return;
      if (update.detail) useExplain.setState({ detail: update.detail, missingFrameId: null });
      else useExplain.setState({ detail: null, missingFrameId: update.frameId });
      return;
    }
    default:
      return;
  }
}

onWorkerUpdate(handle);

// A new selection opens the inspector; clearing it forgets the old answer.
useLab.subscribe((s, prev) => {
  if (s.selectedFrameId === prev.selectedFrameId) return;
  if (s.selectedFrameId === null) useExplain.setState({ detail: null, missingFrameId: null });
  else if (!useExplain.getState().panels.inspector) useExplain.getState().setPanel('inspector', true);
});
