// Shows a scenario as it was shared: its speed, open panels, lesson and step, and the time cursor
// (running the lab there, with progress in words and a way to stop). Part of the actions fetched on
// demand.
import { formatTime } from '../../scenario/simTime';
import type { Scenario } from '../../scenario/types';
import { LabDriver, cancelWaits, labNow, Superseded } from '../labDriver';
import { closeLesson, openLesson } from '../lessonRunner';
import { withoutView } from '../lessonState';
import { useLab } from '../store';
import { asApplying } from './address';
import { lessonFor } from './lessonLookup';
import { useSharing } from './sharingStore';
import { applyPanels } from './snapshot';

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
        // Like every other rejection, it keeps what the user had (unless the page started with it).
        useSharing.setState({
          problem: {
            title: loaded
              ? 'The shared lesson could not be opened'
              : 'The shared lesson could not be opened; your scenario is unchanged',
            messages: [lesson],
          },
        });
        if (!loaded) return;
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
