// The notice bar on the stage: what the app changed on the user's behalf (the client's host was
// removed, a logged change no longer applies), said politely, with Dismiss.
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../state/store';

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
