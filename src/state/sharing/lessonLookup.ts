// Finds the lesson a shared scenario names (a built-in one, or the scenario's own), or says why it
// cannot: used before a link replaces anything, at startup and when a link or file is opened.
import { CUSTOM_LESSON_ID, withoutView, type OpenLesson } from '../lessonState';
import type { Scenario } from '../../scenario/types';
import * as io from './scenarioIo';

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
