// Lab 2's caption in split view, as Lab 1's (explain/Caption.tsx): the latest notable decision in
// words and, as a polite live region labelled `Last outcome`, how its last connection(s) ended.
import { formatTimestamp } from '../../scenario/simTime';
import { readable } from '../../state/explainStore';
import type { Narration } from '../../state/split/narration';
import { useLab } from '../../state/store';
import { ActionTag } from '../explain/ActionTag';
import { useDecisionWords } from '../explain/useDecisionWords';

export function LabCaption({ narration }: { narration: Narration }) {
  const { useNarration } = narration;
  const latest = useNarration((s) => s.caption);
  const bulkRan = useNarration((s) => s.bulkRan);
  const outcome = useNarration((s) => s.outcomeText);
  const opened = useLab((s) => s.stats?.openedConnections ?? 0);
  const words = useDecisionWords();
  const text = latest ? (words ? readable(words(latest)) : '…') : '';
  return (
    <div className="narration" role="group" aria-label="Caption">
      <p className="caption-line" title={text || undefined}>
        <span className="caption-label">Latest</span>
        {latest ? (
          <>
            <span className="num time">{formatTimestamp(latest.t)}</span>
            <ActionTag action={latest.action} /> <span className="caption-text">{text}</span>
          </>
        ) : (
          <span className="caption-text">
            {bulkRan !== null
              ? `Ran ${bulkRan} connections as a batch: counted, not narrated.`
              : opened > 0
                ? 'Press Step or Play to follow packets one by one.'
                : 'Nothing has happened yet.'}
          </span>
        )}
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
