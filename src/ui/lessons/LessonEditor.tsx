// Write a lesson for the current scenario: a title, then steps, each with narration, what the lab
// does (run connections, play, a host action, move the client, ...) and an optional
// predict-then-observe question. Plain text with limits; saved into the scenario (Scenario.lesson)
// after the same validation as a link, so it travels in Share links and exported files.
import { useId, useState, type ReactNode } from 'react';
import { HOST_OPERATIONS } from '../../scenario/hostOperations';
import { LIMITS, TEXT_LIMITS } from '../../scenario/schema';
import type {
  ClusterId,
  CustomLesson,
  HostAction,
  LessonAction,
  LessonQuestion,
  LessonStep,
  Scenario,
} from '../../scenario/types';
import { CUSTOM_LESSON_ID } from '../../state/lessonState';
import { saveCustomLesson, startLesson } from '../../state/sharing/actions';
import { openDialog } from '../../state/sharing/sharingStore';
import {
  hostName,
  locationOptions,
  locationValue,
  parseLocation,
  parseTarget,
  targetOptions,
  targetValue,
} from '../../state/scenarioEdit';
import { useLab } from '../../state/store';
import { Modal } from '../common/Modal';

type EditableType = 'run' | 'play' | 'hostAction' | 'placeClient' | 'setTarget' | 'reset' | 'highlightBucket';

const ACTION_TYPES: { value: EditableType; label: string }[] = [
  { value: 'run', label: 'Run connections' },
  { value: 'play', label: 'Play (seconds)' },
  { value: 'hostAction', label: 'Host action' },
  { value: 'placeClient', label: 'Move the client' },
  { value: 'setTarget', label: 'Connect to' },
  { value: 'reset', label: 'Reset (time zero)' },
  { value: 'highlightBucket', label: 'Point at a bucket' },
];

function defaultAction(type: EditableType, scenario: Scenario): LessonAction {
  switch (type) {
    case 'run':
      return { type: 'run', connections: 100 };
    case 'play':
      return { type: 'play', ms: 5000 };
    case 'hostAction':
      return { type: 'hostAction', cluster: 'A', hostIndex: 0, action: 'crash' };
    case 'placeClient':
      return { type: 'placeClient', location: scenario.client.location };
    case 'setTarget':
      return { type: 'setTarget', target: scenario.client.target };
    case 'reset':
      return { type: 'reset' };
    case 'highlightBucket':
      return { type: 'highlightBucket', bucket: 0 };
  }
}

function emptyQuestion(): LessonQuestion {
  return { prompt: '', choices: ['', ''], answerIndex: 0, explanation: '' };
}

function emptyStep(): LessonStep {
  return { narration: '', actions: [] };
}

/** Most seconds a Play action may run (the schema keeps it in simulated ms). */
const MAX_PLAY_SECONDS = LIMITS.playMs[1] / 1000;
/** Fewest seconds a Play action may run: one simulated ms. */
const MIN_PLAY_SECONDS = LIMITS.playMs[0] / 1000;

const withCommas = (n: number) => n.toLocaleString('en');

/**
 * Why a number an action holds cannot be saved, in the editor's own units (seconds, not simulated
 * ms), or null. The form does its own checking (noValidate): the browser's would silently refuse
 * values off its step grid, and the schema's sentences speak of ms.
 */
function actionNumberProblem(action: LessonAction, scenario: Scenario): string | null {
  switch (action.type) {
    case 'run': {
      const [min, max] = LIMITS.runConnections;
      const n = action.connections;
      return Number.isInteger(n) && n >= min && n <= max
        ? null
        : `Enter a whole number of connections from ${withCommas(min)} to ${withCommas(max)}`;
    }
    case 'play': {
      const seconds = action.ms / 1000;
      return Number.isFinite(seconds) && seconds >= MIN_PLAY_SECONDS && seconds <= MAX_PLAY_SECONDS
        ? null
        : `Enter a number of seconds from ${MIN_PLAY_SECONDS} to ${withCommas(MAX_PLAY_SECONDS)} (like 5 or 2.5)`;
    }
    case 'highlightBucket': {
      const last = lastBucket(action.cluster, scenario);
      const n = action.bucket;
      return Number.isInteger(n) && n >= 0 && n <= last ? null : `Enter a bucket number from 0 to ${last}`;
    }
    default:
      return null;
  }
}

/** The highest bucket number of the cluster a Point at a bucket action names (Cluster A by default). */
function lastBucket(cluster: ClusterId | undefined, scenario: Scenario): number {
  const c = scenario.clusters.find((x) => x.id === (cluster ?? 'A'));
  return (c?.bucketCount ?? LIMITS.bucketCount[1]) - 1;
}

/** Every number in the draft that cannot be saved, each with its step and action. */
function numberProblems(lesson: CustomLesson, scenario: Scenario): string[] {
  return lesson.steps.flatMap((step, i) =>
    step.actions.flatMap((action, k) => {
      const problem = actionNumberProblem(action, scenario);
      return problem ? [`Step ${i + 1}, action ${k + 1}: ${problem}`] : [];
    }),
  );
}

function NumberInput({
  label,
  value,
  min,
  max,
  step = 1,
  invalid,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  /** 'any' for a field that takes fractions: without it the browser takes only min + whole steps. */
  step?: number | 'any';
  invalid: boolean;
  onChange: (n: number) => void;
}) {
  const id = useId();
  return (
    <span className="editor-inline">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        aria-invalid={invalid || undefined}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
    </span>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span className="editor-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

function ActionEditor({
  action,
  scenario,
  onChange,
  onRemove,
  index,
}: {
  action: LessonAction;
  scenario: Scenario;
  onChange: (a: LessonAction) => void;
  onRemove: () => void;
  index: number;
}) {
  const hostOptions = scenario.clusters.flatMap((c) =>
    c.hosts.map((_, i) => ({ value: `${c.id}:${i}`, label: hostName(c.id, i) })),
  );
  const invalid = actionNumberProblem(action, scenario) !== null;
  let fields: ReactNode;
  switch (action.type) {
    case 'run':
      fields = (
        <NumberInput
          label="Connections"
          value={action.connections}
          min={LIMITS.runConnections[0]}
          max={LIMITS.runConnections[1]}
          invalid={invalid}
          onChange={(n) => onChange({ ...action, connections: n })}
        />
      );
      break;
    case 'play':
      fields = (
        <NumberInput
          label="Seconds"
          value={action.ms / 1000}
          min={MIN_PLAY_SECONDS}
          max={MAX_PLAY_SECONDS}
          step="any"
          invalid={invalid}
          // Whole simulated ms: the engine's clock does not run finer than that.
          onChange={(n) => onChange({ ...action, ms: Math.round(n * 1000) })}
        />
      );
      break;
    case 'hostAction':
      fields = (
        <>
          <Select
            label="Host"
            value={`${action.cluster}:${action.hostIndex}`}
            options={hostOptions}
            onChange={(v) => {
              const [c, i] = v.split(':');
              onChange({ ...action, cluster: c === 'B' ? 'B' : 'A', hostIndex: Number(i) });
            }}
          />
          <Select
            label="Action"
            value={action.action}
            options={HOST_OPERATIONS.map((op) => ({ value: op.id, label: op.label }))}
            onChange={(v) => onChange({ ...action, action: v as HostAction })}
          />
        </>
      );
      break;
    case 'placeClient':
      fields = (
        <Select
          label="Client location"
          value={locationValue(action.location)}
          options={locationOptions(scenario)}
          onChange={(v) => {
            const location = parseLocation(v);
            if (location) onChange({ ...action, location });
          }}
        />
      );
      break;
    case 'setTarget':
      fields = (
        <Select
          label="Connect to"
          value={targetValue(action.target)}
          options={targetOptions(scenario)}
          onChange={(v) => {
            const target = parseTarget(v);
            if (target) onChange({ ...action, target });
          }}
        />
      );
      break;
    case 'highlightBucket':
      fields = (
        <NumberInput
          label="Bucket"
          value={action.bucket}
          min={0}
          max={lastBucket(action.cluster, scenario)}
          invalid={invalid}
          onChange={(n) => onChange({ ...action, bucket: n })}
        />
      );
      break;
    default:
      fields = null;
  }
  const known = ACTION_TYPES.some((t) => t.value === action.type);
  return (
    <li className="editor-action">
      <Select
        label={`Action ${index + 1}`}
        value={action.type}
        options={known ? ACTION_TYPES : [...ACTION_TYPES, { value: action.type, label: action.type }]}
        onChange={(v) => onChange(defaultAction(v as EditableType, scenario))}
      />
      {fields}
      <button type="button" className="quiet" onClick={onRemove}>
        Remove action {index + 1}
      </button>
    </li>
  );
}

function QuestionEditor({
  question,
  onChange,
  stepNumber,
}: {
  question: LessonQuestion;
  onChange: (q: LessonQuestion) => void;
  stepNumber: number;
}) {
  const promptId = useId();
  const explanationId = useId();
  const name = useId();
  return (
    <div className="editor-question">
      <label htmlFor={promptId}>Question (asked before the actions run)</label>
      <textarea
        id={promptId}
        rows={2}
        maxLength={TEXT_LIMITS.prompt}
        value={question.prompt}
        onChange={(e) => onChange({ ...question, prompt: e.target.value })}
      />
      <fieldset className="editor-choices">
        <legend>Choices (mark the right answer)</legend>
        {question.choices.map((choice, i) => (
          <div key={i} className="editor-choice">
            <input
              type="radio"
              name={name}
              aria-label={`Choice ${i + 1} is the answer`}
              checked={question.answerIndex === i}
              onChange={() => onChange({ ...question, answerIndex: i })}
            />
            <input
              type="text"
              aria-label={`Step ${stepNumber}, choice ${i + 1}`}
              maxLength={TEXT_LIMITS.choice}
              value={choice}
              onChange={(e) =>
                onChange({
                  ...question,
                  choices: question.choices.map((c, k) => (k === i ? e.target.value : c)),
                })
              }
            />
            {question.choices.length > LIMITS.choices[0] && (
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  onChange({
                    ...question,
                    choices: question.choices.filter((_, k) => k !== i),
                    answerIndex:
                      question.answerIndex === i
                        ? 0
                        : question.answerIndex > i
                          ? question.answerIndex - 1
                          : question.answerIndex,
                  })
                }
              >
                Remove choice {i + 1}
              </button>
            )}
          </div>
        ))}
        {question.choices.length < LIMITS.choices[1] && (
          <button
            type="button"
            className="quiet"
            onClick={() => onChange({ ...question, choices: [...question.choices, ''] })}
          >
            Add a choice
          </button>
        )}
      </fieldset>
      <label htmlFor={explanationId}>Why (shown after the learner answers)</label>
      <textarea
        id={explanationId}
        rows={2}
        maxLength={TEXT_LIMITS.explanation}
        value={question.explanation}
        onChange={(e) => onChange({ ...question, explanation: e.target.value })}
      />
    </div>
  );
}

function StepEditor({
  step,
  index,
  count,
  scenario,
  onChange,
  onRemove,
  onMove,
}: {
  step: LessonStep;
  index: number;
  count: number;
  scenario: Scenario;
  onChange: (s: LessonStep) => void;
  onRemove: () => void;
  onMove: (by: number) => void;
}) {
  const narrationId = useId();
  const number = index + 1;
  return (
    <fieldset className="editor-step">
      <legend>Step {number}</legend>
      <label htmlFor={narrationId}>Narration</label>
      <textarea
        id={narrationId}
        rows={3}
        maxLength={TEXT_LIMITS.narration}
        value={step.narration}
        onChange={(e) => onChange({ ...step, narration: e.target.value })}
      />
      <ul className="editor-actions" aria-label={`Step ${number} actions`}>
        {step.actions.map((a, k) => (
          <ActionEditor
            key={k}
            index={k}
            action={a}
            scenario={scenario}
            onChange={(next) =>
              onChange({ ...step, actions: step.actions.map((x, j) => (j === k ? next : x)) })
            }
            onRemove={() => onChange({ ...step, actions: step.actions.filter((_, j) => j !== k) })}
          />
        ))}
      </ul>
      <div className="editor-row">
        {step.actions.length < LIMITS.actions[1] && (
          <button
            type="button"
            className="quiet"
            onClick={() => onChange({ ...step, actions: [...step.actions, defaultAction('run', scenario)] })}
          >
            Add an action
          </button>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={step.question !== undefined}
            onChange={(e) => {
              const next = { ...step };
              if (e.target.checked) next.question = emptyQuestion();
              else delete next.question;
              onChange(next);
            }}
          />
          Ask a question
        </label>
        <span className="editor-spacer" />
        <button type="button" className="quiet" disabled={index === 0} onClick={() => onMove(-1)}>
          Move step {number} up
        </button>
        <button type="button" className="quiet" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move step {number} down
        </button>
        <button type="button" className="quiet" disabled={count <= 1} onClick={onRemove}>
          Remove step {number}
        </button>
      </div>
      {step.question && (
        <QuestionEditor
          question={step.question}
          stepNumber={number}
          onChange={(q) => onChange({ ...step, question: q })}
        />
      )}
    </fieldset>
  );
}

export function LessonEditor() {
  const scenario = useLab((s) => s.scenario);
  const [draft, setDraftState] = useState<CustomLesson>(
    () => structuredClone(scenario.lesson) ?? { title: '', steps: [emptyStep()] },
  );
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState('');
  const titleId = useId();

  // "Saved" stays only while it is true: any edit after a save takes it away.
  const setDraft = (next: CustomLesson | ((d: CustomLesson) => CustomLesson)) => {
    setDraftState(next);
    setSaved('');
  };
  const setStep = (i: number, step: LessonStep) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s, k) => (k === i ? step : s)) }));

  const save = async (): Promise<boolean> => {
    const own = numberProblems(draft, scenario);
    const problems = own.length > 0 ? own : saveCustomLesson(draft);
    setErrors(problems);
    setSaved(problems.length === 0 ? 'Saved in the scenario: Share or Export scenario to pass it on.' : '');
    return problems.length === 0;
  };

  return (
    <Modal title="Write a lesson" onClose={() => openDialog(null)} wide className="lesson-editor">
      <p className="modal-intro">
        Plain text only. Each step&apos;s actions run when the learner reaches it; with a question, they run
        after the learner has answered (predict, then observe). The lesson starts from this scenario as it is
        now.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor={titleId}>Lesson title</label>
          <input
            id={titleId}
            type="text"
            maxLength={TEXT_LIMITS.lessonTitle}
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
        </div>
        {draft.steps.map((step, i) => (
          <StepEditor
            key={i}
            step={step}
            index={i}
            count={draft.steps.length}
            scenario={scenario}
            onChange={(s) => setStep(i, s)}
            onRemove={() => setDraft((d) => ({ ...d, steps: d.steps.filter((_, k) => k !== i) }))}
            onMove={(by) =>
              setDraft((d) => {
                const steps = [...d.steps];
                const [moved] = steps.splice(i, 1);
                steps.splice(i + by, 0, moved!);
                return { ...d, steps };
              })
            }
          />
        ))}
        {draft.steps.length < LIMITS.steps[1] && (
          <button type="button" onClick={() => setDraft((d) => ({ ...d, steps: [...d.steps, emptyStep()] }))}>
            Add a step
          </button>
        )}
        {errors.length > 0 && (
          <div role="alert" className="sharing-problem">
            <div>
              <p className="sharing-problem-title">The lesson was not saved:</p>
              <ul>
                {errors.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          </div>
        )}
        <p role="status" className="note">
          {saved}
        </p>
        <div className="editor-footer">
          <button type="submit" className="primary">
            Save lesson
          </button>
          <button
            type="button"
            onClick={async () => {
              if (await save()) await startLesson(CUSTOM_LESSON_ID);
            }}
          >
            Save and start
          </button>
          {scenario.lesson && (
            <button
              type="button"
              className="quiet"
              onClick={async () => {
                saveCustomLesson(null);
                openDialog(null);
              }}
            >
              Delete the lesson
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
