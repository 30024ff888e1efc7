// The run summary, a polite live region: "Running 300 connections…" while a bulk run works, then
// its outcome per host.
import { useLab } from '../../state/store';

/** The polite live region: "Running 300 connections…", then the per-host outcome. */
export function RunSummary() {
  const pending = useLab((s) => s.bulkPending);
  const announcement = useLab((s) => s.announcement);
  return (
    <p role="status" aria-live="polite" aria-label="Run summary" className="run-summary">
      {pending !== null ? `Running ${pending} connections…` : announcement}
    </p>
  );
}
