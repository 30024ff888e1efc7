// The "Cluster settings" region: the contract's quick controls (Load balancer, Hosts, Cluster mode,
// Affinity, Cluster B) always in the toolbar (Cluster mode and Affinity are NLB's: disabled, with a
// hint, when no cluster runs NLB), and a "More settings" button whose panel (SettingsPanel.tsx,
// loaded on demand) holds the rest: buckets, source-MAC masking, per-host priorities and weights, port rules, and the outside client's addresses and rate.
// Each edit is a change of the run at the moment on screen (NLB converges in place; hosts, mode and
// Cluster B rebuild the run to this moment); invalid input stays where it was typed, with a message.
import { lazy, Suspense, useId, useRef, useState } from 'react';
import type { Affinity, ClusterConfig, ClusterMode } from '../../scenario/types';
import {
  AFFINITY_OPTIONS,
  affinityValue,
  clusterModeValue,
  MAX_HOSTS,
  MIN_HOSTS,
  MIXED,
  MODE_OPTIONS,
} from '../../state/scenarioEdit';
import { useLab } from '../../state/store';
import { NumberField } from '../common/NumberField';
import { BalancerPicker } from './BalancerPicker';

const SettingsPanel = lazy(() => import('./SettingsPanel'));

function HostsInput() {
  const count = useLab((s) => s.scenario.clusters[0]?.hosts.length ?? 0);
  const setHostCount = useLab((s) => s.setHostCount);
  return (
    <NumberField
      label="Hosts"
      className="field-narrow"
      value={count}
      min={MIN_HOSTS}
      max={MAX_HOSTS}
      errorText={`${MIN_HOSTS}–${MAX_HOSTS}`}
      onCommit={setHostCount}
    />
  );
}

/**
 * Cluster mode and Affinity are Windows NLB's settings: `none` when no cluster runs NLB (the controls
 * are not shown), `B` when only Cluster B does (they still reach it), `all` otherwise.
 */
type NlbReach = 'all' | 'B' | 'none';

function nlbReach(clusters: readonly ClusterConfig[]): NlbReach {
  const nlb = clusters.filter((c) => (c.balancer?.kind ?? 'nlb') === 'nlb');
  if (nlb.length === clusters.length) return 'all';
  return nlb.length === 0 ? 'none' : nlb.some((c) => c.id === 'A') ? 'all' : 'B';
}

/** The short hint under an NLB setting when not every cluster runs NLB. */
function NlbOnlyHint({ id, reach }: { id: string; reach: NlbReach }) {
  if (reach === 'all') return null;
  return (
    <span id={id} className="field-hint">
      {reach === 'none' ? 'NLB only: not used' : 'NLB only: Cluster B'}
    </span>
  );
}

function ModeSelect() {
  const value = useLab((s) => clusterModeValue(s.scenario));
  const change = useLab((s) => s.change);
  const clusters = useLab((s) => s.scenario.clusters);
  const noteId = useId();
  const reach = nlbReach(clusters);
  const igmp = value === 'igmp' && reach !== 'none';
  return (
    <div className="field">
      <label htmlFor="cluster-mode">Cluster mode</label>
      <select
        id="cluster-mode"
        className="select-mode"
        aria-describedby={igmp || reach !== 'all' ? noteId : undefined}
        value={value}
        disabled={reach === 'none'}
        onChange={(e) =>
          // A second cluster follows the first, as the toolbar shows one mode.
          change(
            clusters.map((c) => ({
              type: 'clusterMode',
              cluster: c.id,
              mode: e.target.value as ClusterMode,
            })),
          )
        }
      >
        {MODE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {value === MIXED && (
          <option value={MIXED} disabled>
            Differs per cluster
          </option>
        )}
      </select>
      {igmp && reach === 'all' && (
        <span id={noteId} className="field-hint">
          01-00-5E MAC: illustrative
        </span>
      )}
      <NlbOnlyHint id={noteId} reach={reach} />
    </div>
  );
}

/**
 * Where mixed affinities differ: between clusters (each cluster's rules agree among themselves) or
 * between the rules of one cluster.
 */
function affinitySpread(
  clusters: readonly { portRules: readonly { affinity: Affinity }[] }[],
): 'cluster' | 'rule' {
  return clusters.every((c) => new Set(c.portRules.map((r) => r.affinity)).size <= 1) ? 'cluster' : 'rule';
}

function AffinitySelect() {
  const value = useLab((s) => affinityValue(s.scenario));
  const spread = useLab((s) => affinitySpread(s.scenario.clusters));
  const reach = useLab((s) => nlbReach(s.scenario.clusters));
  const change = useLab((s) => s.change);
  const noteId = useId();
  return (
    <div className="field">
      <label htmlFor="affinity">Affinity</label>
      <select
        id="affinity"
        className="select-short"
        value={value ?? ''}
        disabled={value === null || reach === 'none'}
        aria-describedby={reach !== 'all' ? noteId : undefined}
        onChange={(e) => change([{ type: 'affinity', affinity: e.target.value as Affinity }])}
      >
        {value === null && <option value="">No port rules</option>}
        {AFFINITY_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {value === MIXED && (
          <option value={MIXED} disabled>
            {spread === 'cluster' ? 'Differs per cluster' : 'Differs per rule'}
          </option>
        )}
      </select>
      <NlbOnlyHint id={noteId} reach={reach} />
    </div>
  );
}

/** Cluster A's load balancer (a second cluster's is in More settings): a new world, rebuilt to this moment. */
function BalancerSelect() {
  const value = useLab((s) => s.scenario.clusters[0]?.balancer);
  const change = useLab((s) => s.change);
  const wide = useLab((s) => nlbReach(s.scenario.clusters) === 'none');
  return (
    <BalancerPicker
      wide={wide}
      value={value}
      onChange={(balancer) => change([{ type: 'balancer', cluster: 'A', balancer }])}
    />
  );
}

function ClusterBCheckbox() {
  const on = useLab((s) => s.scenario.clusters.some((c) => c.id === 'B'));
  const change = useLab((s) => s.change);
  return (
    <div className="field checkbox-field">
      <span className="field-spacer" aria-hidden="true" />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => change([{ type: 'clusterB', on: e.target.checked }])}
        />
        Cluster B
      </label>
    </div>
  );
}

// ---- The panel ----------------------------------------------------------------------------

export function ClusterSettings() {
  // Where no cluster runs NLB, its two settings are not shown at all (they would do nothing), which
  // also keeps the toolbar on one row with a balancer's option beside the Load balancer combobox.
  const nlbSomewhere = useLab((s) => nlbReach(s.scenario.clusters) !== 'none');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const titleId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  return (
    <section className="control-group cluster-settings" aria-labelledby={titleId}>
      <h2 id={titleId} className="group-title">
        Cluster settings
      </h2>
      <div className="group-row">
        <BalancerSelect />
        <HostsInput />
        {nlbSomewhere && <ModeSelect />}
        {nlbSomewhere && <AffinitySelect />}
        <ClusterBCheckbox />
        <div className="field">
          <span className="field-spacer" aria-hidden="true" />
          <button
            ref={toggleRef}
            type="button"
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            onClick={() => setOpen((o) => !o)}
          >
            More settings
          </button>
        </div>
      </div>
      {open && (
        <Suspense
          fallback={
            <p id={panelId} className="settings-panel lazy-fallback" role="status">
              Loading settings…
            </p>
          }
        >
          <SettingsPanel
            id={panelId}
            onClose={() => {
              setOpen(false);
              toggleRef.current?.focus();
            }}
          />
        </Suspense>
      )}
    </section>
  );
}
