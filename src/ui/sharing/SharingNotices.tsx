// The notices under the header: the Scenario link a Share produced (selected for copying, with what
// it leaves out), the alert for a link or file that could not be opened, and progress bringing a
// shared moment back. Text from a link or a file is only ever rendered as text.
import { useEffect, useId, useRef } from 'react';
import { stopRestoring } from '../../state/sharing/actionsOnDemand';
import { closeSharePanel, dismissProblem, useSharing } from '../../state/sharing/sharingStore';
import './sharing.css';

/** The link a Share produced, selected for copying; the problem alert; restoring progress. */
export function SharingNotices() {
  const link = useSharing((s) => s.link);
  const copyStatus = useSharing((s) => s.copyStatus);
  const notes = useSharing((s) => s.shareNotes);
  const problem = useSharing((s) => s.problem);
  const restoring = useSharing((s) => s.restoring);
  const input = useRef<HTMLInputElement>(null);
  const linkId = useId();

  useEffect(() => {
    // Selected, so Ctrl+C copies it when the clipboard was refused.
    if (link !== null) input.current?.select();
  }, [link]);

  return (
    <div className="sharing-notices">
      {problem && (
        <div role="alert" className="sharing-problem">
          <div>
            <p className="sharing-problem-title">{problem.title}</p>
            <ul>
              {problem.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
          <button type="button" className="quiet" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      )}
      {restoring && (
        <div className="sharing-restoring">
          <p role="status">{restoring}</p>
          <button type="button" className="quiet" onClick={stopRestoring}>
            Stop here
          </button>
        </div>
      )}
      {link !== null && (
        <section className="share-panel" aria-label="Share">
          <label htmlFor={linkId}>Scenario link</label>
          <input
            id={linkId}
            ref={input}
            type="text"
            readOnly
            value={link}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p role="status" className="share-status">
            {copyStatus}
          </p>
          <button type="button" className="quiet" onClick={closeSharePanel}>
            Close
          </button>
          {notes.length > 0 && (
            <ul className="share-notes">
              {notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
