// Where long work in the simulation worker shows: its panel (WorkPanel.tsx: progress, Cancel, the
// question before very long work, where it stopped) is fetched only when there is some, so it is not
// part of the page's first download.
import { lazy, Suspense } from 'react';
import { useLab } from '../../state/store';
import { LoadBoundary } from '../common/LoadBoundary';

const WorkPanel = lazy(() => import('./WorkPanel').then((m) => ({ default: m.WorkPanel })));

export function WorkStatus() {
  // A batch stopped part-way is told by the run's notices instead, a comparison by its panel (see WorkPanel).
  const shown = useLab(
    (s) =>
      s.work !== null ||
      (s.workStopped !== null && s.workStopped.kind !== 'bulk' && s.workStopped.kind !== 'compare'),
  );
  if (!shown) return null;
  return (
    <LoadBoundary>
      <Suspense fallback={null}>
        <WorkPanel />
      </Suspense>
    </LoadBoundary>
  );
}
