// The scenario controls: where the client runs, what it connects to, and how many hosts the cluster
// has. Each change reloads the scenario in the worker (time goes back to zero).
import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../state/store';
import {
  locationOptions,
  locationValue,
  MAX_HOSTS,
  MIN_HOSTS,
  targetOptions,
  targetValue,
} from '../state/scenarioEdit';

/** Typing "12" passes through "1"; wait this long (wall ms) before rebuilding the cluster. */
const HOSTS_COMMIT_DELAY_MS = 400;

function parseHostCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= MIN_HOSTS && n <= MAX_HOSTS ? n : null;
}

function HostsInput() {
  const count = useLab((s) => s.scenario.clusters[0]?.hosts.length ?? 0);
  const setHostCount = useLab((s) => s.setHostCount);
  const errorId = useId();
  // The text being typed, remembered against the count it was typed over; a new count replaces it.
  const [draft, setDraft] = useState<{ text: string; base: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const text = draft !== null && draft.base === count ? draft.text : String(count);
  const invalid = parseHostCount(text) === null;

  const commit = (value: string) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const n = parseHostCount(value);
    if (n !== null && n !== count) setHostCount(n);
  };

  return (
    <div className="field field-narrow">
      <label htmlFor="hosts-input">Hosts</label>
      <input
        id="hosts-input"
        type="number"
        inputMode="numeric"
        min={MIN_HOSTS}
        max={MAX_HOSTS}
        step={1}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => {
          const value = e.target.value;
          setDraft({ text: value, base: count });
          if (timer.current !== null) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(value), HOSTS_COMMIT_DELAY_MS);
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget.value);
        }}
      />
      {invalid && (
        <span id={errorId} className="field-error">
          {MIN_HOSTS}–{MAX_HOSTS}
        </span>
      )}
    </div>
  );
}

export function ScenarioControls() {
  const scenario = useLab((s) => s.scenario);
  const { setClientLocation, setTarget } = useLab(
    useShallow((s) => ({ setClientLocation: s.setClientLocation, setTarget: s.setTarget })),
  );
  return (
    <fieldset className="control-group">
      <legend>Scenario</legend>
      <div className="field">
        <label htmlFor="client-location">Client location</label>
        <select
          id="client-location"
          value={locationValue(scenario.client.location)}
          onChange={(e) => setClientLocation(e.target.value)}
        >
          {locationOptions(scenario).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="connect-to">Connect to</label>
        <select
          id="connect-to"
          value={targetValue(scenario.client.target)}
          onChange={(e) => setTarget(e.target.value)}
        >
          {targetOptions(scenario).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <HostsInput />
    </fieldset>
  );
}

/** What the app changed on the user's behalf (e.g. the client's host was removed), said politely. */
export function ScenarioNotices() {
  const notices = useLab(useShallow((s) => s.notices));
  const dismissNotices = useLab((s) => s.dismissNotices);
  return (
    <div className="notice-bar">
      <p role="status" className="notice">
        {notices.join(' ')}
      </p>
      {notices.length > 0 && (
        <button type="button" className="quiet" onClick={dismissNotices}>
          Dismiss
        </button>
      )}
    </div>
  );
}
