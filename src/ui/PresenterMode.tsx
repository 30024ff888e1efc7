// Presenter mode, for a projector and a room: large type, a high-contrast palette, the current
// lesson step's narration in big letters, and keys a presenter's clicker sends — ArrowRight /
// PageDown for Next, ArrowLeft / PageUp for Back, Space for Play/Pause (not while typing).
// "Follow this packet" narrows the event log to the selected packet's connection as it travels.
import { lazy, Suspense, useEffect } from 'react';
import { setPresenter, useSharing } from '../state/sharing';
import './presenter.css';

const PresenterStrip = lazy(() => import('./PresenterStrip'));

export function PresenterToggle() {
  const on = useSharing((s) => s.presenter);
  return (
    <button type="button" aria-pressed={on} onClick={() => setPresenter(!on)}>
      Presenter mode
    </button>
  );
}

/** Applies presenter mode to the page; the strip and the presenter's keys load while it is on. */
export function PresenterLayer() {
  const on = useSharing((s) => s.presenter);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('presenter', on);
    if (!on) return;
    return () => root.classList.remove('presenter');
  }, [on]);
  if (!on) return null;
  return (
    <Suspense fallback={null}>
      <PresenterStrip />
    </Suspense>
  );
}
