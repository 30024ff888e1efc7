// The lesson player's state, small enough to load with the page: which lesson is open, its step,
// the learner's answers and what the lab is doing. The carrying out of steps (lessonRunner.ts) is
// fetched when a lesson first opens.
import { create } from 'zustand';
import type { LessonStep, Scenario } from '../scenario/types';

/** The id a scenario's own lesson has in view settings (`view.lesson.id`). */
export const CUSTOM_LESSON_ID = 'custom';

export interface OpenLesson {
  /** A built-in lesson's id, or `custom` for the scenario's own lesson. */
  id: string;
  title: string;
  steps: LessonStep[];
  /** The scenario the lesson starts from: its preset, or the scenario that carries it. */
  start: Scenario;
}

/**
 * - `working`: the lab is carrying out the step's actions.
 * - `question`: waiting for the learner's prediction (the step's actions run after it).
 * - `ready`: the step is done; Next goes on.
 * - `failed`: an action could not be carried out (`error` says why).
 */
export type LessonPhase = 'working' | 'question' | 'ready' | 'failed';

export interface LessonState {
  lesson: OpenLesson | null;
  /** 0-based. */
  step: number;
  phase: LessonPhase;
  /** The choice checked at each step (by step index), kept while the lesson is open. */
  answers: Record<number, number>;
  /** What the lab is doing right now, in words ("Playing 15.0 s of simulated time: 4.2 s"). */
  progress: string;
  /** Things a step asked for that the page could not show, said plainly. */
  notes: string[];
  error: string | null;
}

export const useLesson = create<LessonState>()(() => ({
  lesson: null,
  step: 0,
  phase: 'ready',
  answers: {},
  progress: '',
  notes: [],
  error: null,
}));

/** A scenario ready to load: view settings are applied by the page, not kept in the lab. */
export function withoutView(scenario: Scenario): Scenario {
  if (scenario.view === undefined) return scenario;
  const copy = { ...scenario };
  delete copy.view;
  return copy;
}
