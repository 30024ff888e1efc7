// The presenter strip (shown while presenter mode is on, loaded on demand): the clicker's keys —
// ArrowRight / PageDown for Next, ArrowLeft / PageUp for Back, Space for Play/Pause (not while
// typing); at a question still to answer, forward / back choose an answer (back before choosing
// goes back a step) and a long forward press (or B, or .) checks it — and "Follow this packet", which narrows the event log to the selected
// packet's connection.
import { useLayoutEffect } from 'react';
import { useExplain } from '../../state/explainStore';
import { useLesson } from '../../state/lessonState';
import { useLab } from '../../state/store';
import { LONG_PRESS_WALL_MS, questionListening, sendClickerCommand } from './clickerChoice';

/** When (performance.now(), wall ms) the forward key went down at a question, until it comes up. */
let forwardDownAt: number | null = null;

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/** Keys typed here mean something to the control itself (typing, choosing, sliding). */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return TEXT_INPUT_TYPES.has(target.type) || ['range', 'radio', 'checkbox'].includes(target.type);
  }
  const role = target.getAttribute('role');
  return ['slider', 'radio', 'checkbox', 'switch', 'spinbutton', 'textbox', 'combobox'].includes(role ?? '');
}

function onKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (ownsKeys(event.target)) return;
  // A dialog open on top (Scenarios, Lessons) keeps its own keys.
  if (document.querySelector('dialog[open]')) return;
  // A question waiting for its answer: forward / back choose, a long forward press or B checks.
  if (useLesson.getState().lesson && questionListening()) {
    switch (event.key) {
      case 'ArrowRight':
      case 'PageDown':
        event.preventDefault();
        // Acted on when the key comes up: a short press chooses, a long one checks.
        if (!event.repeat && forwardDownAt === null) forwardDownAt = performance.now();
        return;
      case 'ArrowLeft':
      case 'PageUp':
        // Before any answer is chosen, back is Back (below): the presenter can always go back a step.
        if (event.repeat || sendClickerCommand('previous')) {
          event.preventDefault();
          return;
        }
        break;
      case 'b':
      case 'B':
      case '.':
        event.preventDefault();
        if (!event.repeat) sendClickerCommand('check');
        return;
    }
  }
  switch (event.key) {
    case 'ArrowRight':
    case 'PageDown':
      if (!useLesson.getState().lesson) return;
      event.preventDefault();
      void import('../../state/lessonRunner').then(
        (m) => m.nextStep(),
        () => {},
      );
      return;
    case 'ArrowLeft':
    case 'PageUp':
      if (!useLesson.getState().lesson) return;
      event.preventDefault();
      void import('../../state/lessonRunner').then(
        (m) => m.previousStep(),
        () => {},
      );
      return;
    case ' ':
    case 'Spacebar':
      // Also stops a focused button from being pressed by the same key.
      event.preventDefault();
      if (!event.repeat) useLab.getState().togglePlay();
      return;
  }
}

/** Space's keyup would press a focused button; the keydown already acted. */
function onKeyUp(event: KeyboardEvent): void {
  if ((event.key === 'ArrowRight' || event.key === 'PageDown') && forwardDownAt !== null) {
    const heldWallMs = performance.now() - forwardDownAt;
    forwardDownAt = null;
    event.preventDefault();
    sendClickerCommand(heldWallMs >= LONG_PRESS_WALL_MS ? 'check' : 'next');
    return;
  }
  if (event.key === ' ' && !ownsKeys(event.target) && !document.querySelector('dialog[open]')) {
    event.preventDefault();
  }
}

function FollowPacket() {
  const selected = useLab((s) => s.selectedFrameId);
  const detail = useExplain((s) => s.detail);
  const following = useExplain((s) => s.filters.connId);
  if (selected === null || !detail || detail.frameId !== selected || detail.connId <= 0) {
    return <p className="presenter-hint">Click a packet in the drawing to follow it.</p>;
  }
  const on = following === detail.connId;
  return (
    <div className="presenter-follow">
      <p className="presenter-packet" title={detail.summary}>
        {detail.summary}
      </p>
      <button
        type="button"
        aria-pressed={on}
        onClick={() => {
          const explain = useExplain.getState();
          if (on) explain.setFilters({ connId: null });
          else {
            explain.setFilters({ connId: detail.connId });
            explain.setFollow(true);
          }
        }}
      >
        Follow this packet
      </button>
    </div>
  );
}

/** Listens for the presenter's keys while mounted (before paint, so they work once the strip shows). */
/** Whether the lesson on screen waits for the answer to its question. */
function useAsking(): boolean {
  return useLesson((s) => {
    const step = s.lesson?.steps[s.step];
    return step?.question !== undefined && s.answers[s.step] === undefined;
  });
}

/** The keys in a line, and what they do at a question still to answer. */
function Keys({ asking }: { asking: boolean }) {
  if (asking) {
    return (
      <p className="presenter-keys asking">
        <kbd>→</kbd> <kbd>←</kbd> choose, hold <kbd>→</kbd> or <kbd>B</kbd> check <kbd>Space</kbd> play/pause
      </p>
    );
  }
  return (
    <p className="presenter-keys">
      <kbd>→</kbd> next <kbd>←</kbd> back <kbd>Space</kbd> play/pause
    </p>
  );
}

export default function PresenterStrip() {
  const asking = useAsking();
  useLayoutEffect(() => {
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      forwardDownAt = null;
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);
  return (
    <div className="presenter-strip" role="region" aria-label="Presenter">
      <Keys asking={asking} />
      {/* While a question waits, the strip's room goes to how the clicker answers it. */}
      {!asking && <FollowPacket />}
    </div>
  );
}
