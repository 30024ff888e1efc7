// The `Load balancer` combobox and its vendor options (`Floating IP`, `Client IP preservation`,
// `Hairpin mode`), for one cluster. Presentational: the caller says what a choice changes (the
// toolbar changes the lab's cluster; a split-view lab changes its own). Under it, the mechanism the
// choice stands for (MODERN.md's A, B or C) and whether any of it is illustrative.
import { useId } from 'react';
import { BALANCER_KINDS, BALANCER_NAMES } from '../../scenario/balancerNames';
import { balancerFacts, MECHANISM_NAMES } from '../../sim/balancerKinds';
import type { BalancerConfig, BalancerKind } from '../../scenario/types';

/** The option a kind has, its checkbox name, its vendor default and what it does, in a few words. */
const OPTIONS: Partial<
  Record<
    BalancerKind,
    {
      key: 'floatingIp' | 'clientIpPreservation' | 'hairpinMode';
      label: string;
      byDefault: boolean;
      note: string;
    }
  >
> = {
  azureIlb: {
    key: 'floatingIp',
    label: 'Floating IP',
    byDefault: false,
    note: 'Direct server return: the frontend IP sits on each backend’s loopback (inferred, illustrative).',
  },
  awsNlb: {
    key: 'clientIpPreservation',
    label: 'Client IP preservation',
    byDefault: true,
    note: 'On: targets see the caller’s address. Off: the NLB’s own private address (source NAT).',
  },
  kubeProxy: {
    key: 'hairpinMode',
    label: 'Hairpin mode',
    byDefault: true,
    note: 'The node’s bridge may send a frame back out the port it came in by (kubelet --hairpin-mode).',
  },
};

export interface BalancerPickerProps {
  value: BalancerConfig | undefined;
  onChange: (next: BalancerConfig) => void;
  /** The combobox's name (`Load balancer`; `Cluster B load balancer` for a second cluster). */
  label?: string;
  disabled?: boolean;
  /** Room to show the longest name whole (the toolbar has it when NLB's own settings are not shown). */
  wide?: boolean;
}

/** Longest mechanism hint shown whole; a longer one says "partly illustrative" and keeps the rest for its description. */
const HINT_MAX = 62;

/**
 * What the chosen balancer is, as MODERN.md has it: `Mechanism B: half-NAT hairpin (illustrative: the
 * flow hash)`, short enough to sit under the combobox, and the whole of it for its description.
 */
export function mechanismHint(value: BalancerConfig | undefined): { short: string; full: string } {
  const facts = balancerFacts(value);
  const mechanism = `Mechanism ${facts.mechanism}: ${MECHANISM_NAMES[facts.mechanism]}`;
  if (!facts.illustrative) return { short: mechanism, full: `${mechanism}. Source: ${facts.source}.` };
  const whole = `${mechanism} (illustrative: ${facts.illustrative})`;
  return {
    short: whole.length <= HINT_MAX ? whole : `${mechanism} (partly illustrative)`,
    full: `${whole}. Source: ${facts.source}.`,
  };
}

export function BalancerPicker({
  value,
  onChange,
  label = 'Load balancer',
  disabled = false,
  wide = false,
}: BalancerPickerProps) {
  const selectId = useId();
  const noteId = useId();
  const hintId = useId();
  const kind = value?.kind ?? 'nlb';
  const option = OPTIONS[kind];
  const checked = option ? (value?.[option.key] ?? option.byDefault) : false;
  const hint = mechanismHint(value);
  return (
    <div className="field balancer-picker">
      {/* The label line holds the kind's option too, so choosing a balancer never adds a row. */}
      <div className="balancer-picker-head">
        <label htmlFor={selectId}>{label}</label>
        {option && (
          <label className="checkbox balancer-option" title={option.note}>
            <input
              type="checkbox"
              checked={checked}
              disabled={disabled}
              aria-describedby={noteId}
              onChange={(e) => onChange({ kind, [option.key]: e.target.checked })}
            />
            {option.label}
          </label>
        )}
      </div>
      <select
        id={selectId}
        className={wide ? 'select-balancer wide' : 'select-balancer'}
        value={kind}
        disabled={disabled}
        aria-describedby={hintId}
        onChange={(e) => onChange({ kind: e.target.value as BalancerKind })}
      >
        {BALANCER_KINDS.map((k) => (
          <option key={k} value={k}>
            {BALANCER_NAMES[k]}
          </option>
        ))}
      </select>
      <span className="field-hint balancer-hint" title={hint.full} aria-hidden="true">
        {hint.short}
      </span>
      <span id={hintId} className="visually-hidden">
        {hint.full}
      </span>
      {option && (
        <span id={noteId} className="visually-hidden">
          {option.note}
        </span>
      )}
    </div>
  );
}
