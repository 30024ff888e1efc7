// Presenter mode on the page, for a projector and a room: large type and a high-contrast palette
// (presenter.css) while it is on, and the presenter strip with the clicker's keys, fetched then.
import { lazy, Suspense, useEffect } from 'react';
import { useSharing } from '../../state/sharing/sharingStore';
import './presenter.css';

const PresenterStrip = lazy(() => import('./PresenterStrip'));

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
