// The `Load balancer` combobox and its vendor options (`Floating IP`, `Client IP preservation`,
// `Hairpin mode`), for one cluster. Presentational: the caller says what a choice changes (the
// toolbar changes the lab's cluster; a split-view lab changes its own).
import { useId } from 'react';
import { BALANCER_KINDS, BALANCER_NAMES } from '../../scenario/balancerNames';
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
}

export function BalancerPicker({
  value,
  onChange,
  label = 'Load balancer',
  disabled = false,
}: BalancerPickerProps) {
  const selectId = useId();
  const noteId = useId();
  const kind = value?.kind ?? 'nlb';
  const option = OPTIONS[kind];
  const checked = option ? (value?.[option.key] ?? option.byDefault) : false;
  return (
    <div className="balancer-picker">
      <div className="field">
        <label htmlFor={selectId}>{label}</label>
        <select
          id={selectId}
          className="select-balancer"
          value={kind}
          disabled={disabled}
          onChange={(e) => onChange({ kind: e.target.value as BalancerKind })}
        >
          {BALANCER_KINDS.map((k) => (
            <option key={k} value={k}>
              {BALANCER_NAMES[k]}
            </option>
          ))}
        </select>
      </div>
      {option && (
        <div className="field checkbox-field">
          <span className="field-spacer" aria-hidden="true" />
          <label className="checkbox" title={option.note}>
            <input
              type="checkbox"
              checked={checked}
              disabled={disabled}
              aria-describedby={noteId}
              onChange={(e) => onChange({ kind, [option.key]: e.target.checked })}
            />
            {option.label}
          </label>
          <span id={noteId} className="visually-hidden">
            {option.note}
          </span>
        </div>
      )}
    </div>
  );
}
