// Shows a simulation failure as an alert with a way out: restart the worker with the same scenario.
import { useLab } from '../state/store';

export function ErrorBanner() {
  const error = useLab((s) => s.error);
  const restartWorker = useLab((s) => s.restartWorker);
  if (error === null) return null;
  return (
    <div role="alert" className="error-banner">
      <p>{error}</p>
      <button type="button" onClick={restartWorker}>
        Restart simulation
      </button>
    </div>
  );
}
