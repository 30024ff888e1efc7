// The lit loopback circles of a packet canvas: per host, the latest loopback hop that has started, and
// how brightly its circle shows at a moment. Shared by the lab's canvas and the split view's second lab.
import { wallToSimMs } from '../state/packetFeed';
import { loopCircle, type NodeBox } from './layout';

/**
 * How long (wall ms) a host's loopback circle stays lit after a packet went round it. A loopback
 * hop takes 0.2 simulated ms by default, one animation frame at 1x: the lit circle is what lets the
 * room see that it happened (like the drop mark for a drop).
 */
export const LOOP_TRACE_WALL_MS = 900;
/** Never quite opaque, so a packet on the circle still shows through the line. */
const LOOP_TRACE_MAX_ALPHA = 0.85;

export interface ShownLoop {
  /** Layout px. */
  cx: number;
  cy: number;
  r: number;
  alpha: number;
}

export class LoopTraces {
  /** Per host, the latest loopback hop that has started (simulated ms). */
  private readonly last = new Map<string, { t0: number; t1: number }>();

  /** A loopback hop on `host` from `t0` to `t1` (simulated ms) is being drawn. */
  note(host: string, t0: number, t1: number): void {
    const seen = this.last.get(host);
    if (!seen || seen.t1 < t1) this.last.set(host, { t0, t1 });
  }

  /**
   * The circles to draw at simulated ms `now`: solid while a packet goes round, then fading over
   * LOOP_TRACE_WALL_MS at `speed` while running, held while paused. Forgets hosts gone from the
   * drawing, traces that have not happened yet (time went back: a seek or a reset) and, while
   * running, those that have faded out.
   */
  shown(nodes: ReadonlyMap<string, NodeBox>, now: number, speed: number, running: boolean): ShownLoop[] {
    const traceSim = wallToSimMs(LOOP_TRACE_WALL_MS, speed);
    const loops: ShownLoop[] = [];
    for (const [hostId, loop] of this.last) {
      const box = nodes.get(hostId);
      if (!box || now < loop.t0) {
        this.last.delete(hostId);
        continue;
      }
      const age = now - loop.t1;
      const fade = age <= 0 ? 1 : age >= traceSim ? 0 : running ? 1 - age / traceSim : 1;
      if (fade <= 0) {
        if (running) this.last.delete(hostId);
        continue;
      }
      const c = loopCircle(box);
      loops.push({ cx: c.cx, cy: c.cy, r: c.r, alpha: LOOP_TRACE_MAX_ALPHA * fade });
    }
    return loops;
  }
}
