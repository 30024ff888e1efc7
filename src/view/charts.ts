// The charts, drawn by d3 into a node React hands over: connections per host against each host's
// expected share (bars), and counts over simulated time (step lines) with fault and convergence
// markers and a cursor at the current moment. Every series has a colour AND a dash, a marker shape and
// a direct label, so colour is never the only cue. Plain data in; the SVG is aria-hidden because each
// chart's figure carries a summary sentence and a data table. A redraw writes only the attributes and
// words that changed (domWrite.ts): most of a chart stays put from one redraw to the next.
import { scaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { formatAxisTime } from '../scenario/simTime';
import type { Scenario } from '../scenario/types';
import type { Stats, Topology } from '../sim/types';
import type { StatsSample } from '../worker/protocol';
import { changes } from './domWrite';
import { hostLook, markerPath, type HostLook } from './hostStyle';

export type { HostLook };

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

function svgIn(el: HTMLElement, className: string): Svg {
  let svg = select(el).select<SVGSVGElement>('svg');
  if (svg.empty()) {
    svg = select(el)
      .append('svg')
      .attr('class', className)
      .attr('aria-hidden', 'true')
      .attr('focusable', 'false');
  }
  return svg;
}

/**
 * A d3 join that keeps one <g class=name> child. Children only: the `series` layer holds groups of
 * class `series` too, and a search of all descendants removed and re-created them on every redraw.
 */
function layer(parent: Selection<SVGElement, unknown, null, undefined> | Svg, name: string) {
  return (parent as Svg)
    .selectChildren<SVGGElement, null>(`g.${name}`)
    .data([null])
    .join((enter) => enter.append('g').attr('class', name));
}

// ---- Expected share ------------------------------------------------------------------------------

/**
 * Each host's expected share of the client's connections (0..1), in the order of Stats.hosts, and
 * why. Multiple-host rule: load weight over the converged members' weights (equal load: equal split);
 * single-host rule: the best handling priority takes all; a dedicated IP is never balanced.
 */
export function expectedShares(
  scenario: Scenario,
  stats: Stats,
  topology: Topology | null,
): { shares: (number | null)[]; basis: string } {
  const none = { shares: stats.hosts.map(() => null), basis: 'no cluster is involved' };
  const target = scenario.client.target;
  const indexOf = (id: string) => topology?.nodes.find((n) => n.id === id)?.hostIndex ?? -1;
  if (target.kind === 'outside') return none;
  if (target.kind === 'dip') {
    return {
      shares: stats.hosts.map((h) =>
        h.cluster === target.cluster && indexOf(h.id) === target.hostIndex ? 1 : 0,
      ),
      basis: 'a dedicated IP is never balanced',
    };
  }
  const cluster = scenario.clusters.find((c) => c.id === target.cluster);
  const clusterStats = stats.clusters.find((c) => c.id === target.cluster);
  if (!cluster || !clusterStats) return none;
  const members = stats.hosts.filter(
    (h) => h.cluster === cluster.id && clusterStats.membership.includes(h.name) && !h.crashed,
  );
  const config = (id: string) => cluster.hosts[indexOf(id)];
  const port = scenario.client.port;
  const rule = cluster.portRules.find(
    (r) => (r.vip === 'all' || r.vip === cluster.vip) && port >= r.startPort && port <= r.endPort,
  );
  const only = (id: string | undefined, basis: string) => ({
    shares: stats.hosts.map((h) => (h.cluster !== cluster.id ? 0 : h.id === id ? 1 : 0)),
    basis,
  });
  if (!rule) {
    const best = [...members].sort(
      (a, b) => (config(a.id)?.priority ?? 99) - (config(b.id)?.priority ?? 99),
    )[0];
    return only(best?.id, 'no port rule covers the port: the default host takes it all');
  }
  if (rule.filtering === 'disabled') return only(undefined, 'the port rule is disabled: every host drops it');
  if (rule.filtering === 'single') {
    const best = [...members].sort(
      (a, b) => (config(a.id)?.handlingPriority ?? 99) - (config(b.id)?.handlingPriority ?? 99),
    )[0];
    return only(best?.id, 'single-host rule: the best handling priority takes it all');
  }
  const weight = (id: string) => (rule.equalLoad ? 1 : (config(id)?.loadWeight ?? 0));
  const total = members.reduce((sum, h) => sum + weight(h.id), 0);
  return {
    shares: stats.hosts.map((h) =>
      h.cluster !== cluster.id ? 0 : members.includes(h) && total > 0 ? weight(h.id) / total : 0,
    ),
    basis: rule.equalLoad ? 'equal load over the converged hosts' : 'load weights of the converged hosts',
  };
}

// ---- Bars: served against expected share ---------------------------------------------------------

export interface ShareRow {
  name: string;
  /** `wlbs query` words for the host. */
  state: string;
  served: number;
  /** Expected connections (total x expected share), or null when no share applies. */
  expected: number | null;
  /** Index for the host's look. */
  index: number;
}

const drawnBars = new WeakMap<HTMLElement, string>();

export function drawShareBars(
  el: HTMLElement,
  width: number,
  rows: readonly ShareRow[],
  total: number,
): void {
  // Stats arrive ten times a second; redraw only when the picture would change.
  const key = `${width}|${total}|${rows.map((r) => `${r.name}/${r.state}/${r.served}/${r.expected}`).join('|')}`;
  if (drawnBars.get(el) === key) return;
  drawnBars.set(el, key);
  // Up to 8 hosts: name on the left, bar, and the host's `wlbs query` state under the bar.
  const roomy = rows.length <= 8;
  const rowH = roomy ? 40 : rows.length <= 16 ? 20 : 13;
  const margin = { top: 4, right: 86, bottom: 6, left: roomy ? 66 : 70 };
  const height = margin.top + margin.bottom + rowH * Math.max(1, rows.length);
  const svg = svgIn(el, 'chart chart-bars');
  changes(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const max = Math.max(1, ...rows.map((r) => Math.max(r.served, r.expected ?? 0)));
  const x = scaleLinear()
    .domain([0, max])
    .range([margin.left, Math.max(margin.left + 20, width - margin.right)]);
  const barH = roomy ? 14 : Math.max(6, rowH - 7);
  const barY = roomy ? 5 : (rowH - barH) / 2;
  const y = (i: number) => margin.top + i * rowH;

  const g = layer(svg, 'share-rows')
    .selectAll<SVGGElement, ShareRow>('g.share-row')
    .data(rows, (r) => r.name)
    .join((enter) => {
      const row = enter.append('g').attr('class', 'share-row');
      row.append('text').attr('class', 'share-name');
      row.append('text').attr('class', 'share-state');
      row.append('rect').attr('class', 'share-track');
      row.append('rect').attr('class', 'share-bar');
      row.append('path').attr('class', 'share-expected');
      row.append('text').attr('class', 'share-value');
      return row;
    });
  changes(g).attr('transform', (_r, i) => `translate(0,${y(i)})`);

  const fontSize = rowH >= 20 ? 14 : 11;
  const textY = barY + barH / 2 + fontSize * 0.36;
  changes(g.select('text.share-name'))
    .attr('x', 2)
    .attr('y', textY)
    .attr('font-size', fontSize)
    .text((r) => r.name);
  changes(g.select('text.share-state'))
    .attr('x', x(0))
    .attr('y', barY + barH + 13)
    .attr('display', roomy ? null : 'none')
    .text((r) => r.state);
  changes(g.select('rect.share-track'))
    .attr('x', x(0))
    .attr('y', barY)
    .attr('width', Math.max(0, x(max) - x(0)))
    .attr('height', barH);
  changes(g.select<SVGRectElement>('rect.share-bar'))
    .attr('x', x(0))
    .attr('y', barY)
    .attr('width', (r) => Math.max(0, x(r.served) - x(0)))
    .attr('height', barH)
    .attr('fill', (r) => hostLook(r.index).color);
  // The expected share: a tall dark tick with serifs, drawn over the bar so it reads on any colour.
  changes(g.select('path.share-expected'))
    .attr('display', (r) => (r.expected === null ? 'none' : null))
    .attr('d', (r) => {
      const ex = x(r.expected ?? 0);
      const top = barY - 4;
      const bottom = barY + barH + 4;
      return `M${ex},${top} V${bottom} M${ex - 4},${top} H${ex + 4} M${ex - 4},${bottom} H${ex + 4}`;
    });
  changes(g.select('text.share-value'))
    .attr('x', (r) => Math.max(x(r.served), x(r.expected ?? 0)) + 8)
    .attr('y', textY)
    .attr('font-size', fontSize)
    .text(
      (r) =>
        `${r.served}${total > 0 && rows.length <= 16 ? ` · ${((r.served / total) * 100).toFixed(0)}%` : ''}`,
    );
}

// ---- Lines over time ------------------------------------------------------------------------------

export interface Series {
  key: string;
  /** Direct label at the line's end, e.g. `Host 2`, `failed`. */
  label: string;
  look: Pick<HostLook, 'color' | 'dash' | 'shape'>;
  /** The series' count in a sample (counts only grow), drawn as steps carried on to the chart's end. */
  value: (sample: StatsSample) => number;
}

export interface ChartMarker {
  t: number;
  /** 1-based number, matching the list of events under the charts. */
  n: number;
  kind: 'fault' | 'change' | 'convergence' | 'converged' | 'conflict';
}

export interface TimeChartData {
  width: number;
  height: number;
  series: readonly Series[];
  /** Samples in time order. */
  samples: readonly StatsSample[];
  /** Simulated ms where the time axis ends. */
  end: number;
  /** Simulated ms of the current moment (the cursor). */
  now: number;
  markers: readonly ChartMarker[];
}

/** The smallest step of 1, 2 or 5 times a power of ten that is at least `least` (simulated ms). */
function roundStep(least: number): number {
  let step = 10 ** Math.floor(Math.log10(Math.max(least, 1e-3)));
  while (step < least) {
    const digit = Math.round(step / 10 ** Math.floor(Math.log10(step)));
    step *= digit === 2 ? 2.5 : 2;
  }
  return step;
}

/** One row of a time chart's data table: the sample it shows, keyed by the round moment it stands for. */
export interface TableSample {
  /** Stable across redraws: the round moment (simulated ms), or `latest` for the last row. */
  key: string;
  sample: StatsSample;
}

/**
 * At most `max` samples for the data tables behind the time charts: the latest one, after the last
 * sample at or before each whole multiple of a round step (1, 2 or 5 times a power of ten, simulated
 * ms). The rows before the latest stay the same as the run grows until the step grows, so a table
 * redrawn while the run plays changes only its last row, not every cell of every row (issue 15).
 */
export function tableSamples(samples: readonly StatsSample[], max: number): TableSample[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  if (samples.length <= max)
    return samples.map((sample, i) => ({
      key: i === samples.length - 1 ? 'latest' : String(sample.t),
      sample,
    }));
  const first = samples[0]!;
  // Up to max - 1 round moments from the first sample's to the latest's, and the latest row.
  const step = roundStep((last.t - first.t) / Math.max(1, max - 1));
  const out: TableSample[] = [];
  let at = 0;
  for (let k = Math.ceil(first.t / step); k * step < last.t && out.length < max - 1; k++) {
    // The last sample at or before this moment (samples are in time order).
    while (at + 1 < samples.length && samples[at + 1]!.t <= k * step) at++;
    const sample = samples[at]!;
    if (sample !== last && out[out.length - 1]?.sample !== sample)
      out.push({ key: String(k * step), sample });
  }
  out.push({ key: 'latest', sample: last });
  return out;
}

const MARKER_DASH: Record<ChartMarker['kind'], string> = {
  fault: '',
  change: '6 2 1 2',
  convergence: '5 3',
  converged: '2 3',
  conflict: '1 2',
};

/**
 * A step line through the points (x[i], y[i]), as d3's curveStepAfter draws it: level to the next
 * point's x, then straight up or down to its y. Written as `M x,y H x V y …` to a tenth of a pixel,
 * a level run as one H: 32 hosts' lines are redrawn while the run plays, and a count that did not
 * change for a while costs one command instead of two per pixel column.
 */
export function stepPath(xs: readonly number[], ys: readonly number[]): string {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return '';
  const tenth = (v: number) => Math.round(v * 10) / 10;
  let level = tenth(ys[0]!);
  let atX = tenth(xs[0]!);
  let d = `M${atX},${level}`;
  for (let i = 1; i < n; i++) {
    const y = tenth(ys[i]!);
    if (y === level) continue;
    atX = tenth(xs[i]!);
    d += `H${atX}V${y}`;
    level = y;
  }
  const endX = tenth(xs[n - 1]!);
  if (endX !== atX) d += `H${endX}`;
  return d;
}

/** Spreads direct labels vertically so none overlap (greedy, top to bottom). */
function spread(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = ys.slice();
  let prev = -Infinity;
  for (const o of order) {
    const y = Math.max(o.y, prev + gap, top);
    out[o.i] = y;
    prev = y;
  }
  // If the last ones ran off the bottom, push the column back up.
  const overflow = Math.max(0, prev - bottom);
  if (overflow > 0) for (const o of order) out[o.i] = Math.max(top, out[o.i]! - overflow);
  return out;
}

const drawnTimes = new WeakMap<HTMLElement, unknown[]>();

export function drawTimeChart(el: HTMLElement, data: TimeChartData): void {
  const { width, height, series, markers } = data;
  // Skip a redraw that would draw the same picture (a paused run still receives stats).
  const key = [width, height, series, data.samples, data.end, data.now, markers];
  const drawn = drawnTimes.get(el);
  if (drawn && drawn.every((v, i) => v === key[i])) return;
  drawnTimes.set(el, key);
  const margin = { top: 16, right: 70, bottom: 24, left: 44 };
  const end = Math.max(1, data.end);
  const svg = svgIn(el, 'chart chart-time');
  changes(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const x = scaleLinear()
    .domain([0, end])
    .range([margin.left, Math.max(margin.left + 20, width - margin.right)]);

  // Series: step lines carried on to the end, a marker shape and a label at the end of each. The
  // counts only grow, so the last sample in each pixel column draws the same picture as all of them:
  // thousands of samples cost no more than the chart is wide.
  const shown: StatsSample[] = [];
  let column = -Infinity;
  for (const p of data.samples) {
    if (p.t > end) break;
    const px = Math.round(x(p.t));
    if (px === column && shown.length > 1) shown[shown.length - 1] = p;
    else shown.push(p);
    column = px;
  }
  const last = shown[shown.length - 1];
  const tail = last && last.t < end ? [...shown, { ...last, t: end }] : shown;
  // The scale covers what is drawn: the samples kept, not every sample again for every series.
  let maxY = 1;
  for (const s of series) for (const p of shown) maxY = Math.max(maxY, s.value(p));
  const y = scaleLinear()
    .domain([0, maxY])
    .nice(4)
    .range([height - margin.bottom, margin.top]);

  // Grid and axes (ticks by hand: d3-axis is not a dependency).
  const yTicks = y.ticks(4).filter((v) => Number.isInteger(v));
  changes(layer(svg, 'grid').selectAll<SVGLineElement, number>('line').data(yTicks).join('line'))
    .attr('x1', x(0))
    .attr('x2', x(end))
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v));
  changes(layer(svg, 'y-ticks').selectAll<SVGTextElement, number>('text').data(yTicks).join('text'))
    .attr('x', margin.left - 6)
    .attr('y', (v) => y(v) + 4)
    .attr('text-anchor', 'end')
    .text((v) => (v >= 10000 ? `${Math.round(v / 1000)}k` : String(v)));
  const xTicks = x.ticks(Math.max(2, Math.floor((width - margin.left - margin.right) / 70)));
  changes(layer(svg, 'x-ticks').selectAll<SVGTextElement, number>('text').data(xTicks).join('text'))
    .attr('x', (v) => x(v))
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .text((v) => formatAxisTime(v, end));
  changes(layer(svg, 'x-axis').selectAll<SVGLineElement, null>('line').data([null]).join('line'))
    .attr('x1', x(0))
    .attr('x2', x(end))
    .attr('y1', y(0))
    .attr('y2', y(0));

  // Markers: a line per event with its number on top; the dash says which kind it is.
  const m = layer(svg, 'chart-markers')
    .selectAll<SVGGElement, ChartMarker>('g.chart-marker')
    .data(markers, (d) => String(d.n))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'chart-marker');
      g.append('line');
      g.append('circle').attr('r', 7);
      g.append('text').attr('text-anchor', 'middle');
      return g;
    });
  changes(m)
    .attr('class', (d) => `chart-marker chart-marker-${d.kind}`)
    .attr('transform', (d) => `translate(${x(Math.min(d.t, end))},0)`);
  changes(m.select('line'))
    .attr('y1', margin.top)
    .attr('y2', y(0))
    .attr('stroke-dasharray', (d) => MARKER_DASH[d.kind] || null);
  changes(m.select('circle')).attr('cy', margin.top - 6);
  changes(m.select('text'))
    .attr('y', margin.top - 2)
    .text((d) => String(d.n));

  const tailX = tail.map((p) => x(Math.min(p.t, end)));
  const lastY = series.map((s) => y(last ? s.value(last) : 0));
  const labelY = spread(lastY, 14, margin.top, height - margin.bottom);
  const sg = layer(svg, 'series')
    .selectAll<SVGGElement, Series>('g.series')
    .data(series, (s) => s.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'series');
      g.append('path').attr('class', 'series-line');
      g.append('path').attr('class', 'series-end');
      g.append('text').attr('class', 'series-label');
      return g;
    });
  changes(sg.select('path.series-line'))
    .attr('d', (s) =>
      stepPath(
        tailX,
        tail.map((p) => y(s.value(p))),
      ),
    )
    .attr('stroke', (s) => s.look.color)
    .attr('stroke-dasharray', (s) => s.look.dash || null);
  changes(sg.select('path.series-end'))
    .attr('d', (s) => markerPath(s.look.shape, 4.5))
    .attr('transform', (_s, i) => `translate(${x(end)},${lastY[i]})`)
    .attr('fill', (s) => s.look.color);
  changes(sg.select('text.series-label'))
    .attr('x', x(end) + 9)
    .attr('y', (_s, i) => labelY[i]! + 4)
    .text((s) => s.label);

  // The cursor: where the run is now.
  const cursorX = x(Math.max(0, Math.min(data.now, end)));
  const c = layer(svg, 'cursor');
  changes(c.selectAll<SVGLineElement, null>('line').data([null]).join('line'))
    .attr('x1', cursorX)
    .attr('x2', cursorX)
    .attr('y1', margin.top - 2)
    .attr('y2', y(0));
  changes(c.selectAll<SVGPathElement, null>('path').data([null]).join('path')).attr(
    'd',
    `M${cursorX - 5},${y(0) + 1} L${cursorX + 5},${y(0) + 1} L${cursorX},${y(0) - 6} Z`,
  );
}
