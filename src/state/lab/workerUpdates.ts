// How the lab store takes in the worker's updates: the listeners see each one first; stats, samples
// and markers reach React at most every UI_FLUSH_WALL_MS while playing; packets go straight to the
// packet feed (the canvas), never through React; a Step's hops glide there unless motion is reduced.
import { sampleOf, PROTOCOL_VERSION, type WorkerUpdate } from '../../worker/protocol';
import { saveBytes } from '../download';
import { summarise } from '../runSummary';
import { mergeMarkers, mergeSamples } from '../timeline';
import { clearPending, type LabRuntime } from './labRuntime';
import type { GetLab, SetLab } from './labState';

/** While playing, React sees new stats and timeline points at most this often (wall ms). */
export const UI_FLUSH_WALL_MS = 100;

export interface UpdateHandler {
  handle(update: WorkerUpdate): void;
  /** Hand what waits to React now. */
  flush(): void;
}

export function createUpdateHandler(runtime: LabRuntime, set: SetLab, get: GetLab): UpdateHandler {
  const flush = () => {
    if (runtime.flushTimer !== null) clearTimeout(runtime.flushTimer);
    runtime.flushTimer = null;
    runtime.lastFlushWall = performance.now();
    const {
      pendingStats: stats,
      pendingSamples: samples,
      pendingMarkers: markers,
      pendingEndTime: endTime,
    } = runtime;
    runtime.pendingStats = null;
    runtime.pendingSamples = [];
    runtime.pendingMarkers = [];
    runtime.pendingEndTime = null;
    if (stats === null && endTime === null) {
      set((s) => ({ uiPulse: s.uiPulse + 1 }));
      return;
    }
    set((s) => ({
      uiPulse: s.uiPulse + 1,
      stats: stats ?? s.stats,
      ...(endTime === null
        ? {}
        : {
            endTime,
            samples: mergeSamples(s.samples, samples, endTime),
            markers: mergeMarkers(s.markers, markers, endTime),
          }),
    }));
  };

  const announce = (text: string) => {
    // Clear first so a screen reader announces a repeated, identical summary again; a scenario
    // loaded in between (new token) means the summary is stale and must not appear.
    const token = ++runtime.announceToken;
    set({ announcement: '' });
    setTimeout(() => {
      if (token === runtime.announceToken) set({ announcement: text });
    }, 50);
  };

  const handle = (update: WorkerUpdate) => {
    for (const listener of runtime.listeners) listener(update);
    switch (update.type) {
      case 'loaded': {
        if (update.version !== PROTOCOL_VERSION) {
          set({
            error: `The simulation speaks protocol version ${update.version}; this page expects ${PROTOCOL_VERSION}. Reload the page.`,
          });
          return;
        }
        clearPending(runtime);
        runtime.seekInFlight = false;
        runtime.queuedSeek = null;
        runtime.feed.reset(update.stats.now);
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
          // A new run: long work of the old one, and where it stopped, are no longer news.
          work: null,
          workStopped: null,
          selectedFrameId: null,
          selectedHostId: s.selectedHostId !== null && ids.has(s.selectedHostId) ? s.selectedHostId : null,
          nextEventStop: null,
        }));
        // A restarted worker goes back to the moment the page was showing.
        const resumeAt = runtime.resumeAt;
        runtime.resumeAt = null;
        if (resumeAt !== null) get().seek(resumeAt, true);
        return;
      }
      case 'tick': {
        if (update.stepFrom !== undefined) {
          runtime.feed.ingestStep(
            update.stepFrom,
            update.now,
            update.hops,
            update.decisions,
            !get().reducedMotion,
          );
        } else runtime.feed.ingest(update.now, update.running, update.hops, update.decisions);
        // The run moved on (or something happened) since a Next event stopped: that is no longer news.
        if (
          get().nextEventStop !== null &&
          (update.now !== get().nextEventStop!.now || update.decisions.length > 0)
        )
          set({ nextEventStop: null });
        runtime.pendingStats = update.stats;
        // A tick's end time below what was kept means a new change replaced the recorded future.
        runtime.pendingSamples = mergeSamples(runtime.pendingSamples, update.samples, update.endTime);
        runtime.pendingMarkers = mergeMarkers(runtime.pendingMarkers, update.markers, update.endTime);
        runtime.pendingEndTime = update.endTime;
        const runningChanged = update.running !== get().running;
        if (runningChanged) set({ running: update.running });
        const due = performance.now() - runtime.lastFlushWall >= UI_FLUSH_WALL_MS;
        if (!update.running || runningChanged || due || update.bulkRun) flush();
        else if (runtime.flushTimer === null) runtime.flushTimer = setTimeout(flush, UI_FLUSH_WALL_MS);
        if (update.bulkRun) {
          announce(summarise(update.bulkRun, update.stats.hosts));
          set({ bulkPending: null });
        }
        return;
      }
      case 'seeked': {
        clearPending(runtime);
        runtime.feed.replace(update.now, update.hops, update.decisions);
        set({
          stats: update.stats,
          running: false,
          samples: mergeSamples([], update.samples, update.endTime),
          markers: mergeMarkers([], update.markers, update.endTime),
          endTime: update.endTime,
          selectedFrameId: null,
          seekTarget: null,
          // A Next event's own picture comes just before it says where it stopped.
          nextEventStop: null,
        });
        runtime.seekInFlight = false;
        // The slider moved on while this seek ran: go where it was let go.
        const next = runtime.queuedSeek;
        runtime.queuedSeek = null;
        if (next !== null && Math.abs(next - update.now) > 1e-6) get().seek(next);
        return;
      }
      case 'runLog': {
        const fresh = update.revision !== runtime.runRevision;
        runtime.runRevision = update.revision;
        set({
          scenario: update.config,
          // The definition is replaced only when it changed, so a seek is not taken for an edit.
          ...(fresh ? { runStart: update.start, runLog: update.log } : {}),
          undoLabel: update.undo,
          redoLabel: update.redo,
          // A moment moved to (a seek) says nothing new: the notices of the last change stay.
          ...(update.notices.length > 0 ? { notices: update.notices } : {}),
        });
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
      case 'inspection':
        return;
      case 'hostCommandOutput':
        set({ hostCommand: update });
        return;
      case 'progress':
        set({ work: update.progress, workStopped: null });
        return;
      case 'workEnded':
        set({
          work: null,
          workStopped: update.cancelled
            ? { kind: update.kind, now: update.now, done: update.done, total: update.total }
            : null,
        });
        return;
      case 'nextEvent':
        set({
          nextEventStop: update.cancelled
            ? null
            : { marker: update.marker, from: update.from, now: update.now, limitMs: update.limitMs },
        });
        return;
      case 'comparison': {
        const { type: _type, ...result } = update;
        set({ comparison: result, comparisonAsked: false });
        return;
      }
      case 'pong':
        return;
      case 'error':
        runtime.seekInFlight = false;
        runtime.queuedSeek = null;
        runtime.resumeAt = null;
        set((s) => ({
          error: update.message,
          running: false,
          bulkPending: null,
          seekTarget: null,
          work: null,
          // A comparison in progress ended with the worker: the rows it finished stay.
          comparisonAsked: false,
          ...(s.comparison?.state === 'running' ? { comparison: { ...s.comparison, state: 'stopped' } } : {}),
        }));
        runtime.feed.setRunning(false);
        return;
    }
  };
  return { handle, flush };
}
