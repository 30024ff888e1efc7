// Carrying out lesson steps (fetched when a lesson first opens; its state is lessonState.ts). A
// lesson is data (src/scenario/lessons.ts, or a scenario's own lesson); each step's actions are
// applied to the lab through the LabDriver exactly as src/scenario/lessons.test.ts applies them to
// the engine, so what the narration claims stays true on screen. Back replays from the start.
import type { LessonAction, LessonStep, Scenario } from '../scenario/types';
import { useExplain } from './explainStore';
import { LabDriver, labNow, Superseded, cancelWaits, type Progress } from './labDriver';
import { useLesson, withoutView, type LessonPhase, type OpenLesson } from './lessonState';
import { useLab } from './store';
import { formatTime } from '../scenario/simTime';

/** Bumped by every navigation: a sequence started earlier stops at its next step. */
let generation = 0;

function newDriver(): { driver: LabDriver; gen: number } {
  const gen = ++generation;
  cancelWaits();
  return { driver: new LabDriver(() => gen === generation), gen };
}

const ACTIONS_THAT_RELOAD: ReadonlySet<LessonAction['type']> = new Set([
  'loadPreset',
  'reset',
  'placeClient',
  'setTarget',
]);

async function presetScenarioById(id: string): Promise<Scenario> {
  const { presetScenario } = await import('../scenario/presets');
  const scenario = presetScenario(id);
  if (!scenario)
    throw new Error(`This lesson needs the built-in scenario "${id}", which this VIP Lab does not have.`);
  return scenario;
}

/** What a scenario-changing action makes of `scenario` (pure, apart from fetching a preset). */
async function transform(scenario: Scenario, action: LessonAction): Promise<Scenario> {
  switch (action.type) {
    case 'loadPreset':
      return presetScenarioById(action.presetId);
    case 'placeClient':
      return { ...scenario, client: { ...scenario.client, location: action.location } };
    case 'setTarget':
      return { ...scenario, client: { ...scenario.client, target: action.target } };
    default:
      return scenario;
  }
}

let lastProgressWall = 0;
function showProgress(gen: number, text: string, force = false): void {
  if (gen !== generation) return;
  const wall = performance.now();
  if (!force && wall - lastProgressWall < 100) return;
  lastProgressWall = wall;
  useLesson.setState({ progress: text });
}

function note(gen: number, text: string): void {
  if (gen !== generation) return;
  useLesson.setState((s) => (s.notes.includes(text) ? s : { notes: [...s.notes, text] }));
}

/** Carries out one action on the lab as it is now. `ui` false skips pointing at things (replay). */
async function perform(driver: LabDriver, gen: number, action: LessonAction, ui: boolean): Promise<void> {
  switch (action.type) {
    case 'loadPreset':
    case 'placeClient':
    case 'setTarget':
      showProgress(gen, 'Loading the scenario…', true);
      await driver.load(withoutView(await transform(useLab.getState().scenario, action)));
      return;
    case 'reset':
      await driver.reset();
      return;
    case 'run':
      showProgress(gen, `Opening ${action.connections} connections…`, true);
      await driver.run(action.connections);
      return;
    case 'play': {
      const from = labNow();
      const label = `Playing ${formatTime(action.ms)} of simulated time`;
      showProgress(gen, `${label}…`, true);
      await driver.advanceTo(from + action.ms, (p: Progress) =>
        showProgress(gen, `${label}: ${formatTime(Math.max(0, Math.min(p.now, p.target) - from))}`),
      );
      return;
    }
    case 'hostAction':
      await driver.hostAction(action.cluster, action.hostIndex, action.action);
      return;
    case 'highlightBucket':
      if (!ui) return;
      useExplain.getState().highlightBucket(action.bucket);
      if ((action.cluster ?? 'A') !== 'A') {
        note(
          gen,
          `This step points at bucket ${action.bucket} of Cluster ${action.cluster}; the bucket map shows Cluster A.`,
        );
      }
      return;
    case 'selectPacket':
      if (!ui) return;
      if (!useExplain.getState().inspectConnection(action.connId)) {
        note(
          gen,
          `This step shows connection ${action.connId} in the packet inspector, but it was opened by a bulk run, ` +
            'whose packets are counted, not recorded. Press Step or Play to watch packets one by one.',
        );
      }
      return;
  }
}

/** The actions of steps before `step`, and of `step` itself when `including`. */
function actionsUpTo(lesson: OpenLesson, step: number, including: boolean): LessonAction[] {
  const steps = lesson.steps.slice(0, including ? step + 1 : step);
  return steps.flatMap((s) => s.actions);
}

/**
 * Brings the lab to the state the lesson has after `actions`, from the lesson's start: everything
 * before the last action that reloads the scenario is replaced by that reload, so only the actions
 * after it run (a reload throws away whatever ran before it).
 */
async function replay(
  driver: LabDriver,
  gen: number,
  lesson: OpenLesson,
  actions: LessonAction[],
): Promise<void> {
  let last = -1;
  actions.forEach((a, i) => {
    if (ACTIONS_THAT_RELOAD.has(a.type)) last = i;
  });
  let scenario = lesson.start;
  for (const action of actions.slice(0, last + 1)) scenario = await transform(scenario, action);
  showProgress(gen, 'Setting up the lab…', true);
  await driver.load(withoutView(scenario));
  for (const action of actions.slice(last + 1)) await perform(driver, gen, action, false);
}

function currentStep(): LessonStep | undefined {
  const { lesson, step } = useLesson.getState();
  return lesson?.steps[step];
}

/** Runs `work` as the lesson's current sequence (any newer navigation supersedes it). */
async function sequence(work: (driver: LabDriver, gen: number) => Promise<LessonPhase>): Promise<boolean> {
  const { driver, gen } = newDriver();
  useLesson.setState({ phase: 'working', error: null, progress: '' });
  try {
    const phase = await work(driver, gen);
    if (gen !== generation) return false;
    useLesson.setState({ phase, progress: '' });
    return true;
  } catch (error) {
    if (error instanceof Superseded || gen !== generation) return false;
    useLesson.setState({
      phase: 'failed',
      progress: '',
      error: `The lab could not carry out this step: ${error instanceof Error ? error.message : String(error)}`,
    });
    return false;
  }
}

async function runActions(driver: LabDriver, gen: number, step: LessonStep | undefined): Promise<void> {
  for (const action of step?.actions ?? []) await perform(driver, gen, action, true);
}

/** Arrival at the current step: a question waits for the learner; otherwise the actions run. */
async function arrive(driver: LabDriver, gen: number): Promise<LessonPhase> {
  const step = currentStep();
  if (step?.question) return 'question';
  await runActions(driver, gen, step);
  return 'ready';
}

/**
 * Opens `lesson` at `step` (0-based): the lab replays the steps before it, then arrives at it.
 * `then` runs after arrival when no question is waiting (a link restores its time cursor there).
 */
export function openLesson(
  lesson: OpenLesson,
  step = 0,
  then?: (driver: LabDriver) => Promise<void>,
): Promise<boolean> {
  const at = Math.max(0, Math.min(step, lesson.steps.length - 1));
  useLesson.setState({ lesson, step: at, answers: {}, notes: [], error: null });
  return sequence(async (driver, gen) => {
    await replay(driver, gen, lesson, actionsUpTo(lesson, at, false));
    const phase = await arrive(driver, gen);
    if (phase === 'ready' && then) await then(driver);
    return phase;
  });
}

function busy(phase: LessonPhase): boolean {
  return phase === 'working';
}

/** Next: the following step, acting on the lab as it is. Needs the current step done. */
export async function nextStep(): Promise<void> {
  const { lesson, step, phase } = useLesson.getState();
  if (!lesson || step >= lesson.steps.length - 1 || phase !== 'ready') return;
  useLesson.setState({ step: step + 1, notes: [] });
  await sequence(arrive);
}

/** Back: the previous step as it stood when done, by replaying the lesson from its start. */
export async function previousStep(): Promise<void> {
  const { lesson, step } = useLesson.getState();
  if (!lesson || step === 0) return;
  const to = step - 1;
  useLesson.setState({ step: to, notes: [] });
  await sequence(async (driver, gen) => {
    await replay(driver, gen, lesson, actionsUpTo(lesson, to, false));
    const target = lesson.steps[to];
    // A question never answered in this session (the lesson was opened past it): ask it.
    if (target?.question && useLesson.getState().answers[to] === undefined) return 'question';
    await runActions(driver, gen, target);
    return 'ready';
  });
}

/** The learner's prediction: reveal the answer and run the step's actions (observe). */
export async function checkAnswer(choice: number): Promise<void> {
  const { lesson, step, phase } = useLesson.getState();
  const current = lesson?.steps[step];
  if (!current?.question || phase !== 'question') return;
  useLesson.setState((s) => ({ answers: { ...s.answers, [step]: choice } }));
  await sequence(async (driver, gen) => {
    await runActions(driver, gen, current);
    return 'ready';
  });
}

/** Try the current step again after a failure: replay to it, then arrive. */
export async function retryStep(): Promise<void> {
  const { lesson, step } = useLesson.getState();
  if (lesson && !busy(useLesson.getState().phase)) await openLesson(lesson, step);
}

/** Closes the lesson; the lab keeps what the lesson made of it. */
export function closeLesson(): void {
  generation++;
  cancelWaits();
  useLesson.setState({
    lesson: null,
    step: 0,
    phase: 'ready',
    answers: {},
    progress: '',
    notes: [],
    error: null,
  });
}
