// What is on screen as a scenario (the run, its speed, the open panels, the open lesson and step,
// the time cursor, split view's Lab 2), for Share, Export and the saved copy; and opening the panels a scenario names.
import type { PanelId, Scenario, ViewSettings } from '../../scenario/types';
import { useExplain, type ExplainPanel } from '../explainStore';
import { useLesson, withoutView } from '../lessonState';
import { splitViewSettings } from '../split/splitStore';
import { runScenario, useLab } from '../store';

const EXPLAIN_PANELS: readonly ExplainPanel[] = ['inspector', 'buckets', 'charts'];

function openPanels(lessonOpen: boolean): PanelId[] {
  const panels = useExplain.getState().panels;
  const open: PanelId[] = ['topology', 'outcome', 'log'];
  for (const p of EXPLAIN_PANELS) if (panels[p]) open.push(p);
  if (lessonOpen) open.push('lesson');
  return open;
}

/**
 * The whole current scenario with its view settings (speed, open panels, the open lesson and its
 * step; with `timeMs`, the time cursor). During a lesson it is the lesson's starting scenario: the
 * lesson's steps rebuild the rest.
 */
export function snapshot(lab: Scenario = runScenario(), timeMs?: number): Scenario {
  const { lesson, step } = useLesson.getState();
  const scenario = withoutView(lesson ? lesson.start : lab);
  const view: ViewSettings = { speed: useLab.getState().speed, panels: openPanels(lesson !== null) };
  if (timeMs !== undefined) view.timeMs = timeMs;
  if (lesson) view.lesson = { id: lesson.id, step };
  // Split view: Lab 2's own settings (Lab 1 is the scenario itself).
  const split = splitViewSettings();
  if (split) view.split = split;
  return { ...scenario, view };
}

/** Opens the panels a scenario's view settings name (inspector, bucket map, charts), closes the rest. */
export function applyPanels(view: ViewSettings | undefined): void {
  if (!view?.panels) return;
  const explain = useExplain.getState();
  for (const p of EXPLAIN_PANELS) explain.setPanel(p, view.panels.includes(p));
}
