// The selected host's panel: a region named after the host with its state in `wlbs query` words,
// its connections and addresses, its load weight, and the faults and operations that apply to it now.
import { useEffect, useId, useRef } from 'react';
import { HOST_OPERATIONS, type HostAction } from '../../scenario/hostOperations';
import { WEIGHT_MAX, WEIGHT_MIN } from '../../state/drafts';
import { useLab } from '../../state/store';
import { hostConditions } from '../../view/hostState';
import { formatCount } from '../common/format';
import { NumberField } from '../common/NumberField';
import { HostConsole } from './HostConsole';

export function HostPanel() {
  const selectedId = useLab((s) => s.selectedHostId);
  const topology = useLab((s) => s.topology);
  const hostStats = useLab((s) => s.stats?.hosts.find((h) => h.id === s.selectedHostId));
  const isDefault = useLab(
    (s) =>
      s.selectedHostId !== null && s.stats?.clusters.some((c) => c.defaultHost === s.selectedHostId) === true,
  );
  const scenario = useLab((s) => s.scenario);
  const selectHost = useLab((s) => s.selectHost);
  const hostAction = useLab((s) => s.hostAction);
  const change = useLab((s) => s.change);
  const titleId = useId();
  const noteId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const node = topology?.nodes.find((n) => n.id === selectedId);

  // A newly selected host's panel may be below the fold of the side column: bring it into view.
  useEffect(() => {
    if (selectedId !== null) panelRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (!node || node.cluster === undefined || node.hostIndex === undefined) {
    return (
      <p className="host-panel-hint">
        Select a host in the drawing (click, or Tab then Enter) to crash it, stop NLB or change its weight.
      </p>
    );
  }
  const clusterId = node.cluster;
  const hostIndex = node.hostIndex;
  const cluster = topology?.clusters.find((c) => c.id === clusterId);
  const config = scenario.clusters.find((c) => c.id === clusterId);
  const hostConfig = config?.hosts[hostIndex];
  const location = scenario.client.location;
  const clientHere =
    location.kind === 'host' && location.cluster === clusterId && location.hostIndex === hostIndex;
  const actions = new Set(hostStats?.actions ?? []);
  const conditions = hostConditions(hostStats);
  const multipleRules = config?.portRules.filter((r) => r.filtering === 'multiple') ?? [];
  const weightsIgnored = multipleRules.length > 0 && multipleRules.every((r) => r.equalLoad);

  const act = (action: HostAction) => {
    hostAction(clusterId, hostIndex, action);
    // The pressed button may disappear (Crash becomes Restart): keep focus in the panel.
    headingRef.current?.focus();
  };

  return (
    <section className="host-panel" aria-labelledby={titleId} ref={panelRef}>
      <div className="host-panel-head">
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          {node.name}
        </h2>
        <button type="button" className="quiet" onClick={() => selectHost(null)}>
          Close
        </button>
      </div>
      <p className="host-state">
        <span className="visually-hidden">State: </span>
        {hostStats?.state ?? 'Unknown'}
        {conditions.length > 0 && <span className="conditions"> — {conditions.join(', ')}</span>}
      </p>
      {hostStats?.keptOut && (
        // Q198496: NLB does not accept this host; the others converge without it and go on serving.
        <p className="host-kept-out" role="note">
          <strong>Kept out of the cluster:</strong> {hostStats.keptOut}. The other hosts go on serving without
          it (KB Q198496).
        </p>
      )}
      <dl className="host-facts">
        <dt>Connections</dt>
        <dd className="num">
          {formatCount(hostStats?.openConnections ?? 0)} open, {formatCount(hostStats?.served ?? 0)} served
        </dd>
        <dt>Dedicated IP</dt>
        <dd className="num">{node.ips[0] ?? '—'}</dd>
        {cluster && (
          <>
            <dt>Cluster VIP</dt>
            <dd className="num">
              {cluster.vip} <span className="aside">({cluster.name})</span>
            </dd>
          </>
        )}
        <dt>NIC MAC</dt>
        <dd className="num">
          {node.mac}
          {cluster && cluster.clusterMac === node.mac && <span className="aside"> (the cluster MAC)</span>}
        </dd>
        {node.secondNicMac && (
          <>
            <dt>Second NIC MAC</dt>
            <dd className="num">
              {node.secondNicMac} <span className="aside">(dedicated IP; NLB not bound)</span>
            </dd>
          </>
        )}
        {cluster && cluster.clusterMac !== node.mac && (
          <>
            <dt>Cluster MAC</dt>
            <dd className="num">
              {cluster.clusterMac}
              {cluster.mode === 'igmp' && <span className="aside"> (illustrative)</span>}
            </dd>
          </>
        )}
        {hostConfig && (
          <>
            <dt>Priority</dt>
            <dd className="num">
              {hostConfig.priority}
              {/* Asked of the engine: the member with the best priority, once the cluster has converged. */}
              {isDefault ? <span className="aside"> (default host)</span> : ''}
            </dd>
          </>
        )}
        {clientHere && (
          <>
            <dt>Client</dt>
            <dd>runs on this host</dd>
          </>
        )}
      </dl>

      <div className="host-actions" role="group" aria-label={`What to do to ${node.name}`}>
        {HOST_OPERATIONS.filter((op) => actions.has(op.id)).map((op) => (
          <button
            key={op.id}
            type="button"
            className={'danger' in op ? 'danger' : undefined}
            title={op.hint}
            onClick={() => act(op.id)}
          >
            {op.label}
          </button>
        ))}
      </div>

      {hostConfig && (
        <div className="weight-row">
          <NumberField
            label="Load weight"
            className="field-narrow"
            value={hostConfig.loadWeight}
            min={WEIGHT_MIN}
            max={WEIGHT_MAX}
            describedBy={noteId}
            onCommit={(weight) => change([{ type: 'loadWeight', cluster: clusterId, hostIndex, weight }])}
          />
          <p id={noteId} className="note">
            A new weight makes NLB converge in place: existing connections stay with their hosts, new ones
            follow the new weights.
            {weightsIgnored && ' Equal load is on in every port rule, so weights do nothing yet.'}
          </p>
          {weightsIgnored && config && (
            <button
              type="button"
              className="quiet"
              onClick={() =>
                change([
                  {
                    type: 'portRules',
                    cluster: clusterId,
                    rules: config.portRules.map((r) =>
                      r.filtering === 'multiple' ? { ...r, equalLoad: false } : r,
                    ),
                  },
                ])
              }
            >
              Use load weights
            </button>
          )}
        </div>
      )}
      <HostConsole hostId={node.id} cluster={node.cluster} hostIndex={node.hostIndex} />
    </section>
  );
}
