// The notices under the header: the Scenario link a Share produced (selected for copying, with its
// embed link and code and what it leaves out), the alerts for a link, file or page parameter that
// could not be used, saved work that could not be opened or saved, the notice that a link replaced
// the scenario (with the way back), and progress bringing a shared moment back. Text from a link or
// a file is only ever rendered as text.
import { lazy, Suspense } from 'react';
import { stopRestoring } from '../../state/sharing/actionsOnDemand';
import { dismissProblem, useSharing } from '../../state/sharing/sharingStore';
import './sharing.css';

// Loaded when one of them is first needed: most visits never show any, so the first paint stays small.
const OccasionalNotices = lazy(() => import('./OccasionalNotices'));

/** The link a Share produced, selected for copying; the alerts and notices; restoring progress. */
export function SharingNotices() {
  const problem = useSharing((s) => s.problem);
  const restoring = useSharing((s) => s.restoring);
  const occasional = useSharing(
    (s) => s.paramProblems.length > 0 || !!s.savedProblem || !!s.storageFull || !!s.linkOpened || !!s.link,
  );
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
      {occasional && (
        <Suspense fallback={null}>
          <OccasionalNotices />
        </Suspense>
      )}
    </div>
  );
}
