// Starting the page: which scenario it opens with (the address's link, else the one saved in this
// browser, else the default), then how that scenario was shown (panels, lesson, time cursor), the
// tab's title, following a link pasted into the address, and saving the scenario as it changes.
import type { Scenario } from '../../scenario/types';
import { useExplain } from '../explainStore';
import { useLesson, withoutView } from '../lessonState';
import { useLab } from '../store';
import { openLink, showScenario } from './actionsOnDemand';
import { hashHasScenario, isEmbed, markHashCurrent, runChanged } from './address';
import { readSavedScenario, scheduleSave, warnInvalidSaved } from './persistence';
import { useSharing } from './sharingStore';
import { applyPanels, snapshot } from './snapshot';

/** The scenario the page started with (its view settings are restored after the first render). */
let startScenario: Scenario | undefined;

/**
 * Picks the scenario the page starts with, before the first render: the address's link, else the
 * one saved in this browser, else the default. Loads the link code only when a link is there.
 */
export async function prepareStart(): Promise<void> {
  let scenario: Scenario | undefined;
  if (hashHasScenario()) {
    const io = await import('./scenarioIo');
    const result = io.decodeScenarioFromLink(location.href);
    // A link that names a lesson this VIP Lab does not have is refused like any other bad link.
    const lessonId = result.ok ? result.scenario.view?.lesson?.id : undefined;
    const lesson =
      result.ok && lessonId
        ? await (await import('./lessonLookup')).lessonFor(result.scenario, lessonId)
        : null;
    if (typeof lesson === 'string') {
      useSharing.setState({
        problem: {
          title: 'The shared lesson could not be opened; your last scenario is shown instead',
          messages: [lesson],
        },
      });
    } else if (result.ok) {
      scenario = result.scenario;
      markHashCurrent(true);
    } else {
      useSharing.setState({
        problem: {
          title: 'This link could not be opened; your last scenario is shown instead',
          messages: result.errors,
        },
      });
    }
  }
  // An embedded copy neither reads nor writes the scenario the full page saved.
  if (!scenario && !isEmbed()) {
    const saved = readSavedScenario();
    if (saved !== undefined) {
      const { parseScenario } = await import('../../scenario/validate');
      const result = parseScenario(saved);
      if (result.ok) scenario = result.scenario;
      else warnInvalidSaved(result.errors);
    }
  }
  startScenario = scenario;
  if (scenario) {
    // The run the worker starts with (connect loads it): the start and its log of changes.
    const { log = [], ...start } = withoutView(scenario);
    useLab.setState({ scenario: start, runStart: start, runLog: log });
    const speed = scenario.view?.speed;
    if (speed !== undefined) useLab.getState().setSpeed(speed);
  }
}

/** Resolves once the worker has loaded its first scenario (the page has something to drive). */
export function whenLabReady(): Promise<void> {
  if (useLab.getState().topology !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useLab.subscribe((s) => {
      if (s.topology !== null) {
        stop();
        resolve();
      }
    });
  });
}

const PAGE_TITLE = typeof document === 'undefined' ? 'VIP Lab' : document.title;

/** The scenario's title in the browser tab (as text: document.title never parses markup). */
function showTitle(scenario: Scenario): void {
  document.title = scenario.title ? `${scenario.title} · VIP Lab` : PAGE_TITLE;
}

/** After the first render: restore how the start scenario was shown, then keep it saved. */
export async function finishStart(): Promise<void> {
  window.addEventListener('hashchange', () => {
    if (hashHasScenario()) void openLink(location.href);
  });
  showTitle(useLab.getState().scenario);
  useLab.subscribe((s, prev) => {
    if (s.scenario.title !== prev.scenario.title) showTitle(s.scenario);
  });
  const scenario = startScenario;
  const view = scenario?.view;
  applyPanels(view);
  if (!isEmbed()) startAutosave();
  if (scenario && view && (view.lesson || (view.timeMs ?? 0) > 0)) {
    await whenLabReady();
    await showScenario(scenario, true);
  }
}

/** Saves what is on screen whenever the run, the lesson, the speed or the open panels change. */
function startAutosave(): void {
  const save = () => scheduleSave(() => snapshot());
  useLab.subscribe((s, prev) => {
    // The run's definition (its start and log of changes), not the moment on screen.
    if (s.runStart !== prev.runStart || s.runLog !== prev.runLog) {
      runChanged();
      save();
    } else if (s.speed !== prev.speed) save();
  });
  useLesson.subscribe((s, prev) => {
    if (s.lesson !== prev.lesson || s.step !== prev.step) {
      runChanged();
      save();
    }
  });
  useExplain.subscribe((s, prev) => {
    if (s.panels !== prev.panels) save();
  });
}
