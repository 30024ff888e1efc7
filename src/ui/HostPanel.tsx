// The selected host's panel: a region named after the host with its addresses, state and served count.
// (Fault buttons — Crash, Drainstop, … — will live here too.)
import { useId } from 'react';
import { useLab } from '../state/store';
import { formatCount } from './format';

export function HostPanel() {
  const selectedId = useLab((s) => s.selectedHostId);
  const topology = useLab((s) => s.topology);
  const hostStats = useLab((s) => s.stats?.hosts.find((h) => h.id === s.selectedHostId));
  const location = useLab((s) => s.scenario.client.location);
  const selectHost = useLab((s) => s.selectHost);
  const titleId = useId();
  const node = topology?.nodes.find((n) => n.id === selectedId);
  if (!node) {
    return (
      <p className="host-panel-hint">
        Select a host in the drawing (click, or Tab then Enter) to see its details.
      </p>
    );
  }
  const cluster = topology?.clusters.find((c) => c.id === node.cluster);
  const clientHere =
    location.kind === 'host' && location.cluster === node.cluster && location.hostIndex === node.hostIndex;
  return (
    <section className="host-panel" aria-labelledby={titleId}>
      <div className="host-panel-head">
        <h2 id={titleId}>{node.name}</h2>
        <button type="button" className="quiet" onClick={() => selectHost(null)}>
          Close
        </button>
      </div>
      <dl>
        <dt>Dedicated IP</dt>
        <dd className="num">{node.ips[0] ?? '—'}</dd>
        {cluster && (
          <>
            <dt>Cluster VIP</dt>
            <dd className="num">
              {cluster.vip} ({cluster.name})
            </dd>
          </>
        )}
        <dt>NIC MAC</dt>
        <dd className="num">{node.mac}</dd>
        {node.priority !== undefined && (
          <>
            <dt>Host priority</dt>
            <dd className="num">
              {node.priority}
              {node.priority === 1 ? ' (default host)' : ''}
            </dd>
          </>
        )}
        <dt>State</dt>
        <dd>{hostStats?.state ?? 'Unknown'}</dd>
        <dt>Served</dt>
        <dd className="num">{formatCount(hostStats?.served ?? 0)}</dd>
        {clientHere && (
          <>
            <dt>Client</dt>
            <dd>runs on this host</dd>
          </>
        )}
      </dl>
    </section>
  );
}
