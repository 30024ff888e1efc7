// The timeline slice: count samples and markers of the run, its end, and seeking to a moment (one
// seek in flight at a time; the latest wanted moment waits for it).
import type { LabRuntime } from './labRuntime';
import type { GetLab, SetLab, TimelineSlice } from './labState';

export function createTimelineSlice(runtime: LabRuntime, set: SetLab, get: GetLab): TimelineSlice {
  return {
    samples: [],
    markers: [],
    endTime: 0,
    seekTarget: null,
    seek(t, fastForward = false) {
      const target = Math.max(0, fastForward ? t : Math.min(t, get().endTime));
      if (runtime.seekInFlight) {
        runtime.queuedSeek = target;
        set({ seekTarget: target });
        return;
      }
      runtime.seekInFlight = true;
      set({ seekTarget: target });
      runtime.send({ type: 'seek', t: target });
    },
  };
}
