// The lesson player: a region named "Lesson" with the step's narration, a step counter, the
// predict-then-observe question (choose, Check, then the lab runs and the answer is revealed) and
// Back / Next. A presentation clicker answers too (presenter mode: clickerChoice.ts). The dialog that
// lists the lessons is LessonsDialog.tsx.
import { useEffect, useId, useRef, useState } from 'react';
import { useSharing } from '../../state/sharing/sharingStore';
import { cycleChoice, onClickerCommand } from '../presenter/clickerChoice';
import type { LessonQuestion } from '../../scenario/types';
import { checkAnswer, closeLesson, nextStep, previousStep, retryStep } from '../../state/lessonRunner';
import { useLesson } from '../../state/lessonState';

function Question({
  question,
  answered,
  revealed,
}: {
  question: LessonQuestion;
  /** The choice checked, if any. */
  answered: number | undefined;
  /** The step's actions have run: the answer and why can be shown. */
  revealed: boolean;
}) {
  const [choice, setChoice] = useState<number | null>(answered ?? null);
  const promptId = useId();
  const name = useId();
  const locked = answered !== undefined;
  const answerRef = useRef<HTMLDivElement>(null);
  const presenter = useSharing((s) => s.presenter);
  const count = question.choices.length;
  // The clicker's keys (presenter mode) choose and check while the question waits for its answer.
  useEffect(() => {
    if (locked) return;
    return onClickerCommand((command) => {
      if (command === 'check') {
        if (choice !== null) void checkAnswer(choice);
        return true;
      }
      // Back before any answer is chosen is the lesson's Back, not a choice.
      if (command === 'previous' && choice === null) return false;
      setChoice(cycleChoice(choice, count, command === 'next' ? 1 : -1));
      return true;
    });
  }, [locked, count, choice]);
  useEffect(() => {
    // The explanation appears below the choices: bring it into the panel's view.
    if (locked && revealed) answerRef.current?.scrollIntoView({ block: 'nearest' });
  }, [locked, revealed]);
  return (
    <form
      className="lesson-question"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice !== null && !locked) void checkAnswer(choice);
      }}
    >
      <p id={promptId} className="lesson-prompt">
        {question.prompt}
      </p>
      <div className="lesson-choice-row">
        <div role="radiogroup" aria-labelledby={promptId} className="lesson-choices">
          {question.choices.map((text, i) => {
            const mark =
              locked && revealed
                ? i === question.answerIndex
                  ? 'right'
                  : i === answered
                    ? 'wrong'
                    : ''
                : '';
            return (
              <label key={i} className={`lesson-choice ${mark}`}>
                <input
                  type="radio"
                  name={name}
                  checked={choice === i}
                  disabled={locked}
                  onChange={() => setChoice(i)}
                />
                <span>{text}</span>
                {mark === 'right' && <span className="lesson-mark"> (the answer)</span>}
              </label>
            );
          })}
        </div>
        {!locked && (
          <button type="submit" className="primary" disabled={choice === null}>
            Check
          </button>
        )}
      </div>
      {presenter && !locked && (
        <p className="lesson-clicker-hint">
          Clicker: <kbd>→</kbd> / <kbd>←</kbd> choose an answer; hold <kbd>→</kbd> or press <kbd>B</kbd> to
          check it.
        </p>
      )}
      {locked && !revealed && (
        <p className="lesson-observe">Now watch the lab: your prediction is checked against what happens.</p>
      )}
      {locked && revealed && (
        <div className="lesson-answer" ref={answerRef}>
          <p className={answered === question.answerIndex ? 'lesson-right' : 'lesson-wrong'}>
            {answered === question.answerIndex
              ? 'Right.'
              : `Not quite: the answer is "${question.choices[question.answerIndex] ?? ''}".`}
          </p>
          <p className="lesson-explanation">{question.explanation}</p>
        </div>
      )}
    </form>
  );
}

export function LessonPlayer() {
  const lesson = useLesson((s) => s.lesson);
  const step = useLesson((s) => s.step);
  const phase = useLesson((s) => s.phase);
  const answers = useLesson((s) => s.answers);
  const progress = useLesson((s) => s.progress);
  const notes = useLesson((s) => s.notes);
  const error = useLesson((s) => s.error);
  const titleId = useId();
  if (!lesson) return null;
  const current = lesson.steps[step];
  const last = step >= lesson.steps.length - 1;
  const working = phase === 'working';
  return (
    <section className="lesson" aria-label="Lesson">
      <div className="lesson-head">
        <h2 id={titleId} className="lesson-title">
          {lesson.title}
        </h2>
        <p className="lesson-counter">
          Step {step + 1} of {lesson.steps.length}
        </p>
        <div className="lesson-nav">
          <button type="button" onClick={() => void previousStep()} disabled={step === 0}>
            Back
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void nextStep()}
            disabled={last || phase !== 'ready'}
          >
            Next
          </button>
          <button type="button" className="quiet" onClick={closeLesson}>
            Close lesson
          </button>
        </div>
      </div>
      <div className="lesson-body">
        <p className="lesson-narration">{current?.narration}</p>
        {current?.question && (
          <Question
            key={`${lesson.id}-${step}`}
            question={current.question}
            answered={answers[step]}
            revealed={phase === 'ready'}
          />
        )}
        <p role="status" className="lesson-progress">
          {working ? progress || 'Working…' : ''}
        </p>
        {notes.length > 0 && (
          <ul className="lesson-notes">
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
        {error && (
          <div role="alert" className="lesson-error">
            <p>{error}</p>
            <button type="button" onClick={() => void retryStep()}>
              Try again
            </button>
          </div>
        )}
        {last && phase === 'ready' && <p className="lesson-end">End of the lesson.</p>}
      </div>
    </section>
  );
}
