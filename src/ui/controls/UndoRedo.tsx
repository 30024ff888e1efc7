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
      <button
        type="button"
        onClick={undo}
        disabled={undoLabel === null}
        aria-keyshortcuts="Control+Z"
        title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
      >
        Undo
      </button>
      <button
        type="button"
        onClick={redo}
        disabled={redoLabel === null}
        aria-keyshortcuts="Control+Shift+Z"
        title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
      >
        Redo
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {undoLabel ? `Undo would take back: ${undoLabel}.` : ''}
      </span>
    </div>
  );
}
