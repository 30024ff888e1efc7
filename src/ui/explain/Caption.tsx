// Says why packets went where they went: a one-sentence caption of the latest notable decision (or,
// right after Next event, the marker it stopped at, as a polite live region) and the outcome of the
// last connection(s) as a polite live region. (The event log is in EventLog.tsx.)
import { useDecisionWords } from './useDecisionWords';
import { readable, useExplain } from '../../state/explainStore';
import { useLab } from '../../state/store';
import './explain.css';
import { ActionTag } from './ActionTag';
import { formatTime, formatTimestamp } from '../../scenario/simTime';
import { markerText } from '../../state/timeline';
import type { NextEventStop } from '../../state/lab/labState';

/** Where Next event stopped, in words: the marker, or that it found none and how far it looked. */
export function nextEventWords(stop: NextEventStop): string {
  if (stop.marker) return `${markerText(stop.marker)}.`;
  const minutes = Math.round(stop.limitMs / 60_000);
  return (
    `No marker in the ${minutes} minutes of the run after ${formatTime(stop.from)}: stopped at ` +
    `${formatTime(stop.now)}. Press Next event to look further.`
  );
}

export function Caption() {
  const latest = useExplain((s) => s.caption);
  const bulkRan = useExplain((s) => s.bulkRan);
  const outcome = useExplain((s) => s.outcomeText);
  const opened = useLab((s) => s.stats?.openedConnections ?? 0);
  const stop = useLab((s) => s.nextEventStop);
  const words = useDecisionWords();
  const text = latest ? (words ? readable(words(latest)) : '…') : '';
  const stopText = stop ? nextEventWords(stop) : '';
  return (
    // Fixed height (two lines of caption, one of outcome), so the drawing above never jumps.
    <div className="narration" role="group" aria-label="Caption">
      <p className="caption-line" title={stopText || text || undefined}>
        <span className="caption-label">{stop ? 'Next event' : 'Latest'}</span>
        {stop ? (
          <span className="num time">{formatTimestamp(stop.now)}</span>
        ) : latest ? (
          <>
            <span className="num time">{formatTimestamp(latest.t)}</span>
            <ActionTag action={latest.action} /> <span className="caption-text">{text}</span>
          </>
        ) : bulkRan !== null || opened > 0 ? (
          // Bulk runs only count (no per-packet trace), so say how to see the packets.
          <span className="caption-text">
            {bulkRan !== null ? `Ran ${bulkRan} connections as a batch: counted, not narrated. ` : ''}
            Press Step or Play to follow packets one by one.
          </span>
        ) : (
          <span className="caption-text">
            Nothing has happened yet. Press Step or Play, or Run a batch of connections.
          </span>
        )}
        {/* Always there (empty until a Next event stops), so a screen reader hears where it stopped. */}
        <span role="status" aria-live="polite" aria-label="Next event stop" className="caption-text">
          {stopText}
        </span>
      </p>
      <p className="outcome-line" title={outcome || undefined}>
        <span className="caption-label" aria-hidden="true">
          Last outcome
        </span>
        {!outcome && (
          <span className="outcome-none" aria-hidden="true">
            {bulkRan !== null || opened > 0
              ? 'none followed one by one yet (batches are counted in the table)'
              : 'no connection has ended yet'}
          </span>
        )}
        <span role="status" aria-live="polite" aria-label="Last outcome" className="outcome-text">
          {outcome}
        </span>
      </p>
    </div>
  );
}
