// Long work in the simulation worker as the page shows it (loaded by WorkStatus.tsx when there is some): what it is doing, a progress bar (role
// progressbar, percent), the time still needed in words and Cancel; the question before work that
// would take very long; and, after a Cancel, the moment where the run stopped.
import { useId } from 'react';
import { useLab } from '../../state/store';
import type { WorkStopped } from '../../state/lab/labState';
import type { WorkProgress } from '../../worker/protocol';
import { momentWords, remainingWords } from './durationWords';
import './status.css';

const count = (n: number) => n.toLocaleString('en');

/** What the work is doing, in words ("Running the simulation to 1 d 0 h"). */
function workLabel(work: WorkProgress): string {
  switch (work.kind) {
    case 'fastForward':
      return `Running the simulation to ${momentWords(work.total)}`;
    case 'seek':
      return `Rebuilding the run to ${momentWords(work.total)}`;
    case 'bulk':
      return `Running ${count(work.total)} connections`;
    case 'nextEvent':
      return `Looking for the next event (up to ${momentWords(work.total)})`;
    case 'compare':
      return `Comparing load balancers: ${Math.floor(work.done)} of ${work.total}`;
  }
}

function percentOf(work: WorkProgress): number {
  const whole = work.total - work.from;
  return whole > 0 ? Math.max(0, Math.min(100, Math.floor(((work.done - work.from) / whole) * 100))) : 0;
}

function stoppedText(stopped: WorkStopped): string {
  return `Stopped at ${momentWords(stopped.now)}.`;
}

export function WorkPanel() {
  const work = useLab((s) => s.work);
  const stopped = useLab((s) => s.workStopped);
  const cancelWork = useLab((s) => s.cancelWork);
  const confirmWork = useLab((s) => s.confirmWork);
  const dismiss = useLab((s) => s.dismissWorkStopped);
  const labelId = useId();

  if (work) {
    const label = workLabel(work);
    if (work.awaitingConfirmation) {
      return (
        <section className="work-status" aria-label="Long work">
          <p role="alert" className="work-status-text">
            {label} would take {remainingWords(work.remainingWallMs ?? 0)} in this browser. Go on, or cancel
            and choose a nearer moment or fewer connections?
          </p>
          <div className="work-status-buttons">
            <button type="button" onClick={confirmWork}>
              Continue
            </button>
            <button type="button" className="primary" onClick={cancelWork}>
              Cancel
            </button>
          </div>
        </section>
      );
    }
    const percent = percentOf(work);
    const left =
      work.remainingWallMs === null
        ? 'estimating the time left'
        : `${remainingWords(work.remainingWallMs)} left`;
    return (
      <section className="work-status" aria-label="Long work">
        <p id={labelId} className="work-status-text">
          {label}
        </p>
        <div
          className="work-status-bar"
          role="progressbar"
          aria-labelledby={labelId}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%, ${left}`}
        >
          <div className="work-status-fill" style={{ width: `${percent}%` }} />
        </div>
        <p className="work-status-numbers">
          {percent}% · {left}
        </p>
        <button type="button" onClick={cancelWork}>
          Cancel
        </button>
      </section>
    );
  }
  // A batch stopped part-way is told by the run's notices (how many ran, and that the run keeps them);
  // a comparison by its own panel (the rows it finished).
  if (stopped && stopped.kind !== 'bulk' && stopped.kind !== 'compare') {
    return (
      <div className="work-status work-status-stopped">
        <p role="status" className="work-status-text">
          {stoppedText(stopped)}
        </p>
        <button type="button" className="quiet" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
