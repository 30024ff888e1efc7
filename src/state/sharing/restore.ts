// Shows a scenario as it was shared: its speed, open panels, lesson and step, and the time cursor
// (running the lab there, with progress in words and a way to stop); also finds the lesson a shared
// scenario names. Part of the actions fetched on demand.
import { formatTime } from '../../scenario/simTime';
import type { Scenario } from '../../scenario/types';
import { LabDriver, cancelWaits, labNow, Superseded } from '../labDriver';
import { closeLesson, openLesson } from '../lessonRunner';
import { CUSTOM_LESSON_ID, withoutView, type OpenLesson } from '../lessonState';
import { useLab } from '../store';
import { asApplying } from './address';
import * as io from './scenarioIo';
import { useSharing } from './sharingStore';
import { applyPanels } from './snapshot';

/** The lesson `id` (a built-in one, or the scenario's own), ready to open; or why it cannot be. */
export async function lessonFor(scenario: Scenario, id: string): Promise<OpenLesson | string> {
  if (id === CUSTOM_LESSON_ID) {
    if (!scenario.lesson) return 'This scenario has no lesson of its own to open.';
    return { id, title: scenario.lesson.title, steps: scenario.lesson.steps, start: withoutView(scenario) };
  }
  const lesson = io.findLesson(id);
  if (!lesson)
    return `This scenario was shared during a lesson called "${id}", which this VIP Lab does not have.`;
  const start = io.presetScenario(lesson.presetId);
  if (!start) return `The lesson "${lesson.title}" needs a built-in scenario this VIP Lab does not have.`;
  return { id, title: lesson.title, steps: lesson.steps, start };
}

/** Bumped by each scenario brought in; an older one still restoring stops. */
let restoreGeneration = 0;

/** Something else takes over the lab (a lesson starts): a scenario still restoring stops. */
export function supersedeRestore(): void {
  restoreGeneration++;
}

/**
 * Shows `scenario` as its view settings say: speed, panels, the open lesson and step, and the time
 * cursor. `loaded` says the lab already holds the scenario (the page started with it).
 */
export function showScenario(scenario: Scenario, loaded = false): Promise<void> {
  return asApplying(async () => {
    const gen = ++restoreGeneration;
    closeLesson();
    const view = scenario.view;
    try {
      if (view?.speed !== undefined) useLab.getState().setSpeed(view.speed);
      applyPanels(view);
      const timeMs = view?.timeMs ?? 0;
      const toTime = async (driver: LabDriver) => {
        if (timeMs <= labNow()) {
          if (timeMs < labNow()) await driver.seek(timeMs);
          return;
        }
        const say = (now: number) =>
          useSharing.setState({
            restoring: `Running the shared scenario to ${formatTime(timeMs)}: ${formatTime(Math.min(now, timeMs))}`,
          });
        say(labNow());
        await driver.advanceTo(timeMs, (p) => say(p.now));
      };
      if (view?.lesson) {
        const lesson = await lessonFor(scenario, view.lesson.id);
        if (typeof lesson !== 'string') {
          await openLesson(lesson, view.lesson.step, toTime);
          return;
        }
        useSharing.setState({
          problem: { title: 'The shared lesson could not be opened', messages: [lesson] },
        });
      }
      cancelWaits();
      const driver = new LabDriver(() => gen === restoreGeneration);
      if (!loaded) await driver.load(withoutView(scenario));
      if (timeMs > 0) await toTime(driver);
    } catch (error) {
      if (!(error instanceof Superseded)) {
        useSharing.setState({
          problem: {
            title: 'The scenario could not be shown as it was shared',
            messages: [error instanceof Error ? error.message : String(error)],
          },
        });
      }
    } finally {
      if (gen === restoreGeneration) useSharing.setState({ restoring: '' });
    }
  });
}

/** Stop running towards a shared time cursor: the lab stays where it got to. */
export function stopRestoring(): void {
  supersedeRestore();
  cancelWaits();
  useLab.getState().pause();
  useSharing.setState({ restoring: '' });
}
