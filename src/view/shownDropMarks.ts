// Which drop marks a packet canvas shows at a moment: one per (device, fate), faded as the newest drop
// of that fate there leaves it. Shared by the lab's canvas and the split view's second lab.
import type { DropMark } from '../state/packetFeed';
import { dropFateOf, type DropFate } from './dropFate';
import { dropPoint, type NodeBox } from './layout';

export interface ShownDropMark {
  node: string;
  /** Layout px. */
  x: number;
  y: number;
  /** 0..1: the newest drop's fade, never below a faint trace while running, full while paused. */
  alpha: number;
  fate: DropFate;
  /** Simulated ms of the newest drop the mark stands for. */
  t: number;
}

/** While running, an aged mark stays faintly visible until its drop leaves the feed. */
const RUNNING_FLOOR_ALPHA = 0.15;

/**
 * The marks to draw at simulated ms `now`, oldest drop first so the newest paints on top.
 *
 * Why one per (device, fate): a unicast cluster floods every client frame to all its hosts and all
 * but one drop it, so a busy 32-host run keeps hundreds of drops in view at the same few points.
 * Every mark of a (device, fate) has the same shape at the same point; the newest is the most opaque,
 * and stacking the older ones under it only piled up paint (and, on the worker path, hundreds of
 * overlay objects cloned every frame).
 */
export function shownDropMarks(
  drops: readonly DropMark[],
  nodes: ReadonlyMap<string, NodeBox>,
  now: number,
  /** How long a mark takes to fade, simulated ms (0: no fading). */
  fadeSimMs: number,
  running: boolean,
  /** Which kinds of device show drop marks. */
  shownKinds: ReadonlySet<NodeBox['node']['kind']>,
): ShownDropMark[] {
  // Per device drawn, per fate, its newest drop so far (a few of each: no key string per drop).
  const devices = new Map<string, { box: NodeBox; newest: Map<DropFate, DropMark> } | null>();
  for (const mark of drops) {
    if (now < mark.t) continue;
    let device = devices.get(mark.node);
    if (device === undefined) {
      const box = nodes.get(mark.node);
      device = box && shownKinds.has(box.node.kind) ? { box, newest: new Map() } : null;
      devices.set(mark.node, device);
    }
    if (!device) continue;
    const fate = dropFateOf(mark.code);
    const seen = device.newest.get(fate);
    if (!seen || seen.t <= mark.t) device.newest.set(fate, mark);
  }
  const shown: ShownDropMark[] = [];
  for (const device of devices.values()) {
    if (!device) continue;
    for (const [fate, mark] of device.newest) {
      const age = now - mark.t;
      const alpha = fadeSimMs > 0 ? Math.max(0, 1 - age / fadeSimMs) : 1;
      if (alpha <= 0 && running) continue;
      const p = dropPoint(device.box);
      shown.push({
        node: mark.node,
        x: p.x,
        y: p.y,
        alpha: running ? Math.max(alpha, RUNNING_FLOOR_ALPHA) : 1,
        fate,
        t: mark.t,
      });
    }
  }
  return shown.sort((a, b) => a.t - b.t);
}
