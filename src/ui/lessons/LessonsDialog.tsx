// The Lessons dialog: every built-in lesson by title with its number of steps, the scenario's own
// lesson, and Write a lesson (or Edit the lesson). Choosing one starts it.
import * as io from '../../state/sharing/scenarioIo';
import { startLesson } from '../../state/sharing/actions';
import { openDialog } from '../../state/sharing/sharingStore';
import { useLab } from '../../state/store';
import { Modal } from '../common/Modal';

/** The Lessons dialog: every built-in lesson by title, the scenario's own lesson, and Write a lesson. */
export function LessonsDialog() {
  const own = useLab((s) => s.scenario.lesson);
  return (
    <Modal title="Lessons" onClose={() => openDialog(null)}>
      <p className="modal-intro">
        Each lesson sets up the lab, then walks through it step by step. Where a step asks a question, predict
        first: the lab runs after you answer.
      </p>
      <ul className="lesson-list">
        {io.LESSONS.map((l) => (
          <li key={l.id}>
            <button type="button" className="lesson-pick" onClick={() => void startLesson(l.id)}>
              {l.title}
            </button>
            <span className="lesson-steps">{l.steps.length} steps</span>
          </li>
        ))}
      </ul>
      <h3 className="lesson-own-title">This scenario&apos;s own lesson</h3>
      {own ? (
        <ul className="lesson-list">
          <li>
            <button type="button" className="lesson-pick" onClick={() => void startLesson('custom')}>
              {own.title}
            </button>
            <span className="lesson-steps">{own.steps.length} steps</span>
          </li>
        </ul>
      ) : (
        <p className="note">None yet. A lesson you write travels with the scenario in its link and file.</p>
      )}
      <button type="button" onClick={() => openDialog('editor')}>
        {own ? 'Edit the lesson' : 'Write a lesson'}
      </button>
    </Modal>
  );
}
