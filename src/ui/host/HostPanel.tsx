// The selected host's panel: a region named after the host with its state in `wlbs query` words,
// its connections and addresses, its load weight, and the faults and operations that apply to it now.
// A backend of a load balancer of today shows its balancer instead of NLB's settings; the balancer
// node itself, when selected, gets a panel of its own (what it is, how it picks a backend).
import { useEffect, useId, useRef } from 'react';
import { HOST_OPERATIONS, type HostAction } from '../../scenario/hostOperations';
import { WEIGHT_MAX, WEIGHT_MIN } from '../../state/drafts';
import { useLab } from '../../state/store';
import { hostConditions } from '../../view/hostState';
import { formatCount } from '../common/format';
import { NumberField } from '../common/NumberField';
import { HostConsole } from './HostConsole';
import { balancerText } from '../../scenario/changeText';
import { balancerFacts, type PickMethod } from '../../sim/balancerKinds';
import type { TopologyNode } from '../../sim/types';

/** How a load balancer of today chooses a backend, in a sentence (for its panel and its backends'). */
const PICK_WORDS: Record<PickMethod, string> = {
  nlbBuckets: 'NLB hashes each client into buckets that the hosts own.',
  roundRobin: 'The balancer hands new connections to healthy backends in turn (round robin).',
  flowHash:
    'The balancer hashes each new flow’s addresses and ports to pick a healthy backend (VIP Lab’s own hash: illustrative).',
  random: 'The balancer picks a healthy backend at random for each new connection, as kube-proxy does.',
};

/** What a backend calling its own VIP meets under each mechanism (MODERN.md). */
const SELF_CALL_WORDS: Record<'A' | 'B' | 'C', string> = {
  A: 'A backend that calls the VIP is always served by itself, through its loopback: no balancing, no failover.',
  B: 'A backend that calls the VIP times out on about 1 in N new connections (N backends): those the balancer sends back to the caller itself, source kept.',
  C: 'A backend that calls the VIP always gets an answer: the balancer’s own address is the source, so landing on itself (about 1 in N) does no harm.',
};

/** The panel of a load balancer node: what it is, how it picks, what a backend calling the VIP meets. */
function BalancerPanel({ node, onClose }: { node: TopologyNode; onClose: () => void }) {
  const titleId = useId();
  const summary = useLab((s) => s.topology?.clusters.find((c) => c.balancer.node === node.id));
  const config = useLab((s) => s.scenario.clusters.find((c) => c.id === node.cluster));
  const state = useLab((s) => s.stats?.clusters.find((c) => c.id === node.cluster)?.state);
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    panelRef.current?.scrollIntoView({ block: 'nearest' });
  }, [node.id]);
  if (!summary) return null;
  const b = summary.balancer;
  const facts = balancerFacts(config?.balancer);
  return (
    <section className="host-panel balancer-panel" aria-labelledby={titleId} ref={panelRef}>
      <div className="host-panel-head">
        <h2 id={titleId} tabIndex={-1}>
          {node.name}
        </h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="host-state">
        <span className="visually-hidden">State: </span>
        {state ?? 'Unknown'}
      </p>
      <dl className="host-facts">
        <dt>Kind</dt>
        <dd>{config?.balancer ? balancerText(config.balancer) : b.name}</dd>
        <dt>Mechanism</dt>
        <dd>
          {b.mechanism}: {b.mechanismName}
        </dd>
        <dt>Address</dt>
        <dd className="num">{node.ips[0] ?? '—'}</dd>
        <dt>VIP</dt>
        <dd className="num">
          {summary.vip} <span className="aside">({summary.name})</span>
        </dd>
        <dt>MAC</dt>
        <dd className="num">{node.mac}</dd>
        {b.illustrative && (
          <>
            <dt>Illustrative</dt>
            <dd className="illustrative">{b.illustrative}</dd>
          </>
        )}
        <dt>Source</dt>
        <dd className="source">{b.source}</dd>
      </dl>
      <p className="note">{PICK_WORDS[facts.pick]}</p>
      <p className="note">{SELF_CALL_WORDS[b.mechanism]}</p>
    </section>
  );
}

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

  if (node?.kind === 'balancer' && node.cluster !== undefined) {
    return <BalancerPanel node={node} onClose={() => selectHost(null)} />;
  }
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
  // A backend of a load balancer of today: no NLB here, so no cluster MAC, priority or NLB weight.
  const lb = cluster && cluster.balancer.kind !== 'nlb' ? cluster.balancer : null;
  const lbNode = lb?.node ? topology?.nodes.find((n) => n.id === lb.node) : undefined;
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
        {lb && (
          <>
            <dt>Load balancer</dt>
            <dd>
              {lb.name}
              {lbNode && (
                <span className="aside">
                  {' '}
                  ({lbNode.name}, {lbNode.ips[0]})
                </span>
              )}
              <span className="aside">
                {' '}
                — mechanism {lb.mechanism}: {lb.mechanismName}
              </span>
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
        {cluster && !lb && cluster.clusterMac !== node.mac && (
          <>
            <dt>Cluster MAC</dt>
            <dd className="num">
              {cluster.clusterMac}
              {cluster.mode === 'igmp' && <span className="aside"> (illustrative)</span>}
            </dd>
          </>
        )}
        {hostConfig && !lb && (
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

      {lb && config && (
        <p className="note backend-note">
          A backend of {balancerText(config.balancer ?? { kind: 'nlb' })}: Windows NLB is not installed here,
          so there is no NLB to stop or drain and no load weight.{' '}
          {PICK_WORDS[balancerFacts(config.balancer).pick]}
        </p>
      )}
      {hostConfig && !lb && (
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
