// The outcome of the run so far: cluster state, connections per host (table) and the three counters.
// Counter texts are digits only, each named by its label, as CONTRACT.md promises. While the run plays
// fast it follows a few times a second (useThrottled.ts); paused, stepped or sought, at once.
import { memo, useId, type CSSProperties } from 'react';
import type { Stats } from '../../sim/types';
import { useLab } from '../../state/store';
import { formatCount, formatShare } from '../common/format';
import { usePlayingFast, useThrottled } from '../common/useThrottled';

/**
 * How often (wall ms) the table and counters follow a fast run: 4 times a second still moves, where
 * the store's 10 updates a second re-rendered 32 rows with 3 changed cells each for nobody to read.
 */
const OUTCOME_FOLLOW_WALL_MS = 250;

function Counter({ label, value, hint }: { label: string; value: number; hint: string }) {
  const id = useId();
  const text = formatCount(value);
  // Six digits or more (a batch's frames): a size that fits the box for that many digits.
  const long = text.length > 5;
  return (
    <div className="counter">
      <dt id={id}>{label}</dt>
      <dd
        aria-labelledby={id}
        className={long ? 'num long' : 'num'}
        style={long ? ({ '--digits': text.length } as CSSProperties) : undefined}
      >
        {text}
      </dd>
      <dd className="hint">{hint}</dd>
    </div>
  );
}

export function Outcome() {
  const live = useLab((s) => s.stats);
  const stats = useThrottled(live, OUTCOME_FOLLOW_WALL_MS, usePlayingFast());
  return <OutcomeView stats={stats} />;
}

/** The outcome of one stats snapshot. Memoised: a store update the throttle holds back renders nothing here. */
const OutcomeView = memo(function OutcomeView({ stats }: { stats: Stats | null }) {
  const stateId = useId();
  // Split view shows an outcome in each lab: ids of their own.
  const titleId = useId();
  const hosts = stats?.hosts ?? [];
  const total = hosts.reduce((sum, h) => sum + h.served, 0);
  const max = hosts.reduce((m, h) => Math.max(m, h.served), 0);
  return (
    <section className="outcome" aria-labelledby={titleId}>
      <h2 id={titleId}>Outcome</h2>
      <dl className="cluster-state">
        <dt id={stateId}>Cluster state</dt>
        <dd aria-labelledby={stateId}>{stats?.clusterState ?? 'Unknown'}</dd>
      </dl>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Per-host results">
        <table className="per-host">
          <caption>Connections per host</caption>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col" className="numeric">
                Connections
              </th>
              <th scope="col" className="numeric">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <tr key={h.id}>
                <th scope="row">{h.name}</th>
                <td className="numeric num">{formatCount(h.served)}</td>
                <td className="numeric num share">
                  {/* The bar repeats the number for the room at the back; the text carries it. */}
                  <span className="bar" aria-hidden="true">
                    <span style={{ width: `${max > 0 ? (h.served / max) * 100 : 0}%` }} />
                  </span>
                  {formatShare(h.served, total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="counters">
        <Counter
          label="Frames on the wire"
          value={stats?.framesOnWire ?? 0}
          hint="client frames that crossed a link"
        />
        <Counter
          label="Loopback connections"
          value={stats?.loopbackConnections ?? 0}
          hint="served inside the client's own host"
        />
        <Counter label="Failed connections" value={stats?.failedConnections ?? 0} hint="reset or timed out" />
      </dl>
    </section>
  );
});
