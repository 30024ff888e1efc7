// Where everything sits in the drawing: node boxes, cluster boxes and the polyline of every link,
// in CSS pixels of the topology area. Pure geometry, shared by the SVG (topology) and canvas (packets).
import type { NodeId, Topology, TopologyNode } from '../sim/types';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  /** Top-left corner. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeBox extends Box {
  node: TopologyNode;
  cx: number;
  cy: number;
}

export interface ClusterBox extends Box {
  id: string;
  /** Height of the label tab drawn above the box's top edge. */
  tabH: number;
}

/** How far a second NIC's cable runs beside the first, px. */
const SECOND_NIC_OFFSET = 5;

export interface LinkPath {
  id: string;
  a: NodeId;
  b: NodeId;
  /** Polyline from a to b. */
  points: Point[];
  /** Cumulative length at each point, for interpolation at constant speed. */
  lengths: number[];
  /** A host's second network adapter's cable: drawn beside the first, dashed. */
  secondNic?: boolean;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<NodeId, NodeBox>;
  clusters: ClusterBox[];
  links: LinkPath[];
  /** Host text size in px, chosen so labels fit however many hosts there are. */
  hostFont: number;
  /** How much each host box says: see HostDetail. */
  hostDetail: HostDetail;
  /** Dense: shorter client/router/switch boxes (one address line) to give many hosts more room. */
  dense: boolean;
}

/**
 * full: name, address, state, served count. compact: name and address. tiny: name only (32 hosts on
 * a small screen); the rest is in the host's accessible name and panel.
 */
export type HostDetail = 'full' | 'compact' | 'tiny';

const MARGIN = 12;
const TOP_NODE_W = 156;
/** Spacing that a dense layout tightens when hosts would otherwise get name-only boxes. */
interface Density {
  dense: boolean;
  /** Height of the client, router and switch boxes. */
  topH: number;
  /** Gap between those boxes and the clusters' label tabs. */
  bandGap: number;
  /** Height of the bus lane above each row of hosts when there are several rows. */
  busGap: number;
}
const NORMAL: Density = { dense: false, topH: 64, bandGap: 24, busGap: 18 };
const DENSE: Density = { dense: true, topH: 46, bandGap: 14, busGap: 12 };
const TAB_H = 30;
const CLUSTER_PAD = 12;
const MAX_HOST_W = 200;
const MAX_HOST_H = 128;
/** Host text size range in px: large enough for a projector, small enough for 32 hosts. */
const MAX_HOST_FONT = 17;
/** Smallest text worth showing a richer box for; below it, say less in larger type. */
const MIN_FONT: Record<HostDetail, number> = { full: 12.5, compact: 11.5, tiny: 0 };
const DETAIL_RANK: Record<HostDetail, number> = { full: 2, compact: 1, tiny: 0 };

function cumulative(points: Point[]): number[] {
  const out = [0];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    out.push(out[i - 1]! + Math.hypot(b.x - a.x, b.y - a.y));
  }
  return out;
}

function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => {
    const prev = points[i - 1];
    return prev === undefined || Math.abs(prev.x - p.x) > 0.01 || Math.abs(prev.y - p.y) > 0.01;
  });
}

/** Where the segment from a box's centre towards `toward` leaves the box. */
function edgePoint(box: NodeBox, toward: Point): Point {
  const dx = toward.x - box.cx;
  const dy = toward.y - box.cy;
  if (dx === 0 && dy === 0) return { x: box.cx, y: box.cy };
  const sx = dx === 0 ? Infinity : box.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : box.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: box.cx + dx * s, y: box.cy + dy * s };
}

interface Grid {
  cols: number;
  rows: number;
  hostW: number;
  hostH: number;
  busGap: number;
  colGap: number;
  font: number;
  detail: HostDetail;
}

/** The largest text size (px) each level of detail allows in a host box of this size. */
function fontsFor(w: number, h: number): Record<HostDetail, number> {
  // Loopback ring room on the right (see loopCircle) is kept clear in every mode.
  const ring = 2 * Math.max(7, Math.min(16, h / 6)) + 8;
  return {
    // Longest line `Converged as DEFAULT` at 0.82em; four lines.
    full: Math.min(MAX_HOST_FONT, (h - 10) / 4.9, (w - 22) / 9.4),
    // `10.0.0.100` at 0.88em beside the ring; two lines.
    compact: Math.min(MAX_HOST_FONT, (h - 8) / 2.5, (w - 14 - ring) / 4.9),
    // `Host 32` in bold; one line.
    tiny: Math.min(MAX_HOST_FONT, (h - 6) / 1.3, (w - 12 - ring) / 4.4),
  };
}

/**
 * Picks the row/column split and level of detail for the hosts: the richest detail that still gets
 * legible text (MIN_FONT), then the largest text.
 */
function chooseGrid(n: number, innerW: number, innerH: number, multiRowBusGap = NORMAL.busGap): Grid {
  let best: Grid | null = null;
  let bestScore = -Infinity;
  for (let rows = 1; rows <= n; rows++) {
    let cols = Math.ceil(n / rows);
    // With several rows the trunk from the switch runs down the middle gap, so keep columns even.
    if (rows > 1 && cols % 2 === 1) cols += 1;
    if (Math.ceil(n / cols) !== rows) continue;
    const busGap = rows > 1 ? multiRowBusGap : 24;
    const colGap = cols > 8 ? 10 : 16;
    const hostW = Math.min((innerW - (cols - 1) * colGap) / cols, MAX_HOST_W);
    const hostH = Math.min((innerH - rows * busGap) / rows, MAX_HOST_H);
    if (hostW <= 0 || hostH <= 0) continue;
    const fonts = fontsFor(hostW, hostH);
    for (const detail of ['full', 'compact', 'tiny'] as const) {
      const font = fonts[detail];
      if (font < MIN_FONT[detail]) continue;
      const score = DETAIL_RANK[detail] * 100 + font;
      if (score > bestScore) {
        bestScore = score;
        best = { cols, rows, hostW, hostH, busGap, colGap, font: Math.max(8, font), detail };
      }
    }
  }
  return best ?? { cols: 1, rows: 1, hostW: 0, hostH: 0, busGap: 24, colGap: 16, font: 12, detail: 'tiny' };
}

/** Narrowest a cluster box may be: its label tab (name and VIP badge) must fit. */
const MIN_CLUSTER_W = 300;

function gridScore(grid: Grid): number {
  return grid.hostW > 0 ? DETAIL_RANK[grid.detail] * 100 + grid.font : -Infinity;
}

/**
 * Shares the width between clusters side by side: the split whose worst-off cluster still gets the
 * richest, largest host text (so 32 hosts beside 3 get most of the room).
 */
function splitWidths(counts: number[], total: number, innerH: number, busGap: number): number[] {
  if (counts.length <= 1) return counts.map(() => total);
  const [a, b] = [counts[0]!, counts[1]!];
  const score = (w: number, n: number) => gridScore(chooseGrid(n, w - 2 * CLUSTER_PAD, innerH, busGap));
  let best = total / 2;
  let bestScore = -Infinity;
  for (let f = 0.2; f <= 0.801; f += 0.025) {
    const wa = Math.max(MIN_CLUSTER_W, Math.min(total - MIN_CLUSTER_W, total * f));
    const sa = score(wa, a);
    const sb = score(total - wa, b);
    // The worse of the two first, then the sum; an even split wins ties (it looks balanced).
    const s = Math.min(sa, sb) * 1000 + sa + sb - Math.abs(wa - total / 2) / 1000;
    if (s > bestScore) {
      bestScore = s;
      best = wa;
    }
  }
  return [best, total - best, ...counts.slice(2).map(() => 0)];
}

/** A load balancer's box is wider than the other top-row boxes: its name, and an icon beside its addresses. */
const BALANCER_EXTRA_W = 28;
/** A load balancer's box at its natural width (it may be drawn narrower in a crowded top row). */
export const BALANCER_W = TOP_NODE_W + BALANCER_EXTRA_W;
/** Gap between top-row boxes when they are short of room (36 px otherwise). */
const MIN_TOP_GAP = 20;
/** Top-row boxes never shrink below this share of their width (their names must still fit). */
const MIN_TOP_SHRINK = 0.72;

/**
 * Widths of the top row's boxes and the gap between them: as drawn without a balancer; with one or
 * two, tighter gaps and then narrower boxes when the row would not fit the drawing's width.
 */
function topRow(
  leftChain: number,
  balancers: number,
  regionW: number,
): { nodeW: number; balancerW: number; gap: number } {
  const natural = { nodeW: TOP_NODE_W, balancerW: BALANCER_W, gap: 36 };
  if (balancers === 0) return natural;
  const boxes = leftChain + 1;
  const gaps = boxes - 1 + balancers;
  const boxesW = boxes * natural.nodeW + balancers * natural.balancerW;
  if (boxesW + gaps * natural.gap <= regionW) return natural;
  const gap = MIN_TOP_GAP;
  const shrink = Math.max(MIN_TOP_SHRINK, Math.min(1, (regionW - gaps * gap) / boxesW));
  return { nodeW: natural.nodeW * shrink, balancerW: natural.balancerW * shrink, gap };
}

function layoutScore(layout: Layout): number {
  return DETAIL_RANK[layout.hostDetail] * 100 + layout.hostFont;
}

export function computeLayout(topology: Topology, width: number, height: number): Layout {
  const normal = arrange(topology, width, height, NORMAL);
  // Roomy enough already: keep the fuller client/router/switch boxes.
  if (normal.hostDetail !== 'tiny' && normal.hostFont >= 14) return normal;
  const dense = arrange(topology, width, height, DENSE);
  return layoutScore(dense) > layoutScore(normal) + 0.5 ? dense : normal;
}

function arrange(topology: Topology, width: number, height: number, density: Density): Layout {
  const TOP_NODE_H = density.topH;
  const nodes = new Map<NodeId, NodeBox>();
  const place = (node: TopologyNode, cx: number, cy: number, w: number, h: number) => {
    nodes.set(node.id, { node, cx, cy, w, h, x: cx - w / 2, y: cy - h / 2 });
  };

  const hostsByCluster = new Map<string, TopologyNode[]>();
  for (const node of topology.nodes) {
    if (node.kind !== 'host') continue;
    const key = node.cluster ?? 'A';
    const list = hostsByCluster.get(key) ?? [];
    list.push(node);
    hostsByCluster.set(key, list);
  }
  for (const list of hostsByCluster.values()) list.sort((p, q) => (p.hostIndex ?? 0) - (q.hostIndex ?? 0));
  const clusterIds = topology.clusters.map((c) => c.id as string).filter((id) => hostsByCluster.has(id));
  for (const id of hostsByCluster.keys()) if (!clusterIds.includes(id)) clusterIds.push(id);

  // Top band: clients, router and switch in a row; clusters below.
  const topCy = MARGIN + TOP_NODE_H / 2;
  const regionTop = topCy + TOP_NODE_H / 2 + density.bandGap;
  const regionBottom = height - MARGIN;
  const regionW = width - 2 * MARGIN;
  const clusterGap = 28;
  const widths = splitWidths(
    clusterIds.map((id) => hostsByCluster.get(id)?.length ?? 0),
    regionW - (clusterIds.length - 1) * clusterGap,
    regionBottom - (regionTop + TAB_H) - CLUSTER_PAD,
    density.busGap,
  );

  const clusters: ClusterBox[] = [];
  let hostFont = MAX_HOST_FONT;
  let hostDetail: HostDetail = 'full';
  const busInfo = new Map<NodeId, { clusterIdx: number; busY: number; hostCx: number; hostTop: number }>();
  const trunkX: number[] = [];
  const clusterTop: number[] = [];

  clusterIds.forEach((id, ci) => {
    const hosts = hostsByCluster.get(id) ?? [];
    const perCluster = widths[ci]!;
    const regionX = MARGIN + widths.slice(0, ci).reduce((a, w) => a + w + clusterGap, 0);
    const innerW = perCluster - 2 * CLUSTER_PAD;
    const boxTop = regionTop + TAB_H;
    const innerH = regionBottom - boxTop - CLUSTER_PAD;
    const grid = chooseGrid(hosts.length, innerW, innerH, density.busGap);
    const rowW = grid.cols * grid.hostW + (grid.cols - 1) * grid.colGap;
    // Shrink the box around its hosts (tidier for a few hosts) but keep room for the label tab.
    const boxW = Math.min(perCluster, Math.max(rowW + 2 * CLUSTER_PAD, 440));
    const boxX = regionX + (perCluster - boxW) / 2;
    const boxH = grid.rows * (grid.hostH + grid.busGap) + CLUSTER_PAD;
    const centreX = boxX + boxW / 2;
    // One text size for all clusters so hosts look alike.
    hostFont = Math.min(hostFont, grid.font);
    if (DETAIL_RANK[grid.detail] < DETAIL_RANK[hostDetail]) hostDetail = grid.detail;
    clusters.push({ id, x: boxX, y: boxTop, w: boxW, h: boxH, tabH: TAB_H });
    trunkX.push(centreX);
    clusterTop.push(boxTop);

    hosts.forEach((node, i) => {
      const row = Math.floor(i / grid.cols);
      const col = i % grid.cols;
      const inRow = Math.min(grid.cols, hosts.length - row * grid.cols);
      const thisRowW = inRow * grid.hostW + (inRow - 1) * grid.colGap;
      // Full rows are centred on the trunk; a short last row is centred too (it hangs below its bus).
      const rowX = centreX - thisRowW / 2;
      const hostTop = boxTop + row * (grid.hostH + grid.busGap) + grid.busGap;
      const cx = rowX + col * (grid.hostW + grid.colGap) + grid.hostW / 2;
      place(node, cx, hostTop + grid.hostH / 2, grid.hostW, grid.hostH);
      busInfo.set(node.id, { clusterIdx: ci, busY: hostTop - grid.busGap / 2, hostCx: cx, hostTop });
    });
  });

  // Switch centred above the clusters; router and clients to its left; the load balancers of
  // today (a node on the switch, like any other machine) to its right.
  const switches = topology.nodes.filter((n) => n.kind === 'switch');
  const routers = topology.nodes.filter((n) => n.kind === 'router');
  const clients = topology.nodes.filter((n) => n.kind === 'client');
  const balancers = topology.nodes
    .filter((n) => n.kind === 'balancer')
    .sort((p, q) => (p.cluster ?? 'A').localeCompare(q.cluster ?? 'A'));
  const clustersMid = trunkX.length > 0 ? (Math.min(...trunkX) + Math.max(...trunkX)) / 2 : width / 2;
  const leftChain = (routers.length > 0 ? 1 : 0) + (clients.length > 0 ? 1 : 0);
  const top = topRow(leftChain, balancers.length, regionW);
  const leftmost = MARGIN + top.nodeW / 2;
  const minSpacing = top.nodeW + top.gap;
  // Room the balancers need right of the switch's centre.
  const rightRoom = balancers.length > 0 ? top.nodeW / 2 + balancers.length * (top.gap + top.balancerW) : 0;
  const switchX = Math.max(
    leftmost + leftChain * minSpacing,
    balancers.length > 0 ? Math.min(clustersMid, width - MARGIN - rightRoom) : clustersMid,
  );
  const spacing = leftChain > 0 ? Math.min(250, (switchX - leftmost) / leftChain) : 0;
  switches.forEach((n, i) => place(n, switchX + i * (top.nodeW + 40), topCy, top.nodeW, TOP_NODE_H));
  routers.forEach((n, i) =>
    place(n, switchX - spacing, topCy + i * (TOP_NODE_H + 12), top.nodeW, TOP_NODE_H),
  );
  const clientX = switchX - spacing * leftChain;
  clients.forEach((n, i) => place(n, clientX, topCy + i * (TOP_NODE_H + 12), top.nodeW, TOP_NODE_H));
  balancers.forEach((n, i) =>
    place(
      n,
      switchX + top.nodeW / 2 + top.gap + top.balancerW / 2 + i * (top.gap + top.balancerW),
      topCy,
      top.balancerW,
      TOP_NODE_H,
    ),
  );

  const links: LinkPath[] = [];
  for (const link of topology.links) {
    const a = nodes.get(link.a);
    const b = nodes.get(link.b);
    if (!a || !b) continue;
    let points: Point[];
    const hostEnd = busInfo.has(link.a) ? a : busInfo.has(link.b) ? b : null;
    const otherEnd = hostEnd === a ? b : a;
    if (hostEnd && otherEnd.node.kind === 'switch') {
      // Switch -> down the trunk -> along the row's bus -> down into the host's top edge.
      const info = busInfo.get(hostEnd.node.id)!;
      const tx = trunkX[info.clusterIdx]!;
      // Half way between the switch and the cluster's label tab, so the line never crosses the label.
      const midY = (otherEnd.y + otherEnd.h + clusterTop[info.clusterIdx]! - TAB_H) / 2;
      // A second NIC's cable runs beside the first (offset px) and enters the host further right.
      const o = link.secondNic ? SECOND_NIC_OFFSET : 0;
      const hostX = info.hostCx + (link.secondNic ? hostEnd.w / 4 : 0);
      points = dedupe([
        { x: otherEnd.cx + o, y: otherEnd.y + otherEnd.h },
        { x: otherEnd.cx + o, y: midY + o },
        { x: tx + o, y: midY + o },
        { x: tx + o, y: info.busY + o },
        { x: hostX, y: info.busY + o },
        { x: hostX, y: info.hostTop },
      ]);
      if (hostEnd === a) points.reverse();
    } else if (laneOver(a, b, nodes)) {
      // A second load balancer sits beyond the first: its cable runs over the top of the row, so it
      // never looks as if it went through the first one.
      const [from, to] = a.node.kind === 'switch' ? [a, b] : [b, a];
      const laneY = from.y - MARGIN / 2;
      const startX = from.cx + from.w / 2 - 14;
      points = [
        { x: startX, y: from.y },
        { x: startX, y: laneY },
        { x: to.cx, y: laneY },
        { x: to.cx, y: to.y },
      ];
      if (from === b) points.reverse();
    } else {
      points = [edgePoint(a, { x: b.cx, y: b.cy }), edgePoint(b, { x: a.cx, y: a.cy })];
    }
    links.push({
      id: link.id,
      a: link.a,
      b: link.b,
      points,
      lengths: cumulative(points),
      ...(link.secondNic ? { secondNic: true } : {}),
    });
  }

  return { width, height, nodes, clusters, links, hostFont, hostDetail, dense: density.dense };
}

/**
 * Whether a straight cable between two boxes on the top row would cross another box of that row (a
 * second load balancer beyond the first): it then runs over the top of the row instead.
 */
function laneOver(a: NodeBox, b: NodeBox, nodes: Map<NodeId, NodeBox>): boolean {
  if (a.node.kind !== 'balancer' && b.node.kind !== 'balancer') return false;
  if (Math.abs(a.cy - b.cy) > 1) return false;
  const left = Math.min(a.cx, b.cx);
  const right = Math.max(a.cx, b.cx);
  for (const box of nodes.values()) {
    if (box === a || box === b || Math.abs(box.cy - a.cy) > 1) continue;
    if (box.cx > left && box.cx < right) return true;
  }
  return false;
}

/** The link between two nodes, oriented from `from` to `to`, or null when they are not linked. */
export function linkBetween(
  layout: Layout,
  from: NodeId,
  to: NodeId,
): { path: LinkPath; reversed: boolean } | null {
  for (const path of layout.links) {
    if (path.a === from && path.b === to) return { path, reversed: false };
    if (path.a === to && path.b === from) return { path, reversed: true };
  }
  return null;
}

/** The point a fraction `p` (0..1) of the way along a polyline. */
export function pointAlong(path: LinkPath, p: number, reversed: boolean): Point {
  return pointAlongInto(path, p, reversed, { x: 0, y: 0 });
}

/** pointAlong writing into `out` instead of allocating: for the canvas, which places 20,000 a frame. */
export function pointAlongInto<T extends Point>(path: LinkPath, p: number, reversed: boolean, out: T): T {
  const { points, lengths } = path;
  const total = lengths[lengths.length - 1] ?? 0;
  const clamped = Math.min(1, Math.max(0, p));
  const target = (reversed ? 1 - clamped : clamped) * total;
  for (let i = 1; i < points.length; i++) {
    const l0 = lengths[i - 1]!;
    const l1 = lengths[i]!;
    if (target <= l1 || i === points.length - 1) {
      const a = points[i - 1]!;
      const b = points[i]!;
      const f = l1 > l0 ? (target - l0) / (l1 - l0) : 0;
      out.x = a.x + (b.x - a.x) * f;
      out.y = a.y + (b.y - a.y) * f;
      return out;
    }
  }
  out.x = points[0]?.x ?? 0;
  out.y = points[0]?.y ?? 0;
  return out;
}

/** The little circle inside a host that loopback traffic travels round (it never touches a link). */
export function loopCircle(box: NodeBox): { cx: number; cy: number; r: number } {
  const r = Math.max(7, Math.min(16, box.h / 6));
  // Bottom-right corner, far enough in that a packet on the ring (it reaches PACKET_REACH beyond its
  // centre) stays inside the box at any zoom; never above the box's vertical centre (tiny boxes).
  const inset = r + PACKET_REACH + 1;
  return { cx: box.x + box.w - inset, cy: Math.max(box.y + box.h / 2, box.y + box.h - inset), r };
}

/** How far a drawn packet reaches from its centre, outline included (layout units). */
export const PACKET_REACH = 10;

/** Where a drop mark (×) is drawn on a host: on its top edge, where the frame came in from the bus. */
export function dropPoint(box: NodeBox): Point {
  return { x: box.cx, y: box.y };
}
