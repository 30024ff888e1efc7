// The canvas above the topology: draws every hop in flight at the estimated simulated time, loopback
// hops circling inside their host, and short-lived drop marks. Runs in requestAnimationFrame and reads
// the packet feed directly, so React never re-renders per frame.
import { packetFeed, wallToSimMs, ARRIVAL_HOLD_WALL_MS, DROP_MARK_WALL_MS } from '../state/packetFeed';
import type { Hop } from '../sim/types';
import { dropPoint, linkBetween, loopCircle, pointAlong, type Layout, type Point } from './layout';
import {
  DROP_PATH,
  groupOf,
  PACKET_OUTLINE,
  PACKET_STYLES,
  SELECTED_RING_PATH,
  type PacketGroup,
} from './packetStyle';

export interface PacketLayer {
  setLayout(layout: Layout): void;
  /** Pan and zoom of the drawing (d3-zoom's transform): layout point p is drawn at p * k + (x, y). */
  setTransform(transform: ViewTransform): void;
  /** Packets jump from node to node instead of gliding. */
  setReducedMotion(on: boolean): void;
  /** The frame to ring (the one in the inspector), or null. */
  setSelected(frameId: number | null): void;
  /** The packet drawn nearest to layout point (x, y), within `radius`, as of the last frame. */
  hitTest(x: number, y: number, radius: number): Hop | null;
  /** What the last frame drew, in layout coordinates (for exporting the view). */
  snapshot(): { packets: DrawnPacket[]; drops: { x: number; y: number; alpha: number }[] };
  destroy(): void;
}

export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

export interface DrawnPacket {
  x: number;
  y: number;
  alpha: number;
  hop: Hop;
}

interface Placed {
  at: Point;
  /** 0..1; fades after arrival. */
  alpha: number;
}

/**
 * Where hop `hop` is at simulated time `now` (ms), or null when it is not visible. A hop is in flight
 * over [t0, t1); after t1 it lingers at its destination for `holdSimMs` (0 when paused, so a stepped
 * picture never shows one frame both arriving at a node and leaving it).
 */
function placeHop(layout: Layout, hop: Hop, now: number, holdSimMs: number, jump: boolean): Placed | null {
  if (now < hop.t0 || (holdSimMs <= 0 && now >= hop.t1 && hop.t1 > hop.t0)) return null;
  const duration = hop.t1 - hop.t0;
  const p = duration > 0 ? Math.min(1, (now - hop.t0) / duration) : 1;
  const alpha = now <= hop.t1 ? 1 : holdSimMs > 0 ? Math.max(0, 1 - (now - hop.t1) / holdSimMs) : 0;
  if (alpha <= 0) return null;
  // Reduced motion: no gliding; the packet sits at its source, then appears at its destination at t1.
  const shown = jump ? (p < 1 ? 0 : 1) : p;
  const fromBox = layout.nodes.get(hop.from);
  if (!fromBox) return null;
  if (hop.loopback || hop.from === hop.to) {
    // Round the host's own loopback circle, starting and ending at its top: never on a link.
    const c = loopCircle(fromBox);
    const angle = -Math.PI / 2 + shown * 2 * Math.PI;
    return { at: { x: c.cx + c.r * Math.cos(angle), y: c.cy + c.r * Math.sin(angle) }, alpha };
  }
  const toBox = layout.nodes.get(hop.to);
  if (!toBox) return null;
  const link = linkBetween(layout, hop.from, hop.to);
  if (link) return { at: pointAlong(link.path, shown, link.reversed), alpha };
  // No drawn link between them (should not happen): go straight, centre to centre.
  return {
    at: { x: fromBox.cx + (toBox.cx - fromBox.cx) * shown, y: fromBox.cy + (toBox.cy - fromBox.cy) * shown },
    alpha,
  };
}

export function createPacketLayer(canvas: HTMLCanvasElement): PacketLayer {
  const ctx = canvas.getContext('2d');
  let layout: Layout | null = null;
  let frame = 0;
  let drawnVersion = -1;
  let drawnLayout: Layout | null = null;
  const shapes = new Map<PacketGroup, Path2D>();
  for (const [group, style] of Object.entries(PACKET_STYLES))
    shapes.set(group as PacketGroup, new Path2D(style.path));
  const dropShape = new Path2D(DROP_PATH);
  const selectedRing = new Path2D(SELECTED_RING_PATH);
  // Where each packet was drawn last frame, for pointer hit-testing (a click scans them: a frame
  // holds at most a few hundred packets, so no spatial index is needed).
  let drawn: DrawnPacket[] = [];
  let drawnDrops: { x: number; y: number; alpha: number }[] = [];
  let view: ViewTransform = { k: 1, x: 0, y: 0 };
  let reduceMotion = false;
  let selected: number | null = null;

  const resize = (l: Layout) => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(l.width * dpr));
    const h = Math.max(1, Math.round(l.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    canvas.style.width = `${l.width}px`;
    canvas.style.height = `${l.height}px`;
  };

  const draw = () => {
    frame = requestAnimationFrame(draw);
    if (!ctx || !layout) return;
    const running = packetFeed.isRunning();
    // Paused and nothing new: the picture cannot have changed.
    if (!running && drawnVersion === packetFeed.version && drawnLayout === layout) return;
    drawnVersion = packetFeed.version;
    drawnLayout = layout;

    const now = packetFeed.simNow();
    packetFeed.prune(now);
    const speed = packetFeed.getSpeed();
    const holdSim = running ? wallToSimMs(ARRIVAL_HOLD_WALL_MS, speed) : 0;
    const dropSim = wallToSimMs(DROP_MARK_WALL_MS, speed);
    const dpr = canvas.width / layout.width;
    // Layout point p lands at device pixel dpr * (p * k + t); shapes scale with the zoom.
    const k = view.k;
    const scale = dpr * k;
    const place = (p: Point) =>
      ctx.setTransform(scale, 0, 0, scale, dpr * (p.x * k + view.x), dpr * (p.y * k + view.y));

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.lineJoin = 'round';
    drawn = [];
    drawnDrops = [];

    for (const hop of packetFeed.hops) {
      const placed = placeHop(layout, hop, now, holdSim, reduceMotion);
      if (!placed) continue;
      drawn.push({ x: placed.at.x, y: placed.at.y, alpha: placed.alpha, hop });
      const style = PACKET_STYLES[groupOf(hop.kind)];
      const shape = shapes.get(style.group)!;
      place(placed.at);
      if (hop.frameId === selected) {
        // The packet in the inspector: a bold ring, so the room can follow it.
        ctx.globalAlpha = 1;
        ctx.lineWidth = 3;
        ctx.strokeStyle = PACKET_OUTLINE;
        ctx.stroke(selectedRing);
      }
      ctx.globalAlpha = placed.alpha;
      if (style.hollow) {
        ctx.lineWidth = 5;
        ctx.strokeStyle = PACKET_OUTLINE;
        ctx.stroke(shape);
        ctx.lineWidth = 3;
        ctx.strokeStyle = style.fill;
        ctx.stroke(shape);
      } else {
        ctx.fillStyle = style.fill;
        ctx.fill(shape);
        ctx.lineWidth = 1.25;
        ctx.strokeStyle = PACKET_OUTLINE;
        ctx.stroke(shape);
      }
    }

    ctx.lineCap = 'round';
    for (const mark of packetFeed.drops) {
      if (now < mark.t) continue;
      const box = layout.nodes.get(mark.node);
      if (!box || box.node.kind !== 'host') continue;
      const age = now - mark.t;
      const alpha = dropSim > 0 ? Math.max(0, 1 - age / dropSim) : 1;
      if (alpha <= 0 && running) continue;
      const at = dropPoint(box);
      ctx.globalAlpha = running ? Math.max(alpha, 0.15) : 1;
      drawnDrops.push({ x: at.x, y: at.y, alpha: ctx.globalAlpha });
      place(at);
      ctx.lineWidth = 6;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke(dropShape);
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#1d1d1f';
      ctx.stroke(dropShape);
    }
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  };
  frame = requestAnimationFrame(draw);

  return {
    setLayout(next) {
      layout = next;
      resize(next);
    },
    setTransform(next) {
      view = { k: next.k, x: next.x, y: next.y };
      drawnVersion = -1;
    },
    setReducedMotion(on) {
      reduceMotion = on;
      drawnVersion = -1;
    },
    setSelected(frameId) {
      selected = frameId;
      drawnVersion = -1;
    },
    snapshot() {
      return { packets: drawn, drops: drawnDrops };
    },
    hitTest(x, y, radius) {
      let best: DrawnPacket | null = null;
      let bestD2 = radius * radius;
      for (const d of drawn) {
        const d2 = (d.x - x) ** 2 + (d.y - y) ** 2;
        if (d2 < bestD2) {
          best = d;
          bestD2 = d2;
        }
      }
      return best?.hop ?? null;
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
}
