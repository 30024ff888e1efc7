// The gallery of built-in scenarios: each preset by title with its one-line description; choosing
// one loads it (time back to zero). The presets are fetched when the dialog opens.
import { useId } from 'react';
import { PRESETS } from '../../state/sharing/scenarioIo';
import { loadPreset } from '../../state/sharing/actions';
import { openDialog } from '../../state/sharing/sharingStore';
import { Modal } from '../common/Modal';

export function Gallery() {
  const baseId = useId();
  return (
    <Modal title="Scenarios" onClose={() => openDialog(null)} wide>
      <p className="modal-intro">
        Built-in scenarios to start from. Choosing one replaces the lab&apos;s scenario (time goes back to
        zero); Share or Export scenario first to keep yours.
      </p>
      <ul className="gallery">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="gallery-item"
              aria-labelledby={`${baseId}-${p.id}-t`}
              aria-describedby={`${baseId}-${p.id}-d`}
              onClick={() => void loadPreset(p.id)}
            >
              <span id={`${baseId}-${p.id}-t`} className="gallery-title">
                {p.title}
              </span>
              <span id={`${baseId}-${p.id}-d`} className="gallery-desc">
                {p.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
