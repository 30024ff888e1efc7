// The ui slice: the selected host and packet, the page's reduced-motion toggle, and the output of a
// command typed on the selected host.
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
    hostCommand: null,
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
    runHostCommand(host, command) {
      runtime.send({ type: 'hostCommand', host, command });
    },
  };
}
