// The sim slice: the simulation's latest picture (topology, stats, running, speed) and the controls
// that drive it (play, pause, step, next event, speed, reset, a batch of connections, host
// operations, capture).
import { clearPending, type LabRuntime } from './labRuntime';
import type { GetLab, SetLab, SimSlice } from './labState';
import { loadRun } from './scenarioSlice';

export function createSimSlice(
  runtime: LabRuntime,
  set: SetLab,
  get: GetLab,
  handleUpdate: Parameters<LabRuntime['openWorker']>[0],
  flush: () => void,
): SimSlice {
  /** A new worker with the run on screen (start and log); with `resume`, back at the moment on screen. */
  const connect = (resume = false) => {
    const moment = get().stats?.now ?? 0;
    runtime.bridge?.terminate();
    runtime.bridge = runtime.openWorker(handleUpdate);
    const { runStart, runLog, speed } = get();
    runtime.send({ type: 'setSpeed', speed });
    runtime.feed.setSpeed(speed);
    loadRun(runtime, set, runLog.length > 0 ? { ...runStart, log: runLog } : runStart);
    // The moment is rebuilt (long work with progress) once the new worker has loaded the run.
    runtime.resumeAt = resume && moment > 0 ? moment : null;
  };
  return {
    topology: null,
    stats: null,
    uiPulse: 0,
    running: false,
    speed: 1,
    error: null,
    announcement: '',
    bulkPending: null,
    capturePoints: [],
    exportStatus: '',
    start() {
      if (runtime.bridge === null) connect();
    },
    togglePlay() {
      runtime.send({ type: get().running ? 'pause' : 'play' });
    },
    play() {
      runtime.send({ type: 'play' });
    },
    pause() {
      // Also stops long work in progress (a fast-forward, a batch) where it got to.
      runtime.send({ type: 'pause' });
    },
    step(shown) {
      runtime.send(shown === undefined ? { type: 'step' } : { type: 'step', shown });
    },
    nextEvent() {
      set({ nextEventStop: null });
      runtime.send({ type: 'nextEvent' });
    },
    nextEventStop: null,
    setSpeed(speed) {
      set({ speed });
      runtime.feed.setSpeed(speed);
      runtime.send({ type: 'setSpeed', speed });
    },
    reset() {
      runtime.announceToken += 1;
      clearPending(runtime);
      runtime.feed.reset(0);
      set({ bulkPending: null, announcement: '' });
      runtime.send({ type: 'reset' });
    },
    runConnections(count, source = 'user') {
      flush();
      set({ bulkPending: count });
      runtime.send({ type: 'change', changes: [{ type: 'runConnections', count }], source });
    },
    hostAction(cluster, hostIndex, action, source = 'user') {
      runtime.send({ type: 'change', changes: [{ type: 'hostAction', cluster, hostIndex, action }], source });
    },
    capture(pointId) {
      set({ exportStatus: '' });
      runtime.send({ type: 'capture', pointId });
    },
    setExportStatus(text) {
      set({ exportStatus: text });
    },
    restartWorker() {
      runtime.seekInFlight = false;
      runtime.queuedSeek = null;
      set({ error: null, work: null, workStopped: null, bulkPending: null });
      connect(true);
    },
  };
}
