// The new-version prompt: "A new version of VIP Lab is ready" with Reload, when a new version is
// waiting or the app was updated while this tab was open. The scenario comes back after the reload
// (it is saved in this browser).
import { useAppUpdate } from './appUpdate';
import './status.css';

export function UpdatePrompt() {
  const reason = useAppUpdate((s) => s.reason);
  const reload = useAppUpdate((s) => s.reload);
  if (reason === null) return null;
  return (
    <div className="update-prompt">
      <p role="alert">
        A new version of VIP Lab is ready.{' '}
        {reason === 'versionChanged'
          ? 'Reload to go on with it: this tab still runs the old one, whose parts are no longer on the server.'
          : 'Reload to use it.'}{' '}
        Your scenario is kept.
      </p>
      <button type="button" className="primary" onClick={reload}>
        Reload
      </button>
    </div>
  );
}
