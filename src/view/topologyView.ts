// Draws the static topology into an <svg> React hands over: links, the cluster box with its VIP badge,
// router/switch/client boxes and one focusable button per host. d3-selection joins keyed by id, so
// updates keep the same elements (and keyboard focus) across redraws.
import { select, type EnterElement, type Selection } from 'd3-selection';
import type { BalancerKind } from '../scenario/types';
import type { ClusterSummary, HostStats, NodeId, Topology, TopologyNode } from '../sim/types';
import { changes } from './domWrite';
import { conditionTag, hostConditions } from './hostState';
import {
  BALANCER_W,
  loopCircle,
  type ClusterBox,
  type Layout,
  type LinkPath,
  type NodeBox,
  type Point,
} from './layout';

export interface TopologyModel {
  layout: Layout;
  topology: Topology;
  /** Latest per-host stats, by node id. */
  hostStats: Map<NodeId, HostStats>;
  selectedId: NodeId | null;
  /** The host the client application runs on, if it runs on one. */
  clientHostId: NodeId | null;
  /** Its connections go to one of that host's own addresses, so they travel its loopback ring. */
  loopbackInUse?: boolean;
  /** The host the client badge is being dragged over, if any. */
  dropTargetId?: NodeId | null;
}

export interface TopologyView {
  update(model: TopologyModel): void;
  /** Pan and zoom: layout point p is drawn at p * k + (x, y). */
  setTransform(transform: { k: number; x: number; y: number }): void;
}

/** A straight polyline through the points (what d3-shape's linear `line` draws, without the library). */
function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('');
}

/** How far short of an unplugged host's edge its cable stops, layout px. */
const CUT_GAP = 16;

/**
 * An unplugged cable, drawn cut: the line stops short of the host (`points` run towards it), a
 * stub stays at the host, and a slanted tick marks each cut end.
 */
export function cutPathOf(points: readonly Point[]): string {
  const end = points[points.length - 1];
  const before = points[points.length - 2];
  if (!end || !before) return pathOf(points);
  const length = Math.hypot(end.x - before.x, end.y - before.y);
  if (length < CUT_GAP + 4) return pathOf(points);
  const ux = (end.x - before.x) / length;
  const uy = (end.y - before.y) / length;
  const at = (back: number): Point => ({ x: end.x - ux * back, y: end.y - uy * back });
  const cableEnd = at(CUT_GAP);
  const stubStart = at(CUT_GAP * 0.35);
  // A tick 8 px long across the line, slanted by 30 degrees.
  const tick = (p: Point) => {
    const tx = -uy * 0.87 + ux * 0.5;
    const ty = ux * 0.87 + uy * 0.5;
    return `M${p.x - tx * 4},${p.y - ty * 4}L${p.x + tx * 4},${p.y + ty * 4}`;
  };
  return (
    pathOf([...points.slice(0, -1), cableEnd]) + pathOf([stubStart, end]) + tick(cableEnd) + tick(stubStart)
  );
}

/** `Converged as DEFAULT` -> `converged as DEFAULT`: reads naturally after the address. */
function stateWords(state: string): string {
  return state.length > 0 ? state[0]!.toLowerCase() + state.slice(1) : 'unknown';
}

/** Splits a label into lines of at most about `max` characters, at spaces. */
function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

const MODE_WORDS: Record<string, string> = {
  unicast: 'Unicast',
  multicast: 'Multicast',
  igmp: 'IGMP multicast',
};

/** `Unicast · cluster MAC 02-BF-…`; the IGMP MAC's last bytes are not confirmed by a source. */
function modeLine(summary: ClusterSummary): string {
  const mode = MODE_WORDS[summary.mode] ?? summary.mode;
  const note = summary.mode === 'igmp' ? ' (illustrative)' : '';
  return `${mode} · cluster MAC ${summary.clusterMac}${note}`;
}

/** Converged (NLB) or healthy (a backend of a load balancer): the box is drawn solid, not dashed. */
function isSteady(state: string): boolean {
  return /^(converged|healthy)/i.test(state);
}

/**
 * The state as a host box shows it: a backend's `Unhealthy (server stopped)` becomes `Unhealthy`, as
 * the box's condition tag already says why (and the longer words would not fit the box).
 */
export function shortState(state: string): string {
  return state.replace(/^(Unhealthy) \(.*\)$/, '$1');
}

/** What balances a cluster, in the words of its label: `Azure internal load balancer`, `B: half-NAT hairpin`. */
export function balancerWords(summary: ClusterSummary): {
  name: string;
  mechanism: string;
  illustrative: string;
} {
  const b = summary.balancer;
  return {
    name: b.name,
    mechanism: `${b.mechanism}: ${b.mechanismName}`,
    illustrative: b.illustrative ? `illustrative: ${b.illustrative}` : '',
  };
}

/**
 * The cluster label's two texts, richest first: the tab's name (`Cluster A — Azure internal load
 * balancer`) and the line at the box's right end (the mechanism, what is illustrative; NLB's mode and
 * cluster MAC). The drawing shows the first pair that fits the box.
 */
export function clusterLabelChoices(summary: ClusterSummary | undefined, id: string): [string, string][] {
  const plain = summary?.name ?? `Cluster ${id}`;
  if (!summary) return [[plain, '']];
  if (summary.balancer.kind === 'nlb') {
    const mode = modeLine(summary);
    return [
      [plain, `Windows NLB · ${mode}`],
      [plain, mode],
      [plain, ''],
    ];
  }
  const w = balancerWords(summary);
  const named = `${plain} — ${w.name}`;
  return [
    ...(w.illustrative ? [[named, `${w.mechanism} · ${w.illustrative}`] as [string, string]] : []),
    [named, w.mechanism],
    [plain, `${w.name} · ${w.mechanism}`],
    // The balancer's box already names its kind: the mechanism is what the label adds.
    [plain, w.mechanism],
    [plain, `Mechanism ${summary.balancer.mechanism}`],
    [plain, summary.balancer.mechanism],
    [plain, ''],
  ];
}

/** A load balancer's kind in a few words, for its box in the drawing (the full name is in the cluster's label). */
const BALANCER_SHORT: Record<BalancerKind, string> = {
  nlb: 'Windows NLB',
  lvsDr: 'LVS director',
  gcpInternal: 'Google Cloud ILB',
  azureIlb: 'Azure ILB',
  awsNlb: 'AWS NLB',
  kubeProxy: 'kube-proxy',
  haproxy: 'HAProxy',
};

/** `Load balancer, 10.0.0.5, Azure internal load balancer, VIP 10.0.0.100`. */
export function balancerAccessibleName(node: TopologyNode, summary: ClusterSummary | undefined): string {
  const [ip, vip] = node.ips;
  return [node.name, ip, summary?.balancer.name, vip ? `VIP ${vip}` : undefined]
    .filter((p): p is string => p !== undefined && p !== '')
    .join(', ');
}

export function hostAccessibleName(box: NodeBox, stats: HostStats | undefined, clientHere: boolean): string {
  const parts = [box.node.name];
  if (box.node.ips[0]) parts.push(box.node.ips[0]);
  parts.push(stateWords(shortState(stats?.state ?? 'Unknown')));
  parts.push(...hostConditions(stats));
  // Worded to avoid control names ("Run", "Play", …) that tests match as substrings.
  if (clientHere) parts.push('client located here');
  return parts.join(', ');
}

type Sel<E extends Element, D> = Selection<E, D, SVGGElement, unknown>;

interface TextLine {
  text: string;
  cls: string;
  x: number;
  y: number;
}

/**
 * One <text> per line inside each box, joined by position: updates only change the words, and only
 * the attributes and words that differ are written.
 */
function setLines(g: Sel<SVGGElement, NodeBox>, lines: (d: NodeBox) => TextLine[]) {
  changes(
    g
      .selectAll<SVGTextElement, TextLine>('text.line')
      .data((d) => lines(d))
      .join('text'),
  )
    .attr('class', (l) => `line ${l.cls}`)
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .text((l) => l.text);
}

export function createTopologyView(svgElement: SVGSVGElement, onSelect: (id: NodeId) => void): TopologyView {
  const svg = select(svgElement);
  // Diagonal hatching for a draining host (a pattern as well as words, never colour alone).
  svg
    .append('defs')
    .append('pattern')
    .attr('id', 'vip-lab-hatch')
    .attr('width', 8)
    .attr('height', 8)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)')
    .append('rect')
    .attr('width', 3)
    .attr('height', 8)
    .attr('fill', '#d7e3f0');
  // Everything pans and zooms together inside one group.
  const root = svg.append('g').attr('class', 'zoom-root');
  // Cluster boxes first: the links (switch trunk and row buses) run on top of their fill.
  const clusterLayer = root.append('g').attr('class', 'clusters');
  const linkLayer = root.append('g').attr('class', 'links').attr('aria-hidden', 'true');
  // Cluster labels above the links: a trunk passing under a label goes behind it.
  const tabLayer = root.append('g').attr('class', 'cluster-labels');
  const nodeLayer = root.append('g').attr('class', 'nodes');
  const balancerLayer = root.append('g').attr('class', 'balancers');
  const hostLayer = root.append('g').attr('class', 'hosts');

  function drawLinks(links: LinkPath[], hostStats: Map<NodeId, HostStats>) {
    // A host's unplugged cable is drawn cut at the host (its box also says "unplugged").
    const unpluggedAt = (d: LinkPath): 'a' | 'b' | null =>
      hostStats.get(d.b)?.cablePlugged === false
        ? 'b'
        : hostStats.get(d.a)?.cablePlugged === false
          ? 'a'
          : null;
    linkLayer
      .selectAll<SVGPathElement, LinkPath>('path')
      .data(links, (d) => d.id)
      .join('path')
      .attr('class', (d) => (d.secondNic ? 'link second-nic' : unpluggedAt(d) ? 'link unplugged' : 'link'))
      .attr('d', (d) => {
        // Unplug pulls the cluster adapter's cable; the second NIC's stays in.
        const at = d.secondNic ? null : unpluggedAt(d);
        if (!at) return pathOf(d.points);
        return cutPathOf(at === 'b' ? d.points : [...d.points].reverse());
      });
  }

  function drawClusters(boxes: ClusterBox[], summaries: ClusterSummary[]) {
    const byId = new Map(summaries.map((c) => [c.id as string, c]));
    clusterLayer
      .selectAll<SVGRectElement, ClusterBox>('rect.cluster-box')
      .data(boxes, (d) => d.id)
      .join('rect')
      .attr('class', 'cluster-box')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
      .attr('rx', 10);
    const groups = tabLayer
      .selectAll<SVGGElement, ClusterBox>('g.cluster')
      .data(boxes, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'cluster');
        g.append('rect').attr('class', 'cluster-tab');
        g.append('text').attr('class', 'cluster-name');
        g.append('rect').attr('class', 'vip-badge');
        g.append('text').attr('class', 'vip-text');
        g.append('text').attr('class', 'cluster-mode');
        return g;
      });
    groups.each(function (d) {
      const g = select(this);
      const summary = byId.get(d.id);
      const baseline = d.y - 9;
      const nameText = g
        .select<SVGTextElement>('text.cluster-name')
        .attr('x', d.x + 12)
        .attr('y', baseline);
      const vipText = g
        .select<SVGTextElement>('text.vip-text')
        .attr('y', baseline)
        .text(`VIP ${summary?.vip ?? ''}`);
      const vipW = vipText.node()?.getComputedTextLength() ?? 120;
      const mode = g
        .select<SVGTextElement>('text.cluster-mode')
        .attr('x', d.x + d.w - 6)
        .attr('y', baseline);
      const measure = (text: SVGTextElement | null, fallback: number) =>
        text && typeof text.getComputedTextLength === 'function' ? text.getComputedTextLength() : fallback;
      // The richest label that fits the box: which balancer, its mechanism, what is illustrative.
      const choices = clusterLabelChoices(summary, d.id);
      let chosen = choices[choices.length - 1]!;
      for (const choice of choices) {
        const nameW = measure(nameText.text(choice[0]).node(), choice[0].length * 9);
        const modeW = choice[1] ? measure(mode.text(choice[1]).node(), choice[1].length * 7) + 16 : 0;
        // The right-hand line stays right of the trunk down the box's middle (the tab may cover it).
        if (nameW + vipW + 50 + modeW <= d.w && modeW <= d.w / 2 - 4) {
          chosen = choice;
          break;
        }
      }
      nameText.text(chosen[0]);
      mode.text(chosen[1]).attr('visibility', chosen[1] ? 'visible' : 'hidden');
      const nameW = measure(nameText.node(), chosen[0].length * 9);
      // The VIP is the point of the whole app, so it gets a solid badge next to the cluster's name.
      vipText.attr('x', d.x + 12 + nameW + 20);
      g.select('rect.vip-badge')
        .attr('x', d.x + 12 + nameW + 10)
        .attr('y', d.y - d.tabH + 3)
        .attr('width', vipW + 20)
        .attr('height', d.tabH - 8)
        .attr('rx', (d.tabH - 8) / 2);
      const tabW = nameW + vipW + 50;
      g.select('rect.cluster-tab')
        .attr('x', d.x)
        .attr('y', d.y - d.tabH)
        .attr('width', tabW)
        .attr('height', d.tabH + 8)
        .attr('rx', 8);
    });
  }

  function drawNodes(boxes: NodeBox[], dense: boolean) {
    const groups = nodeLayer
      .selectAll<SVGGElement, NodeBox>('g.node')
      .data(boxes, (d) => d.node.id)
      .join((enter) => {
        const g = enter.append('g').attr('role', 'img');
        g.append('rect').attr('class', 'node-box');
        return g;
      })
      .attr('class', (d) => `node node-${d.node.kind}${d.node.kind === 'client' ? ' drag-client' : ''}`)
      .attr('aria-label', (d) => [d.node.name, ...d.node.ips].join(', '))
      .attr('transform', (d) => `translate(${d.x},${d.y})`);
    groups
      .select('rect.node-box')
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
      .attr('rx', (d) => (d.node.kind === 'router' ? d.h / 2 : d.node.kind === 'client' ? 12 : 4));
    setLines(groups, (d) => {
      // The router is drawn as a pill, so its text sits further in from the rounded ends.
      const x = d.node.kind === 'router' ? 24 : 12;
      // Dense layouts (many hosts) keep one address line; the accessible name has them all.
      const lines = [{ text: d.node.name, cls: 'name', x, y: dense ? 19 : 22 }];
      const addressLines = d.node.ips.flatMap((ip) => wrapWords(ip, 17)).slice(0, dense ? 1 : 2);
      addressLines.forEach((text, i) => lines.push({ text, cls: 'addr', x, y: (dense ? 36 : 41) + i * 17 }));
      return lines;
    });
  }

  /**
   * The load balancers of today (a node on the switch): a six-sided box with a fan-out icon (one in,
   * three out) and its name, focusable and selectable like a host (its panel says what it is).
   */
  /** A node's group that is a button: a click, Enter or Space selects it (hosts and balancer nodes alike). */
  function selectableGroup(
    enter: Selection<EnterElement, NodeBox, SVGGElement, unknown>,
    className: string,
  ): Selection<SVGGElement, NodeBox, SVGGElement, unknown> {
    return enter
      .append('g')
      .attr('class', className)
      .attr('role', 'button')
      .attr('tabindex', 0)
      .on('click', (_event, d) => onSelect(d.node.id))
      .on('keydown', (event: KeyboardEvent, d) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(d.node.id);
        }
      });
  }

  function drawBalancers(model: TopologyModel, boxes: NodeBox[]) {
    const summaries = model.topology.clusters;
    const summaryOf = (d: NodeBox) => summaries.find((c) => c.balancer.node === d.node.id);
    const groups = balancerLayer
      .selectAll<SVGGElement, NodeBox>('g.balancer-node')
      .data(boxes, (d) => d.node.id)
      .join((enter) => {
        const g = selectableGroup(enter, 'balancer-node');
        g.append('rect').attr('class', 'focus-ring');
        g.append('path').attr('class', 'balancer-box');
        g.append('g')
          .attr('class', 'balancer-icon')
          .attr('aria-hidden', 'true')
          .call((icon) => {
            icon.append('path').attr('d', 'M4,9 H9 M9,9 L18,3 M9,9 H18 M9,9 L18,15');
            icon.append('circle').attr('cx', 3).attr('cy', 9).attr('r', 2.6);
            for (const y of [3, 9, 15]) icon.append('circle').attr('cx', 19).attr('cy', y).attr('r', 2.2);
          });
        return g;
      })
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
      .attr('aria-label', (d) => balancerAccessibleName(d.node, summaryOf(d)))
      .attr('aria-pressed', (d) => String(d.node.id === model.selectedId))
      .classed('selected', (d) => d.node.id === model.selectedId);
    groups.select('path.balancer-box').attr('d', (d) => {
      const c = Math.min(10, d.h / 4);
      return `M${c},0 H${d.w - c} L${d.w},${d.h / 2} L${d.w - c},${d.h} H${c} L0,${d.h / 2} Z`;
    });
    groups
      .select('rect.focus-ring')
      .attr('x', -6)
      .attr('y', -6)
      .attr('width', (d) => d.w + 12)
      .attr('height', (d) => d.h + 12)
      .attr('rx', 10);
    // Narrower than its natural width (a crowded top row): its words shrink with it.
    const scale = (d: NodeBox) => Math.min(1, d.w / BALANCER_W);
    groups
      .select('g.balancer-icon')
      .attr(
        'transform',
        (d) => `translate(${d.w - 30 * scale(d)},${d.h - 24 * scale(d)}) scale(${scale(d)})`,
      );
    const dense = model.layout.dense;
    // Its name, its kind in a few words and its own address (the VIP is on its cluster's badge).
    setLines(groups, (d) => {
      const k = scale(d);
      const x = 14 * k;
      const kind = summaryOf(d)?.balancer.kind;
      const lines = [{ text: d.node.name, cls: 'name', x, y: (dense ? 19 : 22) * k }];
      const more = [kind ? BALANCER_SHORT[kind] : undefined, d.node.ips[0]].filter(
        (t): t is string => t !== undefined,
      );
      more.slice(0, dense ? 1 : 2).forEach((text, i) =>
        lines.push({
          text,
          cls: i === 0 && kind ? 'kind' : 'addr',
          x,
          y: ((dense ? 36 : 41) + i * 17) * k,
        }),
      );
      return lines;
    });
    groups.selectAll<SVGTextElement, TextLine>('text.line').style('font-size', function (l) {
      const d = select<Element, NodeBox>(this.parentNode as Element).datum();
      return `${(l.cls === 'name' ? 16 : l.cls === 'kind' ? 14 : 13) * scale(d)}px`;
    });
  }

  /**
   * What a host's box shows apart from its served count, as one string: a box whose string is
   * unchanged is not drawn again. The count changes with nearly every update while a run plays, so it
   * is kept apart (`drawnServed`) and only its own line is written.
   */
  function hostLook(model: TopologyModel, id: NodeId): string {
    const h = model.hostStats.get(id);
    return [
      h?.state,
      h?.crashed,
      h?.nlbRunning,
      h?.draining,
      h?.cablePlugged,
      h?.serverRunning,
      id === model.selectedId,
      id === model.clientHostId,
      id === model.dropTargetId,
      model.loopbackInUse ?? false,
    ].join('|');
  }

  /** Each host's look as last drawn, and the layout it was drawn in (a new layout redraws them all). */
  const drawnLooks = new Map<NodeId, string>();
  /** Each host's served count as its box last showed it (only boxes with `full` detail show one). */
  const drawnServed = new Map<NodeId, number>();
  let drawnLayout: Layout | null = null;
  let drawnTopology: Topology | null = null;
  let drawnUnplugged = '';
  let drawnSelected: NodeId | null = null;

  const servedText = (stats: HostStats | undefined) => `served ${stats?.served ?? 0}`;

  function drawHosts(model: TopologyModel, boxes: NodeBox[], redrawAll: boolean) {
    const { layout, hostStats, selectedId, clientHostId } = model;
    // The stage says whether the client's connections loop back (its own DIP, or a VIP local to its
    // host: mechanism A only).
    const loopbackInUse = model.loopbackInUse ?? false;
    const font = layout.hostFont;
    const detail = layout.hostDetail;
    // Only boxes whose look changed are drawn again, and a box whose served count alone changed gets
    // just that line's words: at a high rate nearly every update changes every host's count, and
    // rewriting 32 boxes' attributes per update cost the page a frame (issue 15). Boxes too small for
    // a served line (32 hosts at 1280 px) are not touched at all then.
    const changed = new Set<NodeId>();
    const servedOnly: NodeId[] = [];
    for (const b of boxes) {
      const id = b.node.id;
      const look = hostLook(model, id);
      const served = detail === 'full' ? (hostStats.get(id)?.served ?? 0) : -1;
      if (redrawAll || drawnLooks.get(id) !== look) changed.add(id);
      else if (drawnServed.get(id) !== served) servedOnly.push(id);
      drawnLooks.set(id, look);
      drawnServed.set(id, served);
    }
    const hostGroups = hostLayer.selectAll<SVGGElement, NodeBox>('g.host');
    if (servedOnly.length > 0) {
      const ids = new Set(servedOnly);
      changes(hostGroups.filter((d) => ids.has(d.node.id)).select<SVGTextElement>('text.line.served')).text(
        (d) => servedText(hostStats.get(d.node.id)),
      );
    }
    if (changed.size === 0 && hostGroups.size() === boxes.length) return;
    const joined = hostGroups
      .data(boxes, (d) => d.node.id)
      .join((enter) => {
        const g = selectableGroup(enter, 'host');
        g.append('rect').attr('class', 'focus-ring');
        g.append('rect').attr('class', 'host-box');
        g.append('rect').attr('class', 'hatch');
        g.append('path').attr('class', 'crash-cross');
        g.append('circle').attr('class', 'loop-ring');
        g.append('g')
          .attr('class', 'client-badge drag-client')
          .call((b) => {
            b.append('rect');
            b.append('text').text('client');
          });
        return g;
      });
    // Every write below skips a value already there: a box redrawn because one thing changed (it was
    // selected, it crashed) only has that thing written.
    const groups = joined.filter((d) => changed.has(d.node.id));
    changes(groups)
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
      .attr('aria-label', (d) => hostAccessibleName(d, hostStats.get(d.node.id), d.node.id === clientHostId))
      .attr('aria-pressed', (d) => String(d.node.id === selectedId))
      .classed('selected', (d) => d.node.id === selectedId)
      .classed('not-converged', (d) => !isSteady(hostStats.get(d.node.id)?.state ?? ''))
      .classed('crashed', (d) => hostStats.get(d.node.id)?.crashed === true)
      .classed('nlb-stopped', (d) => {
        const h = hostStats.get(d.node.id);
        return h !== undefined && !h.crashed && !h.nlbRunning;
      })
      .classed('draining', (d) => hostStats.get(d.node.id)?.draining ?? false)
      .classed('drop-target', (d) => d.node.id === model.dropTargetId)
      .style('font-size', `${font}px`);

    changes(groups.select('rect.hatch'))
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
      .attr('rx', 6);
    // A crashed host is crossed out corner to corner, behind its words.
    changes(groups.select('path.crash-cross')).attr(
      'd',
      (d) => `M4,4 L${d.w - 4},${d.h - 4} M${d.w - 4},4 L4,${d.h - 4}`,
    );

    changes(groups.select('rect.focus-ring'))
      .attr('x', -6)
      .attr('y', -6)
      .attr('width', (d) => d.w + 12)
      .attr('height', (d) => d.h + 12)
      .attr('rx', 10);
    changes(groups.select('rect.host-box'))
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
      .attr('rx', 6);

    const step = font * 1.2;
    setLines(groups, (d) => {
      const stats = hostStats.get(d.node.id);
      // A name-only box centres its one line vertically.
      const first = detail === 'tiny' ? d.h / 2 + font * 0.35 : font + 6;
      const x = 10;
      const lines = [{ text: d.node.name, cls: 'name', x, y: first }];
      if (d.node.ips[0] && detail !== 'tiny')
        lines.push({ text: d.node.ips[0], cls: 'addr', x, y: first + step });
      if (detail === 'full') {
        lines.push({ text: shortState(stats?.state ?? 'Unknown'), cls: 'state', x, y: first + step * 2 });
        lines.push({ text: servedText(stats), cls: 'served', x, y: first + step * 3 });
      }
      return lines;
    });

    // The client's own host: a "client" badge, and the loopback ring its packets travel round when
    // they go to one of the host's own addresses (not when it connects to another host or cluster).
    changes(groups.select('circle.loop-ring'))
      .attr('display', (d) => (d.node.id === clientHostId && loopbackInUse ? null : 'none'))
      .attr('cx', (d) => loopCircle(d).cx - d.x)
      .attr('cy', (d) => loopCircle(d).cy - d.y)
      .attr('r', (d) => loopCircle(d).r);
    // Faults in words on a tag straddling the box's bottom-left edge (`crashed`, `unplugged`, …): the
    // top edge is where frames come in and their drop marks land.
    const tagFont = Math.max(9, font - 3);
    groups.each(function (d) {
      const g = select(this);
      const text = conditionTag(hostConditions(hostStats.get(d.node.id)));
      const tag = g
        .selectAll<SVGGElement, string>('g.condition-tag')
        .data(text ? [text] : [])
        .join((enter) => {
          const t = enter.append('g').attr('class', 'condition-tag');
          t.append('rect');
          t.append('text');
          return t;
        });
      if (!text) return;
      const label = tag.select<SVGTextElement>('text');
      changes(label)
        .attr('x', 12)
        .attr('y', d.h + tagFont * 0.36)
        .style('font-size', `${tagFont}px`)
        .text(text);
      const w = (label.node()?.getComputedTextLength() ?? text.length * tagFont * 0.6) + 12;
      changes(tag.select('rect'))
        .attr('x', 6)
        .attr('y', d.h - (tagFont + 6) / 2)
        .attr('width', Math.min(w, d.w - 8))
        .attr('height', tagFont + 6)
        .attr('rx', 3);
    });

    const badge = groups.select<SVGGElement>('g.client-badge');
    changes(badge).attr('display', (d) => (d.node.id === clientHostId ? null : 'none'));
    // A tag straddling the box's top edge, right-aligned: clear of the name however small the box.
    const badgeFont = Math.max(9, font - 3);
    const badgeW = badgeFont * 3.6;
    const badgeH = badgeFont + 6;
    changes(badge.select('rect'))
      .attr('x', (d) => d.w - badgeW - 4)
      .attr('y', -badgeH / 2)
      .attr('width', badgeW)
      .attr('height', badgeH)
      .attr('rx', badgeH / 2);
    changes(badge.select('text'))
      .attr('x', (d) => d.w - badgeW / 2 - 4)
      .attr('y', badgeFont * 0.36)
      .style('font-size', `${badgeFont}px`);
  }

  return {
    setTransform({ k, x, y }) {
      root.attr('transform', `translate(${x},${y}) scale(${k})`);
    },
    update(model) {
      const { layout, topology } = model;
      const all = [...layout.nodes.values()];
      // The frame of the drawing (links, clusters, router, switch) changes with the layout, the
      // topology or a cable; per-update stats leave it alone (its labels measure text: a forced layout).
      const unplugged = [...model.hostStats.values()]
        .filter((h) => h.cablePlugged === false)
        .map((h) => h.id)
        .join(',');
      const frameChanged = layout !== drawnLayout || topology !== drawnTopology;
      if (frameChanged) {
        svg
          .attr('width', layout.width)
          .attr('height', layout.height)
          .attr('viewBox', `0 0 ${layout.width} ${layout.height}`);
        drawClusters(layout.clusters, topology.clusters);
        drawNodes(
          all.filter((b) => b.node.kind !== 'host' && b.node.kind !== 'balancer'),
          layout.dense,
        );
      }
      if (frameChanged || model.selectedId !== drawnSelected)
        drawBalancers(
          model,
          all.filter((b) => b.node.kind === 'balancer'),
        );
      if (frameChanged || unplugged !== drawnUnplugged) drawLinks(layout.links, model.hostStats);
      drawHosts(
        model,
        all.filter((b) => b.node.kind === 'host'),
        frameChanged,
      );
      drawnLayout = layout;
      drawnTopology = topology;
      drawnSelected = model.selectedId;
      drawnUnplugged = unplugged;
    },
  };
}
