// Undo and Redo of the run's changes (a crash, a weight, a rule, the client's place, a batch), as
// buttons and as Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y too; Cmd on a Mac). Text fields keep their own undo.
import { useEffect } from 'react';
import { useLab } from '../../state/store';

/** Keys typed into these are the field's own (its text undo), not the lab's. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button'].includes(target.type)
  );
}

export function UndoRedo() {
  const undoLabel = useLab((s) => s.undoLabel);
  const redoLabel = useLab((s) => s.redoLabel);
  const undo = useLab((s) => s.undo);
  const redo = useLab((s) => s.redo);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextEntry(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return (
    <div className="control-group undo-redo" role="group" aria-label="Changes">
      {/* Icon buttons (named Undo and Redo) keep the transport row on one line at 1280 px. */}
      <button
        type="button"
        className="icon-button"
        onClick={undo}
        disabled={undoLabel === null}
        aria-label="Undo"
        aria-keyshortcuts="Control+Z"
        title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
      >
        <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true">
          <path
            d="M6,2 L1,6.5 L6,11 M1.5,6.5 H11 A5,4.5 0 0 1 11,15.5 H8"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
        </svg>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={redo}
        disabled={redoLabel === null}
        aria-label="Redo"
        aria-keyshortcuts="Control+Shift+Z"
        title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
      >
        <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true">
          <path
            d="M12,2 L17,6.5 L12,11 M16.5,6.5 H7 A5,4.5 0 0 0 7,15.5 H10"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
        </svg>
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {undoLabel ? `Undo would take back: ${undoLabel}.` : ''}
      </span>
    </div>
  );
}
