// Says why packets went where they went: a one-sentence caption of the latest decision and a short,
// scrolling log of recent ones (newest first), each with its simulated time.
import { useMemo } from 'react';
import { useLab } from '../state/store';
import type { DecisionAction } from '../sim/types';
import { formatSimTime } from './format';

/** The engine writes ASCII arrows; show real ones, which read better on a projector. */
function pretty(text: string): string {
  return text.replace(/ -> /g, ' → ');
}

/** Actions worth a visual tag; the word is always shown, so colour is never the only cue. */
const TONE: Partial<Record<DecisionAction, string>> = {
  accept: 'good',
  complete: 'good',
  reply: 'good',
  drop: 'bad',
  reset: 'bad',
  timeout: 'bad',
  retransmit: 'warn',
  loopback: 'loop',
  flood: 'info',
  converge: 'info',
  state: 'info',
};

export function Caption() {
  const latest = useLab((s) => s.latest);
  const opened = useLab((s) => s.stats?.openedConnections ?? 0);
  return (
    <p className="caption">
      <span className="caption-label">Latest</span>{' '}
      {latest ? (
        <>
          <span className="num time">{formatSimTime(latest.t)}</span> {pretty(latest.text)}
        </>
      ) : opened > 0 ? (
        // Bulk runs only count (no per-packet trace), so say how to see the packets.
        'Bulk runs are counted, not narrated: press Step or Play to follow packets.'
      ) : (
        'Nothing has happened yet. Press Step or Play, or Run a batch of connections.'
      )}
    </p>
  );
}

export function EventLog() {
  const log = useLab((s) => s.log);
  const newestFirst = useMemo(() => [...log].reverse(), [log]);
  return (
    <div className="event-log">
      <h2 id="event-log-title">Event log</h2>
      {/* Focusable so keyboard users can scroll it. Not a live region: it changes too fast to read aloud. */}
      <div className="event-log-scroll" tabIndex={0} role="region" aria-labelledby="event-log-title">
        {newestFirst.length === 0 ? (
          <p className="empty">No events yet.</p>
        ) : (
          <ol reversed>
            {newestFirst.map((d) => (
              <li key={d.seq}>
                <span className="num time">{formatSimTime(d.t)}</span>
                <span className={`action tone-${TONE[d.action] ?? 'plain'}`}>{d.action}</span>
                <span className="text">{pretty(d.text)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
