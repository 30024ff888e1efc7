// The Bucket map panel: Cluster A's buckets (first port rule) as a ring around its VIP, coloured and
// patterned by owner, the selected packet's bucket pulled out, and a table of how many buckets each
// host owns with its `wlbs query` state. d3 draws the ring; React draws the words around it.
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useExplain } from '../../state/explainStore';
import { useLab } from '../../state/store';
import './explain.css';
import { createBucketRing, type BucketRing as Ring } from '../../view/bucketRing';
import { patternMarkup } from '../../view/hostStyle';
import { useWidth } from '../common/useWidth';
import { ExplainPanel } from './ExplainPanel';

const RING_HEIGHT = 256;

/**
 * A small square showing a host's colour and pattern, for legends. Memoised: the bucket table is
 * rendered again with every stats update (10 a second while playing), its swatches never change.
 */
export const HostSwatch = memo(function HostSwatch({ index }: { index: number }) {
  const prefix = `swatch${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const markup = useMemo(() => patternMarkup(prefix, index), [prefix, index]);
  return (
    <svg className="host-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
      <defs dangerouslySetInnerHTML={{ __html: markup }} />
      <rect x="1" y="1" width="16" height="16" rx="2" fill={`url(#${prefix}-${index})`} stroke="#1d1d1f" />
    </svg>
  );
});

export function BucketMap() {
  const stats = useLab((s) => s.stats);
  const topology = useLab((s) => s.topology);
  const selectedFrameId = useLab((s) => s.selectedFrameId);
  const detail = useExplain((s) => s.detail);
  const highlighted = useExplain((s) => s.highlightedBucket);
  const reducedMotion = useLab((s) => s.reducedMotion);

  const [focusedBucket, setFocusedBucket] = useState<number | null>(null);

  const cluster = stats?.clusters[0] ?? null;
  const hosts = useMemo(() => stats?.hosts ?? [], [stats]);
  const vip = topology?.clusters[0]?.vip ?? '';
  const owners = useMemo(() => {
    const index = new Map(hosts.map((h, i) => [h.id, i]));
    return (cluster?.bucketOwners ?? []).map((id) => (id === null ? -1 : (index.get(id) ?? -1)));
  }, [cluster, hosts]);
  const inspected =
    detail &&
    detail.frameId === selectedFrameId &&
    detail.bucket &&
    detail.bucket.cluster === (cluster?.id ?? 'A')
      ? detail
      : null;
  const selected = inspected?.bucket ? inspected.bucket.bucket : highlighted;

  const counts = useMemo(() => {
    const c = hosts.map(() => 0);
    let none = 0;
    for (const o of owners) {
      if (o < 0) none += 1;
      else c[o] = (c[o] ?? 0) + 1;
    }
    return { perHost: c, none };
  }, [owners, hosts]);

  // Only hosts of the mapped cluster belong in its legend.
  const rows = hosts.map((h, i) => ({ h, i })).filter(({ h }) => h.cluster === (cluster?.id ?? 'A'));
  const focusOwner = focusedBucket !== null ? owners[focusedBucket] : undefined;
  const balancer = topology?.clusters[0]?.balancer;

  if (balancer && balancer.kind !== 'nlb') {
    // Buckets are NLB's: a balancer node of today has no bucket map to show.
    return (
      <ExplainPanel id="buckets" title="Bucket map" className="bucket-map">
        <p className="explain-note">
          Cluster A is balanced by {balancer.name}, not Windows NLB: no buckets. Its load balancer node picks
          a backend for each new flow (the event log says how), and keeps the flow there.
        </p>
      </ExplainPanel>
    );
  }

  return (
    <ExplainPanel id="buckets" title="Bucket map" className="bucket-map">
      <p className="explain-note">
        Cluster A, port rule 1: {owners.length} buckets around the VIP, each owned by one host.{' '}
        <em>Illustrative: NLB&rsquo;s real hash and bucket count are not public.</em>
      </p>
      <RingView
        owners={owners}
        hosts={hosts}
        vip={vip}
        selected={selected}
        reducedMotion={reducedMotion}
        onFocusBucket={setFocusedBucket}
      />
      <p className="ring-readout" aria-live="off">
        {focusedBucket !== null
          ? `Bucket ${focusedBucket}: ${focusOwner === undefined || focusOwner < 0 ? 'no owner' : hosts[focusOwner]?.name}`
          : selected !== null
            ? `Bucket ${selected} (owned by ${
                owners[selected] !== undefined && owners[selected]! >= 0
                  ? hosts[owners[selected]!]?.name
                  : 'no host'
              }) ${
                !inspected
                  ? 'is highlighted.'
                  : inspected.loopback
                    ? 'is where the selected packet would hash, but it was looped back: no host hashed it.'
                    : "is the selected packet's."
              }`
            : 'Point at or Tab to a bucket to read its number and owner; arrow keys move round the ring.'}
      </p>
      <table className="bucket-table">
        <caption>Buckets per host</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">wlbs query</th>
            <th scope="col" className="numeric">
              Buckets
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ h, i }) => (
            <tr key={h.id}>
              <th scope="row">
                <HostSwatch index={i} />
                {h.name}
              </th>
              <td className="state">{h.state}</td>
              <td className="numeric num">{counts.perHost[i] ?? 0}</td>
            </tr>
          ))}
          {counts.none > 0 && (
            <tr>
              <th scope="row">
                <svg className="host-swatch" width="18" height="18" aria-hidden="true">
                  <rect
                    x="1"
                    y="1"
                    width="16"
                    height="16"
                    rx="2"
                    fill="#fff"
                    stroke="#1d1d1f"
                    strokeDasharray="3 2"
                  />
                </svg>
                No owner
              </th>
              <td className="state">dropped by every host</td>
              <td className="numeric num">{counts.none}</td>
            </tr>
          )}
        </tbody>
      </table>
    </ExplainPanel>
  );
}

/**
 * The ring itself. Its own component, so its svg and the d3 drawing on it live exactly as long as the
 * open panel shows them: collapsing the panel removes both, reopening it draws a new ring.
 */
function RingView({
  owners,
  hosts,
  vip,
  selected,
  reducedMotion,
  onFocusBucket,
}: {
  owners: number[];
  hosts: readonly { name: string }[];
  vip: string;
  selected: number | null;
  reducedMotion: boolean;
  onFocusBucket: (bucket: number | null) => void;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const ringRef = useRef<Ring | null>(null);
  const width = useWidth(wrapRef);
  const focus = useRef(onFocusBucket);
  useEffect(() => {
    focus.current = onFocusBucket;
  });
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    ringRef.current = createBucketRing(svg, (bucket) => focus.current(bucket));
    return () => {
      ringRef.current?.destroy();
      ringRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (width <= 0 || owners.length === 0) return;
    ringRef.current?.update({
      width,
      height: RING_HEIGHT,
      vip,
      owners,
      hosts: hosts.map((h) => h.name),
      selected,
      reducedMotion,
    });
  }, [width, owners, hosts, vip, selected, reducedMotion]);

  return (
    <div className="ring-wrap" ref={wrapRef}>
      <svg ref={svgRef} className="bucket-ring" role="group" aria-label="Bucket ring" />
    </div>
  );
}
