// The ui slice: the selected host and packet, and the page's reduced-motion toggle.
import type { LabRuntime } from './labRuntime';
import type { SetLab, UiSlice } from './labState';

/** Whether the operating system asks for reduced motion (the page's toggle starts from it). */
function prefersReducedMotion(): boolean {
  return (
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
  );
}

export function createUiSlice(runtime: LabRuntime, set: SetLab): UiSlice {
  return {
    selectedHostId: null,
    selectedFrameId: null,
    reducedMotion: prefersReducedMotion(),
    selectHost(id) {
      set({ selectedHostId: id });
    },
    selectPacket(frameId) {
      set({ selectedFrameId: frameId });
      if (frameId !== null) runtime.send({ type: 'inspect', frameId });
    },
    setReducedMotion(on) {
      set({ reducedMotion: on });
    },
  };
}
