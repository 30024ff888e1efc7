// The Charts panel: connections per host against each host's expected share, and counts over simulated
// time with fault and convergence markers and a cursor at the current moment. React owns the figures,
// their summary sentences and data tables (the text alternative); d3 draws inside each figure's node.
// Everything here updates at most every CHART_FOLLOW_WALL_MS while the run plays, at once when paused;
// a figure scrolled out of view is drawn again when it comes back into view.
import { memo, useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { useLab } from '../../state/store';
import './explain.css';
import {
  drawShareBars,
  drawTimeChart,
  expectedShares,
  tableSamples,
  type ChartMarker,
  type Series,
  type ShareRow,
} from '../../view/charts';
import { hostLook } from '../../view/hostStyle';
import type { Scenario } from '../../scenario/types';
import type { Stats, Topology } from '../../sim/types';
import type { StatsSample, TimelineMarker } from '../../worker/protocol';
import { useOnScreen } from '../common/useOnScreen';
import { useThrottled } from '../common/useThrottled';
import { useWidth } from '../common/useWidth';
import { ExplainPanel } from './ExplainPanel';
import { formatTimestamp } from '../../scenario/simTime';
import { formatShare } from '../common/format';

const TIME_CHART_HEIGHT = 150;
/**
 * While the run plays, the charts follow it at most this often (wall ms). Their picture changes
 * slowly, and redrawing 32 hosts' series at the stores' 10 updates a second was most of the page's
 * DOM work at full load (issue 15). Paused, stepped or sought, they follow at once.
 */
const CHART_FOLLOW_WALL_MS = 500;

/** Above this many hosts, sentences give the range instead of every host (they are read aloud). */
const LIST_MAX_HOSTS = 8;

const MARKER_WORD: Record<TimelineMarker['kind'], string> = {
  fault: 'fault',
  change: 'change',
  convergence: 'convergence starts',
  converged: 'converged',
  conflict: 'cannot converge',
};

const WIRE_SERIES: Series[] = [
  {
    key: 'wire',
    label: 'frames',
    look: { color: '#0b3d6e', dash: '', shape: 'circle' },
    value: (s) => s.framesOnWire,
  },
];

const TROUBLE_SERIES: Series[] = [
  {
    key: 'loopback',
    label: 'loopback',
    look: { color: '#0072B2', dash: '', shape: 'circle' },
    value: (s) => s.loopbackConnections,
  },
  {
    key: 'failed',
    label: 'failed',
    look: { color: '#D55E00', dash: '8 4', shape: 'square' },
    value: (s) => s.failedConnections,
  },
  {
    key: 'retransmitted',
    label: 'retrans.',
    look: { color: '#6B6B6B', dash: '2 3', shape: 'triangle' },
    value: (s) => s.retransmissions,
  },
];

function timeDraw(
  series: Series[],
  samples: readonly StatsSample[],
  end: number,
  now: number,
  markers: ChartMarker[],
) {
  return (el: HTMLElement, width: number) =>
    drawTimeChart(el, { width, height: TIME_CHART_HEIGHT, series, samples, end, now, markers });
}

/** One row of a data table: its row header, then its cells in column order. */
type DataRow = { key: string | number; header: string; cells: readonly (string | number)[] };

/**
 * A chart's data table. The caption names it and each row's first cell is a row header, so a screen
 * reader announces a value with both its column and what the row is (a host, or a moment).
 */
function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  /** Column headers, the row headers' column first. */
  columns: readonly string[];
  rows: readonly DataRow[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={i}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.header}</th>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figure({
  title,
  summary,
  draw,
  children,
}: {
  title: string;
  summary: string;
  /** Draws into the node at the given width (d3). */
  draw: (el: HTMLElement, width: number) => void;
  /** The data table (visually hidden). */
  children: ReactNode;
}) {
  const titleId = useId();
  const summaryId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  // Drawn only while it can be seen: the side column holds the charts far below its fold, and their
  // SVG is aria-hidden (the summary and the table, always current, are what a screen reader reads).
  const onScreen = useOnScreen(ref);
  useEffect(() => {
    if (ref.current && width > 0 && onScreen) draw(ref.current, width);
  }, [draw, width, onScreen]);
  return (
    <figure className="chart-figure" aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption>
        <span id={titleId} className="chart-title">
          {title}
        </span>
      </figcaption>
      <div className="chart-canvas" ref={ref} />
      <p id={summaryId} className="chart-summary">
        {summary}
      </p>
      <div className="visually-hidden">{children}</div>
    </figure>
  );
}

export function Charts() {
  const liveStats = useLab((s) => s.stats);
  const scenario = useLab((s) => s.scenario);
  const topology = useLab((s) => s.topology);
  const liveSamples = useLab((s) => s.samples);
  const liveMarkers = useLab((s) => s.markers);
  const liveEndTime = useLab((s) => s.endTime);
  const running = useLab((s) => s.running);
  const live = useMemo(
    () => ({ stats: liveStats, samples: liveSamples, markers: liveMarkers, endTime: liveEndTime }),
    [liveStats, liveSamples, liveMarkers, liveEndTime],
  );
  const shown = useThrottled(live, CHART_FOLLOW_WALL_MS, running);
  return <ChartsView {...shown} scenario={scenario} topology={topology} />;
}

/**
 * The panel for one set of figures. Memoised: the store's updates between two throttled ones re-render
 * only Charts above, not the four figures and their tables.
 */
const ChartsView = memo(function ChartsView({
  stats,
  samples,
  markers,
  endTime,
  scenario,
  topology,
}: {
  stats: Stats | null;
  samples: readonly StatsSample[];
  markers: readonly TimelineMarker[];
  endTime: number;
  scenario: Scenario;
  topology: Topology | null;
}) {
  const hosts = useMemo(() => stats?.hosts ?? [], [stats]);
  const now = stats?.now ?? 0;
  const end = Math.max(endTime, now, samples[samples.length - 1]?.t ?? 0);
  const total = hosts.reduce((sum, h) => sum + h.served, 0);
  const expected = useMemo(
    () => (stats ? expectedShares(scenario, stats, topology) : { shares: [], basis: '' }),
    [scenario, stats, topology],
  );
  const rows: ShareRow[] = useMemo(
    () =>
      hosts.map((h, i) => ({
        name: h.name,
        state: h.state,
        served: h.served,
        expected:
          expected.shares[i] === null || expected.shares[i] === undefined
            ? null
            : expected.shares[i]! * total,
        index: i,
      })),
    [hosts, expected, total],
  );
  const chartMarkers: ChartMarker[] = useMemo(
    () => markers.map((m, i) => ({ t: m.t, n: i + 1, kind: m.kind })),
    [markers],
  );

  const drawBars = useMemo(
    () => (el: HTMLElement, width: number) => drawShareBars(el, width, rows, total),
    [rows, total],
  );
  const hostNames = hosts.map((h) => h.name).join('\n');
  const hostSeries: Series[] = useMemo(
    () =>
      hostNames.split('\n').map((name, i) => ({
        key: name,
        label: name,
        look: hostLook(i),
        value: (s: StatsSample) => s.served[i] ?? 0,
      })),
    [hostNames],
  );
  const drawHosts = useMemo(
    () => timeDraw(hostSeries, samples, end, now, chartMarkers),
    [hostSeries, samples, end, now, chartMarkers],
  );
  const drawWire = useMemo(
    () => timeDraw(WIRE_SERIES, samples, end, now, chartMarkers),
    [samples, end, now, chartMarkers],
  );
  const drawTrouble = useMemo(
    () => timeDraw(TROUBLE_SERIES, samples, end, now, chartMarkers),
    [samples, end, now, chartMarkers],
  );

  const at = `by ${formatTimestamp(now)}`;
  const many = hosts.length > LIST_MAX_HOSTS;
  const shareSummary = (() => {
    if (hosts.length === 0) return 'No hosts yet.';
    const exp = (i: number) => {
      const s = expected.shares[i];
      return s === null || s === undefined ? '' : `, expected ${formatShare(s, 1)}`;
    };
    if (many) {
      const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.served - b.r.served);
      const lo = sorted[0]!;
      const hi = sorted[sorted.length - 1]!;
      return `${total} connections served over ${hosts.length} hosts: fewest ${lo.r.name} ${lo.r.served}, most ${hi.r.name} ${hi.r.served}; expected share from ${expected.basis}.`;
    }
    return `${total} connections served: ${rows
      .map((r, i) => `${r.name} ${r.served} (${formatShare(r.served, total)}${exp(i)})`)
      .join(', ')}. Expected share: ${expected.basis}.`;
  })();
  const hostsSummary = many
    ? `Completed connections per host over ${formatTimestamp(end)}, ${hosts.length} lines; the table lists the latest counts.`
    : `Completed connections ${at}: ${hosts.map((h) => `${h.name} ${h.served}`).join(', ')}.`;
  const wireSummary = `Client frames on the wire ${at}: ${stats?.framesOnWire ?? 0}.`;
  const troubleSummary = `${at[0]!.toUpperCase()}${at.slice(1)}: ${stats?.loopbackConnections ?? 0} loopback connections, ${
    stats?.failedConnections ?? 0
  } failed, ${stats?.retransmissions ?? 0} SYNs retransmitted.`;
  const table = tableSamples(samples, 10);
  /** The time charts' table rows: one per sample of the table, headed by its time, keyed by its moment. */
  const timeRows = (cells: (s: StatsSample) => number[]): DataRow[] =>
    table.map(({ key, sample }) => ({ key, header: formatTimestamp(sample.t), cells: cells(sample) }));

  return (
    <ExplainPanel id="charts" title="Charts" className="charts">
      <ul className="chart-key" aria-label="Key to the charts">
        <li>
          <svg width="22" height="16" aria-hidden="true">
            <rect x="1" y="4" width="20" height="8" fill="#c9d3de" stroke="#1d1d1f" />
          </svg>
          served
        </li>
        <li>
          <svg width="14" height="16" aria-hidden="true">
            <path d="M7,1 V15 M3,1 H11 M3,15 H11" stroke="#1d1d1f" strokeWidth="2" fill="none" />
          </svg>
          expected share
        </li>
        <li>
          <svg width="18" height="16" aria-hidden="true">
            <path d="M9,2 V14" stroke="#1d1d1f" strokeWidth="2.5" />
            <path d="M4,14 L14,14 L9,8 Z" fill="#1d1d1f" />
          </svg>
          now
        </li>
      </ul>
      <Figure title="Served vs expected share" summary={shareSummary} draw={drawBars}>
        <DataTable
          caption="Served vs expected share, per host"
          columns={['Host', 'State', 'Served', 'Share', 'Expected share']}
          rows={rows.map((r, i) => ({
            key: r.name,
            header: r.name,
            cells: [
              r.state,
              r.served,
              formatShare(r.served, total),
              expected.shares[i] === null ? 'not balanced' : formatShare(expected.shares[i] ?? 0, 1),
            ],
          }))}
        />
      </Figure>
      <Figure title="Connections over time" summary={hostsSummary} draw={drawHosts}>
        <DataTable
          caption="Completed connections by host, over simulated time (sampled)"
          columns={['Time', ...hosts.map((h) => h.name)]}
          rows={timeRows((s) => hosts.map((_, i) => s.served[i] ?? 0))}
        />
      </Figure>
      <Figure title="Frames on the wire over time" summary={wireSummary} draw={drawWire}>
        <DataTable
          caption="Client frames on the wire over simulated time (sampled)"
          columns={['Time', 'Frames']}
          rows={timeRows((s) => [s.framesOnWire])}
        />
      </Figure>
      <Figure title="Loopback, failed and retransmitted" summary={troubleSummary} draw={drawTrouble}>
        <DataTable
          caption="Loopback, failed and retransmitted over simulated time (sampled)"
          columns={['Time', 'Loopback', 'Failed', 'Retransmitted']}
          rows={timeRows((s) => [s.loopbackConnections, s.failedConnections, s.retransmissions])}
        />
      </Figure>
      <div className="timeline-events">
        <h3>Events on the timeline</h3>
        {markers.length === 0 ? (
          <p className="explain-note">No faults or convergence yet.</p>
        ) : (
          <ol>
            {markers.map((m, i) => (
              <li key={`${m.t}-${i}`} className={`event-item event-${m.kind}`}>
                <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
                  <circle r="8" />
                  <text y="4" textAnchor="middle">
                    {i + 1}
                  </text>
                </svg>
                <span className="num time">{formatTimestamp(m.t)}</span>
                <span>
                  <span className="marker-kind">{MARKER_WORD[m.kind]}:</span> {m.label}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </ExplainPanel>
  );
});
