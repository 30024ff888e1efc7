// The explaining side of the page: the packet inspector's answer, a bounded history of decisions for
// the event log (with its filters and follow mode), the caption, and connection outcomes read aloud.
// A small zustand store of its own, fed by every worker update through the main store's tap (wired
// in wireLab.ts) and flushed into React with the lab store's own flushes while playing (at most ten
// a second, in the same commit: see SimSlice.uiPulse). Its history is the
// one place the page keeps decisions (the export reads it too). Chart samples live in the main store.
import { create } from 'zustand';
import type { ConnectionEnd, Decision, DecisionAction, NodeId } from '../sim/types';
import { describeEnds } from './connectionEnds';
import type { PacketDetail, WorkerUpdate } from '../worker/protocol';
import { useLab, type LabState } from './store';
import { captionPick } from '../sim/notableDecision';

/** Decisions the page keeps (event log and export); older ones are let go (the count of those is kept). */
export const HISTORY_CAP = 20_000;
/** The outcome live region speaks at most once per this many wall ms, summarising what it holds. */
export const ANNOUNCE_GAP_MS = 1000;
/** A selected packet still travelling is inspected again at most this often (wall ms). */
const REINSPECT_WALL_MS = 250;
/** Connections whose progress is tracked for the outcome announcements (oldest forgotten first). */

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

/** The engine writes ASCII arrows; real ones read better on a projector. A sentence ends with a stop. */
export function readable(text: string): string {
  const t = text.replace(/ -> /g, ' → ').trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

export { captionPick };

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

/** Node names of the run on screen, for the outcome sentences. */
let nodeNames = new Map<NodeId, string>();
const nameOf = (id: NodeId) => nodeNames.get(id) ?? id;
let pendingDecisions: Decision[] = [];
/** Decisions the worker could not send since the last flush (counted with them, not per update). */
let pendingNotListed = 0;

let queuedOutcomes: ConnectionEnd[] = [];
let lastAnnounceWall = -Infinity;
let announceTimer: ReturnType<typeof setTimeout> | null = null;
let lastReinspectWall = 0;
let reinspectTimer: ReturnType<typeof setTimeout> | null = null;

function announceNow(): void {
  announceTimer = null;
  if (queuedOutcomes.length === 0) return;
  const text = describeEnds(queuedOutcomes, nameOf);
  queuedOutcomes = [];
  lastAnnounceWall = performance.now();
  useExplain.setState({ outcomeText: text });
}

function queueOutcomes(outcomes: readonly ConnectionEnd[]): void {
  if (outcomes.length === 0) return;
  queuedOutcomes.push(...outcomes);
  if (announceTimer !== null) return;
  const wait = ANNOUNCE_GAP_MS - (performance.now() - lastAnnounceWall);
  if (wait <= 0) announceNow();
  else announceTimer = setTimeout(announceNow, wait);
}

function clearTimers(): void {
  if (announceTimer !== null) clearTimeout(announceTimer);
  if (reinspectTimer !== null) clearTimeout(reinspectTimer);
  announceTimer = reinspectTimer = null;
  pendingDecisions = [];
  pendingNotListed = 0;
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

/**
 * Hands the decisions that arrived since the last flush to React. While playing, called when the lab
 * store flushes its own updates (wireLab.ts), so the log, caption and the clock change in one commit.
 */
export function flushExplain(): void {
  const decisions = pendingDecisions;
  const notSent = pendingNotListed;
  pendingDecisions = [];
  pendingNotListed = 0;
  if (decisions.length === 0) {
    if (notSent > 0) useExplain.setState((s) => ({ notListed: s.notListed + notSent }));
    return;
  }
  useExplain.setState((s) => {
    let history = s.history.concat(decisions);
    let trimmed = s.trimmed;
    if (history.length > HISTORY_CAP) {
      trimmed += history.length - HISTORY_CAP;
      history = history.slice(history.length - HISTORY_CAP);
    }
    return {
      history,
      trimmed,
      notListed: s.notListed + notSent,
      caption: captionPick(decisions) ?? s.caption,
      bulkRan: null,
    };
  });
  maybeReinspect(decisions);
}

/** Takes in one worker update (wired to the lab store's tap in wireLab.ts). */
export function handleExplainUpdate(update: WorkerUpdate): void {
  switch (update.type) {
    case 'loaded': {
      clearTimers();
      nodeNames = new Map(update.topology.nodes.map((n) => [n.id, n.name]));
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
      queueOutcomes(update.ended);
      // Counted now, shown with the next flush: a state change per update re-rendered the log 60 times a second.
      pendingNotListed += update.decisionsNotSent;
      if (update.decisions.length > 0) {
        pendingDecisions = pendingDecisions.concat(update.decisions);
        if (pendingDecisions.length > HISTORY_CAP) pendingDecisions = pendingDecisions.slice(-HISTORY_CAP);
      }
      if (update.bulkRun) {
        // A bulk run is counted, not traced: the caption must not go on narrating what came before.
        flushExplain();
        useExplain.setState({ caption: null, bulkRan: update.bulkRun.connections });
        return;
      }
      // Playing: the lab store's next flush (within UI_FLUSH_WALL_MS) brings these (flushExplain).
      if (!update.running && (pendingDecisions.length > 0 || pendingNotListed > 0)) flushExplain();
      return;
    }
    case 'seeked': {
      clearTimers();
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

/** A new selection opens the inspector; clearing it forgets the old answer (a lab store listener). */
export function followSelection(s: LabState, prev: LabState): void {
  if (s.selectedFrameId === prev.selectedFrameId) return;
  if (s.selectedFrameId === null) useExplain.setState({ detail: null, missingFrameId: null });
  else if (!useExplain.getState().panels.inspector) useExplain.getState().setPanel('inspector', true);
}
