// Sharing, as the page shows it: the bar of teaching buttons (Scenarios, Lessons, Share, Presenter
// mode), the Scenario link a Share produces, the alert for a link or file that could not be
// opened, and the Export scenario / Import scenario buttons. Text from a link or a file is only
// ever rendered as text.
import { Component, lazy, Suspense, useEffect, useId, useRef, type ReactNode } from 'react';
import {
  NOT_LOADED,
  closeSharePanel,
  dismissProblem,
  exportScenario,
  importScenarioFile,
  isEmbed,
  openDialog,
  share,
  stopRestoring,
  useSharing,
} from '../state/sharing';
import { useLesson } from '../state/lessonState';
import { PresenterToggle } from './PresenterMode';
import './sharing.css';

const Gallery = lazy(() => import('./Gallery').then((m) => ({ default: m.Gallery })));
const LessonsDialog = lazy(() => import('./LessonPlayer').then((m) => ({ default: m.LessonsDialog })));
const LessonPlayer = lazy(() => import('./LessonPlayer').then((m) => ({ default: m.LessonPlayer })));
const LessonEditor = lazy(() => import('./LessonEditor').then((m) => ({ default: m.LessonEditor })));

/**
 * Parts fetched on demand that fail to arrive (offline before a full visit) say so here instead of
 * taking the page down; the next attempt tries again.
 */
export class LoadBoundary extends Component<
  { children: ReactNode; onReset?: () => void },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="sharing-problem">
        <div>
          <p className="sharing-problem-title">Something could not be loaded</p>
          <p>{NOT_LOADED}</p>
        </div>
        <button
          type="button"
          className="quiet"
          onClick={() => {
            this.setState({ failed: false });
            this.props.onReset?.();
          }}
        >
          Dismiss
        </button>
      </div>
    );
  }
}

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

/** The link a Share produced, selected for copying; the problem alert; restoring progress. */
export function SharingNotices() {
  const link = useSharing((s) => s.link);
  const copyStatus = useSharing((s) => s.copyStatus);
  const notes = useSharing((s) => s.shareNotes);
  const problem = useSharing((s) => s.problem);
  const restoring = useSharing((s) => s.restoring);
  const input = useRef<HTMLInputElement>(null);
  const linkId = useId();

  useEffect(() => {
    // Selected, so Ctrl+C copies it when the clipboard was refused.
    if (link !== null) input.current?.select();
  }, [link]);

  return (
    <div className="sharing-notices">
      {problem && (
        <div role="alert" className="sharing-problem">
          <div>
            <p className="sharing-problem-title">{problem.title}</p>
            <ul>
              {problem.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
          <button type="button" className="quiet" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      )}
      {restoring && (
        <div className="sharing-restoring">
          <p role="status">{restoring}</p>
          <button type="button" className="quiet" onClick={stopRestoring}>
            Stop here
          </button>
        </div>
      )}
      {link !== null && (
        <section className="share-panel" aria-label="Share">
          <label htmlFor={linkId}>Scenario link</label>
          <input
            id={linkId}
            ref={input}
            type="text"
            readOnly
            value={link}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p role="status" className="share-status">
            {copyStatus}
          </p>
          <button type="button" className="quiet" onClick={closeSharePanel}>
            Close
          </button>
          {notes.length > 0 && (
            <ul className="share-notes">
              {notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

/** Export scenario / Import scenario: the scenario as a .json file, and back. */
export function ScenarioFiles() {
  const status = useSharing((s) => s.status);
  const file = useRef<HTMLInputElement>(null);
  const titleId = useId();
  if (isEmbed()) return null;
  return (
    <section className="scenario-files" aria-labelledby={titleId}>
      <h2 id={titleId}>Scenario file</h2>
      <div className="scenario-files-row">
        <button type="button" onClick={() => void exportScenario()}>
          Export scenario
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import scenario
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const chosen = e.currentTarget.files?.[0];
            // Cleared, so choosing the same file again is a change too.
            e.currentTarget.value = '';
            if (chosen) void importScenarioFile(chosen);
          }}
        />
      </div>
      <p role="status" className="note">
        {status}
      </p>
    </section>
  );
}

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
