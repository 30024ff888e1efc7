// The bar of sharing and teaching buttons in the page header (Scenarios, Lessons, Share, Presenter
// mode) and the dialogs they open, fetched when first opened; in an embedded page, a link out instead.
import { lazy, Suspense } from 'react';
import { share } from '../../state/sharing/actionsOnDemand';
import { isEmbed } from '../../state/sharing/address';
import { openDialog, useSharing } from '../../state/sharing/sharingStore';
import { LoadBoundary } from '../common/LoadBoundary';
import { PresenterToggle } from '../presenter/PresenterToggle';
import './sharing.css';

const Gallery = lazy(() => import('./Gallery').then((m) => ({ default: m.Gallery })));
const LessonsDialog = lazy(() =>
  import('../lessons/LessonsDialog').then((m) => ({ default: m.LessonsDialog })),
);
const LessonEditor = lazy(() => import('../lessons/LessonEditor').then((m) => ({ default: m.LessonEditor })));

/** The teaching buttons in the page header, and the dialogs they open. */
export function SharingBar() {
  const dialog = useSharing((s) => s.dialog);
  if (isEmbed()) return <EmbedBar />;
  return (
    <nav className="sharing-bar" aria-label="Share and teach">
      <button type="button" onClick={() => openDialog('scenarios')} aria-haspopup="dialog">
        Scenarios
      </button>
      <button type="button" onClick={() => openDialog('lessons')} aria-haspopup="dialog">
        Lessons
      </button>
      <button type="button" onClick={() => void share()}>
        Share
      </button>
      <PresenterToggle />
      <LoadBoundary onReset={() => openDialog(null)}>
        <Suspense fallback={null}>
          {dialog === 'scenarios' && <Gallery />}
          {dialog === 'lessons' && <LessonsDialog />}
          {dialog === 'editor' && <LessonEditor />}
        </Suspense>
      </LoadBoundary>
    </nav>
  );
}

/** In an embedded page: a way out to the full lab, with the same scenario. */
function EmbedBar() {
  const href = (() => {
    const url = new URL(location.href);
    url.searchParams.delete('embed');
    return url.toString();
  })();
  return (
    <nav className="sharing-bar embed-bar" aria-label="VIP Lab">
      <a href={href} target="_blank" rel="noopener noreferrer">
        Open in VIP Lab
      </a>
    </nav>
  );
}
