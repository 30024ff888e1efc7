// The "More settings" panel: Cluster B's load balancer; buckets, source-MAC masking, unicast
// inter-host communication, per-host priorities, weights and second network adapters, port rules
// (NLB's own: disabled, with a note, for a cluster another load balancer runs), the client (addresses, rate, port, TCP or UDP) and the switch (IGMP snooping). Loaded on
// demand the first time the panel opens.
// Every valid edit becomes changes of the run at the moment on screen (applyEdit.ts); invalid input
// stays where it was typed, with a message, and is never sent.
import { useEffect, useId, useRef, useState } from 'react';
import type { Affinity, ClusterConfig, FilteringMode, Protocol } from '../../scenario/types';
import {
  FILTERING_LABELS,
  hostToDraft,
  newRuleDraft,
  parseHostDrafts,
  parseRuleDrafts,
  PROTOCOL_LABELS,
  ruleToDraft,
  sameRules,
  type HostDraft,
  type HostErrors,
  type RuleDraft,
  type RuleErrors,
} from '../../state/drafts';
import {
  hostName,
  MAX_HOSTS,
  MIN_HOSTS,
  withClient,
  withClusterPatch,
  withHostPatch,
  withHostSettings,
  withPortRules,
} from '../../state/scenarioEdit';
import { useLab } from '../../state/store';
import { apply } from './applyEdit';
import { ClientProtocolFields } from './ClientProtocolFields';
import { SwitchSettings } from './SwitchSettings';
import { BalancerPicker } from './BalancerPicker';
import { BALANCER_NAMES } from '../../scenario/balancerNames';
import { balancerText } from '../../scenario/changeText';
import { COMMIT_DELAY_MS, NumberField } from '../common/NumberField';

const AFFINITY_LABELS: Record<Affinity, string> = { none: 'None', single: 'Single', network: 'Network' };

/** A cluster option's checkbox with the note that explains it (read out as its description). */
function CheckboxOption({
  label,
  checked,
  disabled,
  onChange,
  note,
}: {
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
  note: string;
}) {
  const noteId = useId();
  return (
    <div className="option-block">
      <div className="field checkbox-field">
        <span className="field-spacer" aria-hidden="true" />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={checked}
            disabled={disabled}
            aria-describedby={noteId}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
      </div>
      <p id={noteId} className="note settings-note">
        {note}
      </p>
    </div>
  );
}

/** Whether Windows NLB balances the cluster (absent balancer: NLB). */
function runsNlb(cluster: ClusterConfig): boolean {
  return (cluster.balancer?.kind ?? 'nlb') === 'nlb';
}

/**
 * A second cluster's own load balancer (Cluster A's is in the toolbar) and its host count: what the
 * cluster is, before the NLB settings below.
 */
function ClusterBasics({ cluster }: { cluster: ClusterConfig }) {
  const change = useLab((s) => s.change);
  if (cluster.id !== 'B') return null;
  return (
    <div className="settings-row">
      <BalancerPicker
        label="Cluster B load balancer"
        value={cluster.balancer}
        onChange={(balancer) => change([{ type: 'balancer', cluster: 'B', balancer }])}
      />
      <NumberField
        label="Cluster B host count"
        className="field-narrow"
        value={cluster.hosts.length}
        min={MIN_HOSTS}
        max={MAX_HOSTS}
        onCommit={(n) => change([{ type: 'hostCount', cluster: 'B', count: n }])}
      />
    </div>
  );
}

/**
 * Says why a cluster's NLB settings are disabled: another balancer runs it, and they are kept for a
 * switch back to NLB.
 */
function NotNlbNote({ cluster, id }: { cluster: ClusterConfig; id: string }) {
  return (
    <p id={id} className="note settings-note not-nlb-note">
      Cluster {cluster.id} runs {balancerText(cluster.balancer ?? { kind: 'nlb' })}, not Windows NLB: its
      buckets, source-MAC masking, unicast inter-host communication, host priorities and load weights, second
      network adapters and port rules (like NLB&apos;s heartbeat timers and cluster IP as source) are NLB
      settings. They do nothing here and are kept for when you switch back to Windows NLB.
    </p>
  );
}

function ClusterOptions({ cluster }: { cluster: ClusterConfig }) {
  const bucketNote = useId();
  const unicast = cluster.mode === 'unicast';
  return (
    <div className="settings-row">
      <div className="option-block">
        <NumberField
          label="Buckets (illustrative)"
          className="field-narrow"
          value={cluster.bucketCount}
          min={1}
          max={64}
          describedBy={bucketNote}
          onCommit={(bucketCount) => apply((s) => withClusterPatch(s, cluster.id, { bucketCount }))}
        />
        <p id={bucketNote} className="note settings-note">
          60 is the figure usually taught; no primary source confirms it. The bucket hash is VIP Lab&apos;s
          own.
        </p>
      </div>
      <CheckboxOption
        label="Mask source MAC"
        checked={cluster.maskSourceMac}
        disabled={!unicast}
        onChange={(maskSourceMac) => apply((s) => withClusterPatch(s, cluster.id, { maskSourceMac }))}
        note={
          (unicast
            ? 'Frames leave as 02-<priority>-<VIP>, so the switch never learns the cluster MAC and floods it. Off: it learns it, and one port gets all.'
            : 'Only unicast mode masks the source MAC.') +
          (cluster.mode === 'igmp' ? ' The IGMP multicast MAC (01-00-5E-…) is illustrative.' : '')
        }
      />
      <CheckboxOption
        label="Unicast inter-host communication"
        checked={cluster.unicastInterHost ?? false}
        disabled={!unicast}
        onChange={(unicastInterHost) => apply((s) => withClusterPatch(s, cluster.id, { unicastInterHost }))}
        note={
          unicast
            ? 'UnicastInterHostCommSupport (Windows Server 2003 SP1 and later): each host also gets a MAC of its own, so hosts reach each other by dedicated IP with one NIC. Which MAC: illustrative.'
            : 'Only unicast mode needs it: in multicast modes hosts keep their own MACs.'
        }
      />
    </div>
  );
}

/** Keeps a draft list in step with the scenario unless the user has unsent (invalid) input. */
function useDraft<T, D>(
  values: readonly T[],
  toDraft: (v: T, previous: D | undefined) => D,
  isValid: (drafts: D[]) => boolean,
): [D[], (next: D[]) => void] {
  const [state, setState] = useState(() => ({
    base: values,
    drafts: values.map((v) => toDraft(v, undefined)),
  }));
  if (state.base !== values) {
    // The scenario changed (this panel's own edit, or another control). Follow it, unless what
    // the user typed is not valid yet: then only rows that appeared or went away change.
    const drafts = isValid(state.drafts)
      ? values.map((v, i) => toDraft(v, state.drafts[i]))
      : values.map((v, i) => state.drafts[i] ?? toDraft(v, undefined));
    setState({ base: values, drafts });
    return [drafts, (next) => setState({ base: values, drafts: next })];
  }
  return [state.drafts, (next) => setState((s) => ({ ...s, drafts: next }))];
}

/** Runs `fn` once typing pauses; `flush` runs it now. */
function useDebounced(): { later: (fn: () => void) => void; now: (fn: () => void) => void } {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return {
    later(fn) {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        fn();
      }, COMMIT_DELAY_MS);
    },
    now(fn) {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      fn();
    },
  };
}

function HostTable({ cluster }: { cluster: ClusterConfig }) {
  const [drafts, setDrafts] = useDraft<ClusterConfig['hosts'][number], HostDraft>(
    cluster.hosts,
    (h) => hostToDraft(h),
    (d) => parseHostDrafts(d, cluster).hosts !== null,
  );
  const debounce = useDebounced();
  const { hosts, errors } = parseHostDrafts(drafts, cluster);

  const send = (next: HostDraft[]) => {
    const parsed = parseHostDrafts(next, cluster);
    if (!parsed.hosts) return;
    const current = useLab.getState().scenario.clusters.find((c) => c.id === cluster.id);
    const unchanged = current?.hosts.every(
      (h, i) =>
        h.priority === parsed.hosts![i]?.priority &&
        h.loadWeight === parsed.hosts![i]?.loadWeight &&
        h.handlingPriority === parsed.hosts![i]?.handlingPriority,
    );
    if (!unchanged) apply((s) => withHostSettings(s, cluster.id, parsed.hosts!));
  };
  const edit = (i: number, field: keyof HostDraft, text: string) => {
    const next = drafts.map((d, k) => (k === i ? { ...d, [field]: text } : d));
    setDrafts(next);
    debounce.later(() => send(next));
  };
  const cell = (
    i: number,
    field: keyof HostDraft,
    label: string,
    min: number,
    max: number,
    e: HostErrors,
  ) => (
    <td>
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        aria-label={`${hostName(cluster.id, i)} ${label}`}
        aria-invalid={e[field] !== undefined}
        aria-describedby={e[field] !== undefined ? `${cluster.id}-host-${i}-errors` : undefined}
        value={drafts[i]![field]}
        onChange={(ev) => edit(i, field, ev.target.value)}
        onBlur={() => debounce.now(() => send(drafts))}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter') debounce.now(() => send(drafts));
        }}
      />
    </td>
  );
  return (
    <table className="settings-table">
      <caption>
        Hosts{hosts === null && <span className="caption-warn"> — not applied until fixed</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">Priority</th>
          <th scope="col">Handling priority</th>
          <th scope="col">Load weight</th>
          <th scope="col" title="A second network adapter for dedicated traffic (Q233279)">
            Second NIC
          </th>
        </tr>
      </thead>
      <tbody>
        {drafts.map((_, i) => {
          const e = errors[i] ?? {};
          const messages = Object.values(e);
          return [
            <tr key={`h${i}`}>
              <th scope="row">{hostName(cluster.id, i)}</th>
              {cell(i, 'priority', 'priority', 1, 32, e)}
              {cell(i, 'handlingPriority', 'handling priority', 1, 32, e)}
              {cell(i, 'loadWeight', 'load weight', 0, 100, e)}
              <td className="center">
                <input
                  type="checkbox"
                  aria-label={`${hostName(cluster.id, i)} second network adapter`}
                  checked={cluster.hosts[i]?.secondNic ?? false}
                  onChange={(ev) =>
                    apply((s) => withHostPatch(s, cluster.id, i, { secondNic: ev.target.checked }))
                  }
                />
              </td>
            </tr>,
            messages.length > 0 && (
              <tr key={`he${i}`} className="row-error">
                <td colSpan={5} id={`${cluster.id}-host-${i}-errors`}>
                  {messages.join('. ')}
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}

function RuleEditor({ cluster }: { cluster: ClusterConfig }) {
  const [drafts, setDrafts] = useDraft<ClusterConfig['portRules'][number], RuleDraft>(
    cluster.portRules,
    (r, previous) => {
      const d = ruleToDraft(r);
      return previous ? { ...d, key: previous.key } : d;
    },
    (d) => parseRuleDrafts(d, cluster).rules !== null,
  );
  const debounce = useDebounced();
  const { rules, errors } = parseRuleDrafts(drafts, cluster);
  const [refusal, setRefusal] = useState<string[]>([]);

  const send = (next: RuleDraft[]) => {
    const parsed = parseRuleDrafts(next, cluster);
    if (!parsed.rules) return;
    const current = useLab.getState().scenario.clusters.find((c) => c.id === cluster.id);
    if (current && sameRules(current.portRules, parsed.rules)) return;
    setRefusal(apply((s) => withPortRules(s, cluster.id, parsed.rules!)));
  };
  const change = (i: number, patch: Partial<RuleDraft>, immediate: boolean) => {
    const next = drafts.map((d, k) => (k === i ? { ...d, ...patch } : d));
    setDrafts(next);
    if (immediate) debounce.now(() => send(next));
    else debounce.later(() => send(next));
  };
  const remove = (i: number) => {
    const next = drafts.filter((_, k) => k !== i);
    setDrafts(next);
    debounce.now(() => send(next));
  };
  const add = () => {
    const next = [...drafts, newRuleDraft(cluster, drafts)];
    setDrafts(next);
    debounce.now(() => send(next));
  };
  const errorId = (i: number) => `${cluster.id}-rule-${i}-errors`;

  return (
    <div className="rules">
      <table className="settings-table rules-table">
        <caption>
          Port rules
          {rules === null && <span className="caption-warn"> — not applied until fixed</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">VIP</th>
            <th scope="col">Start port</th>
            <th scope="col">End port</th>
            <th scope="col">Protocol</th>
            <th scope="col">Filtering mode</th>
            <th scope="col">Affinity</th>
            <th scope="col">Equal load</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => {
            const e: RuleErrors = errors[i] ?? {};
            const messages = [e.vip, e.start, e.end, e.rule].filter(Boolean);
            const n = i + 1;
            const describedBy = messages.length > 0 ? errorId(i) : undefined;
            const multiple = d.filtering === 'multiple';
            return [
              <tr key={d.key}>
                <th scope="row">{n}</th>
                <td>
                  <select
                    aria-label={`Rule ${n} VIP`}
                    value={d.vip}
                    aria-invalid={e.vip !== undefined}
                    aria-describedby={describedBy}
                    onChange={(ev) => change(i, { vip: ev.target.value }, true)}
                  >
                    <option value="all">All VIPs</option>
                    <option value={cluster.vip}>{cluster.vip}</option>
                    {d.vip !== 'all' && d.vip !== cluster.vip && <option value={d.vip}>{d.vip}</option>}
                  </select>
                </td>
                {(['start', 'end'] as const).map((field) => (
                  <td key={field}>
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={65535}
                      step={1}
                      className="port-input"
                      aria-label={`Rule ${n} ${field} port`}
                      aria-invalid={e[field] !== undefined || (field === 'end' && e.rule !== undefined)}
                      aria-describedby={describedBy}
                      value={d[field]}
                      onChange={(ev) => change(i, { [field]: ev.target.value }, false)}
                      onBlur={() => debounce.now(() => send(drafts))}
                      onKeyDown={(ev) => {
                        if (ev.key === 'Enter') debounce.now(() => send(drafts));
                      }}
                    />
                  </td>
                ))}
                <td>
                  <select
                    aria-label={`Rule ${n} protocol`}
                    value={d.protocol}
                    onChange={(ev) => change(i, { protocol: ev.target.value as Protocol }, true)}
                  >
                    {(Object.keys(PROTOCOL_LABELS) as Protocol[]).map((p) => (
                      <option key={p} value={p}>
                        {PROTOCOL_LABELS[p]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Rule ${n} filtering mode`}
                    value={d.filtering}
                    onChange={(ev) => change(i, { filtering: ev.target.value as FilteringMode }, true)}
                  >
                    {(Object.keys(FILTERING_LABELS) as FilteringMode[]).map((f) => (
                      <option key={f} value={f}>
                        {FILTERING_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Rule ${n} affinity`}
                    value={d.affinity}
                    disabled={!multiple}
                    onChange={(ev) => change(i, { affinity: ev.target.value as Affinity }, true)}
                  >
                    {(Object.keys(AFFINITY_LABELS) as Affinity[]).map((a) => (
                      <option key={a} value={a}>
                        {AFFINITY_LABELS[a]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="center">
                  <input
                    type="checkbox"
                    aria-label={`Rule ${n} equal load`}
                    checked={d.equalLoad}
                    disabled={!multiple}
                    onChange={(ev) => change(i, { equalLoad: ev.target.checked }, true)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="quiet icon-button"
                    aria-label={`Remove rule ${n}`}
                    title={`Remove rule ${n}`}
                    onClick={() => remove(i)}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </td>
              </tr>,
              messages.length > 0 && (
                <tr key={`${d.key}-e`} className="row-error">
                  <td colSpan={9} id={errorId(i)}>
                    Rule {n}: {messages.join('. ')}.
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      {/* Says once that something needs fixing; each field's own message is tied to it. */}
      <p role="status" className="visually-hidden">
        {rules === null
          ? `Port rules not applied: fix rule ${errors
              .map((e, i) => (Object.keys(e).length > 0 ? i + 1 : 0))
              .filter((n) => n > 0)
              .join(', rule ')}.`
          : ''}
      </p>
      {drafts.length === 0 && (
        <p className="note">
          No port rules: every connection goes to the default host (the lowest priority number).
        </p>
      )}
      <button type="button" onClick={add}>
        Add port rule
      </button>
      {refusal.length > 0 && (
        <p className="field-error static" role="alert">
          Not applied: {refusal.join('; ')}
        </p>
      )}
    </div>
  );
}

function ClientSettings() {
  const client = useLab((s) => s.scenario.client);
  return (
    <fieldset className="settings-cluster">
      <legend>Client</legend>
      <div className="settings-row">
        <NumberField
          label="Source addresses"
          className="field-mid"
          value={client.sourceAddresses}
          min={1}
          max={65000}
          onCommit={(sourceAddresses) => apply((s) => withClient(s, { sourceAddresses }))}
        />
        <NumberField
          label="Connection rate (per s)"
          className="field-mid"
          value={client.connectionsPerSecond}
          min={0}
          max={1000}
          onCommit={(connectionsPerSecond) => apply((s) => withClient(s, { connectionsPerSecond }))}
        />
        <NumberField
          label="Server port"
          className="field-mid"
          value={client.port}
          min={1}
          max={65535}
          onCommit={(port) => apply((s) => withClient(s, { port }))}
        />
        <ClientProtocolFields />
        <p className="note settings-note">
          Source addresses: how many internet clients the router stands for (affinity Single hashes each one).
          Connection rate: new connections per simulated second while playing. Server port: what the client
          connects to, matched against the port rules.
        </p>
      </div>
    </fieldset>
  );
}

/**
 * One cluster's settings. NLB's own (buckets, masking, priorities, weights, port rules) sit in a
 * fieldset of their own, disabled with a note when another load balancer runs the cluster.
 */
function ClusterFieldset({ cluster }: { cluster: ClusterConfig }) {
  const noteId = useId();
  const nlb = runsNlb(cluster);
  return (
    <fieldset className="settings-cluster">
      <legend>
        Cluster {cluster.id} <span className="aside">VIP {cluster.vip}</span>
        {!nlb && <span className="aside"> · {BALANCER_NAMES[cluster.balancer?.kind ?? 'nlb']}</span>}
      </legend>
      <ClusterBasics cluster={cluster} />
      {!nlb && <NotNlbNote cluster={cluster} id={noteId} />}
      <fieldset
        className="nlb-settings"
        disabled={!nlb}
        aria-label={`NLB settings of Cluster ${cluster.id}`}
        aria-describedby={nlb ? undefined : noteId}
      >
        <ClusterOptions cluster={cluster} />
        <div className="settings-tables">
          <HostTable cluster={cluster} />
          <RuleEditor cluster={cluster} />
        </div>
      </fieldset>
    </fieldset>
  );
}

function SettingsPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const clusters = useLab((s) => s.scenario.clusters);
  const titleId = useId();
  return (
    <div
      id={id}
      className="settings-panel"
      role="group"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="settings-head">
        <h3 id={titleId}>More settings</h3>
        <p className="note">
          Weights, priorities, port rules and the client's rate apply at once: NLB converges while it keeps
          serving. Other settings rebuild the run to this moment. Undo takes any change back.
        </p>
        <button type="button" className="quiet" onClick={onClose}>
          Close settings
        </button>
      </div>
      {clusters.map((c) => (
        <ClusterFieldset key={c.id} cluster={c} />
      ))}
      <ClientSettings />
      <SwitchSettings />
    </div>
  );
}
export default SettingsPanel;
