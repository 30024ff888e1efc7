// Where the lesson player goes on the stage: nothing until a lesson opens, then the player, fetched
// the first time.
import { lazy, Suspense } from 'react';
import { useLesson } from '../../state/lessonState';
import { LoadBoundary } from '../common/LoadBoundary';

const LessonPlayer = lazy(() => import('./LessonPlayer').then((m) => ({ default: m.LessonPlayer })));

/** The lesson player, fetched when a lesson first opens. */
export function LessonSlot() {
  const open = useLesson((s) => s.lesson !== null);
  if (!open) return null;
  return (
    <LoadBoundary>
      <Suspense fallback={null}>
        <LessonPlayer />
      </Suspense>
    </LoadBoundary>
  );
}
