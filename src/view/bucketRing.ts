// The bucket ring: a cluster's buckets drawn as segments of a ring around its VIP, each filled with its
// owner's colour and pattern. React hands over an <svg>; d3 joins the buckets and draws. Segments are a
// list of focusable items (one tab stop, arrow keys move), so every bucket can be read by keyboard.
// When convergence moves buckets, the segments that changed hands pop out and fade in their new owner;
// with reduced motion they simply change.
import { interpolateNumber } from 'd3-interpolate';
import { select, type Selection } from 'd3-selection';
import { arc as d3arc } from 'd3-shape';
import { hostLook, patternMarkup } from './hostStyle';

export interface RingData {
  width: number;
  height: number;
  vip: string;
  /** Owner index (into `hosts`) of each bucket, or -1 when no host owns it. */
  owners: number[];
  /** Host names, in the order of Stats.hosts. */
  hosts: string[];
  /** The selected packet's bucket (or a bucket a lesson points at), else null. */
  selected: number | null;
  reducedMotion: boolean;
}

export interface BucketRing {
  update(data: RingData): void;
  destroy(): void;
}

interface Segment {
  bucket: number;
  owner: number;
  start: number;
  end: number;
}

/** How long (ms) a change of owner takes to show. */
const CHANGE_MS = 700;
const NO_OWNER_FILL = '#ffffff';

let ringSeq = 0;

export function createBucketRing(
  svgEl: SVGSVGElement,
  onFocusBucket: (bucket: number | null) => void,
): BucketRing {
  const prefix = `bucket-pattern-${++ringSeq}`;
  const svg = select(svgEl);
  const defs = svg.append('defs');
  const root = svg.append('g').attr('class', 'ring-root');
  const list = root
    .append('g')
    .attr('class', 'ring-segments')
    .attr('role', 'list')
    .attr('aria-label', 'Buckets, in order');
  const centre = root.append('g').attr('class', 'ring-centre').attr('aria-hidden', 'true');
  const vipText = centre.append('text').attr('class', 'ring-vip').attr('text-anchor', 'middle');
  const subText = centre.append('text').attr('class', 'ring-sub').attr('text-anchor', 'middle');
  const pointer = root.append('g').attr('class', 'ring-pointer').attr('aria-hidden', 'true');
  // A visible focus ring for the focused segment (CSS outlines do not draw round SVG paths).
  const focusRing = root.append('g').attr('class', 'ring-focus').attr('aria-hidden', 'true');
  const focusHalo = focusRing.append('path').attr('class', 'ring-focus-halo');
  const focusLine = focusRing.append('path').attr('class', 'ring-focus-line');
  let shapeOf: (bucket: number) => string = () => '';

  let patternsMade = 0;
  let previousOwners: number[] | null = null;
  let focused: number | null = null;
  let hovered: number | null = null;
  let current: RingData | null = null;
  let raf = 0;

  const ensurePatterns = (n: number) => {
    let markup = '';
    for (; patternsMade < n; patternsMade++) markup += patternMarkup(prefix, patternsMade);
    if (markup) defs.node()!.insertAdjacentHTML('beforeend', markup);
  };

  const fillOf = (owner: number) => (owner < 0 ? NO_OWNER_FILL : `url(#${prefix}-${owner})`);

  const label = (d: Segment, data: RingData) =>
    `Bucket ${d.bucket}: ${d.owner < 0 ? 'no owner' : data.hosts[d.owner]}${d.bucket === data.selected ? ' (selected packet)' : ''}`;

  /** What the centre says: the bucket under the pointer or focus, else the VIP and bucket count. */
  const drawCentre = () => {
    const data = current;
    if (!data) return;
    const d = focused !== null ? shapeOf(focused) : '';
    focusRing.attr('display', d ? null : 'none');
    focusHalo.attr('d', d);
    focusLine.attr('d', d);
    const shown = hovered ?? focused;
    if (shown !== null && shown < data.owners.length) {
      const owner = data.owners[shown]!;
      vipText.text(`Bucket ${shown}`);
      subText.text(owner < 0 ? 'no owner' : data.hosts[owner]!);
    } else {
      vipText.text(data.vip);
      subText.text(`${data.owners.length} buckets`);
    }
  };

  const setFocus = (bucket: number) => {
    const items = list.selectAll<SVGPathElement, Segment>('path.segment');
    items.attr('tabindex', (d) => (d.bucket === bucket ? 0 : -1));
    const node = items.filter((d) => d.bucket === bucket).node();
    node?.focus();
  };

  /** True when `data` would draw exactly what is drawn (stats arrive ten times a second). */
  const same = (data: RingData) =>
    current !== null &&
    current.width === data.width &&
    current.height === data.height &&
    current.vip === data.vip &&
    current.selected === data.selected &&
    current.reducedMotion === data.reducedMotion &&
    current.owners.length === data.owners.length &&
    current.owners.every((o, i) => o === data.owners[i]) &&
    current.hosts.length === data.hosts.length &&
    current.hosts.every((h, i) => h === data.hosts[i]);

  function update(data: RingData): void {
    if (same(data)) return;
    current = data;
    const { width, height, owners } = data;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    ensurePatterns(data.hosts.length);
    const cx = width / 2;
    const cy = height / 2;
    const outer = Math.max(40, Math.min(width, height) / 2 - 22);
    const inner = outer * 0.58;
    root.attr('transform', `translate(${cx},${cy})`);
    vipText.attr('y', -2);
    subText.attr('y', 18);

    const n = owners.length;
    const step = (2 * Math.PI) / Math.max(1, n);
    const segments: Segment[] = owners.map((owner, bucket) => ({
      bucket,
      owner,
      start: bucket * step,
      end: (bucket + 1) * step,
    }));
    const changed = new Set<number>();
    if (previousOwners && previousOwners.length === n) {
      owners.forEach((o, b) => {
        if (previousOwners![b] !== o) changed.add(b);
      });
    }
    previousOwners = owners.slice();

    const pad = n > 1 ? Math.min(0.012, step * 0.12) : 0;
    const shape = (d: Segment, bump = 0) =>
      d3arc<Segment>()
        .innerRadius(inner)
        .outerRadius(outer + bump + (d.bucket === data.selected ? 12 : 0))
        .startAngle(d.start)
        .endAngle(d.end)
        .padAngle(pad)(d) ?? '';

    shapeOf = (bucket: number) => (bucket < n ? shape(segments[bucket]!) : '');
    if (focused !== null && focused >= n) focused = null;
    const tabStop = focused ?? data.selected ?? 0;

    const paths = list
      .selectAll<SVGPathElement, Segment>('path.segment')
      .data(segments, (d) => String(d.bucket))
      .join((enter) =>
        enter
          .append('path')
          .attr('class', 'segment')
          .attr('role', 'listitem')
          .on('focus', (_e, d) => {
            focused = d.bucket;
            onFocusBucket(d.bucket);
            drawCentre();
          })
          .on('blur', () => {
            focused = null;
            onFocusBucket(null);
            drawCentre();
          })
          .on('pointerenter', (_e, d) => {
            hovered = d.bucket;
            drawCentre();
          })
          .on('pointerleave', () => {
            hovered = null;
            drawCentre();
          })
          .on('keydown', (e: KeyboardEvent, d) => {
            const count = current?.owners.length ?? 0;
            if (count === 0) return;
            let next: number | null = null;
            if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (d.bucket + 1) % count;
            else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (d.bucket - 1 + count) % count;
            else if (e.key === 'Home') next = 0;
            else if (e.key === 'End') next = count - 1;
            if (next !== null) {
              e.preventDefault();
              setFocus(next);
            }
          }),
      );
    paths
      .attr('aria-label', (d) => label(d, data))
      .attr('aria-setsize', n)
      .attr('aria-posinset', (d) => d.bucket + 1)
      .attr('tabindex', (d) => (d.bucket === tabStop ? 0 : -1))
      .classed('selected', (d) => d.bucket === data.selected)
      .classed('unowned', (d) => d.owner < 0)
      .attr('fill', (d) => fillOf(d.owner));

    cancelAnimationFrame(raf);
    if (changed.size === 0 || data.reducedMotion) {
      paths.attr('d', (d) => shape(d)).attr('opacity', 1);
    } else {
      // Buckets that changed hands pop out and fade in with their new owner, then settle.
      paths
        .filter((d) => !changed.has(d.bucket))
        .attr('d', (d) => shape(d))
        .attr('opacity', 1);
      const moving = paths.filter((d) => changed.has(d.bucket));
      const bump = interpolateNumber(14, 0);
      const fade = interpolateNumber(0.25, 1);
      const t0 = performance.now();
      const frame = (now: number) => {
        const k = Math.min(1, (now - t0) / CHANGE_MS);
        const eased = 1 - Math.pow(1 - k, 3);
        moving.attr('d', (d) => shape(d, bump(eased))).attr('opacity', fade(eased));
        if (k < 1) raf = requestAnimationFrame(frame);
      };
      raf = requestAnimationFrame(frame);
    }

    drawPointer(pointer, data, step, outer);
    drawCentre();
  }

  return {
    update,
    destroy() {
      cancelAnimationFrame(raf);
      svg.selectAll('*').remove();
    },
  };
}

/** A label outside the ring pointing at the selected bucket: "bucket 17". */
function drawPointer(
  g: Selection<SVGGElement, unknown, null, undefined>,
  data: RingData,
  step: number,
  outer: number,
): void {
  g.selectAll('*').remove();
  if (data.selected === null || data.selected >= data.owners.length) return;
  const mid = (data.selected + 0.5) * step;
  // d3-shape angles start at 12 o'clock and run clockwise.
  const dx = Math.sin(mid);
  const dy = -Math.cos(mid);
  const r0 = outer + 14;
  const r1 = outer + 20;
  g.append('line')
    .attr('x1', dx * r0)
    .attr('y1', dy * r0)
    .attr('x2', dx * r1)
    .attr('y2', dy * r1)
    .attr('class', 'ring-pointer-line');
  const look = data.owners[data.selected]! >= 0 ? hostLook(data.owners[data.selected]!) : null;
  g.append('text')
    .attr('x', dx * (r1 + 3))
    .attr('y', dy * (r1 + 3) + 5)
    .attr('text-anchor', Math.abs(dx) < 0.3 ? 'middle' : dx > 0 ? 'start' : 'end')
    .attr('class', 'ring-pointer-text')
    .attr('data-owner-color', look?.color ?? '')
    .text(`${data.selected}`);
}
