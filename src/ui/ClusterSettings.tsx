// The "Cluster settings" region: the contract's quick controls (Hosts, Cluster mode, Affinity,
// Cluster B) always in the toolbar, and a "More settings" button whose panel (SettingsPanel.tsx,
// loaded on demand) holds the rest: buckets, source-MAC masking, per-host priorities and weights, port rules, and the outside client's addresses and rate.
// Every valid edit loads a new scenario (time goes back to zero); invalid input stays where it was
// typed, with a message, and is never sent.
import { lazy, Suspense, useId, useRef, useState } from 'react';
import type { Affinity, ClusterMode } from '../scenario/types';
import {
  AFFINITY_OPTIONS,
  affinityValue,
  clusterModeValue,
  MAX_HOSTS,
  MIN_HOSTS,
  MIXED,
  MODE_OPTIONS,
  withAffinity,
  withClusterB,
  withClusterMode,
} from '../state/scenarioEdit';
import { useLab } from '../state/store';
import { apply } from './applyEdit';
import { NumberField } from './NumberField';

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

function ModeSelect() {
  const value = useLab((s) => clusterModeValue(s.scenario));
  const noteId = useId();
  const igmp = value === 'igmp';
  return (
    <div className="field">
      <label htmlFor="cluster-mode">Cluster mode</label>
      <select
        id="cluster-mode"
        className="select-mode"
        aria-describedby={igmp ? noteId : undefined}
        value={value}
        onChange={(e) => apply((s) => withClusterMode(s, e.target.value as ClusterMode))}
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
      {igmp && (
        <span id={noteId} className="field-hint">
          01-00-5E MAC: illustrative
        </span>
      )}
    </div>
  );
}

function AffinitySelect() {
  const value = useLab((s) => affinityValue(s.scenario));
  return (
    <div className="field">
      <label htmlFor="affinity">Affinity</label>
      <select
        id="affinity"
        className="select-short"
        value={value ?? ''}
        disabled={value === null}
        onChange={(e) => apply((s) => withAffinity(s, e.target.value as Affinity))}
      >
        {value === null && <option value="">No port rules</option>}
        {AFFINITY_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {value === MIXED && (
          <option value={MIXED} disabled>
            Differs per rule
          </option>
        )}
      </select>
    </div>
  );
}

function ClusterBCheckbox() {
  const on = useLab((s) => s.scenario.clusters.some((c) => c.id === 'B'));
  return (
    <div className="field checkbox-field">
      <span className="field-spacer" aria-hidden="true" />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => apply((s) => withClusterB(s, e.target.checked))}
        />
        Cluster B
      </label>
    </div>
  );
}

// ---- The panel ----------------------------------------------------------------------------

export function ClusterSettings() {
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
        <HostsInput />
        <ModeSelect />
        <AffinitySelect />
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
