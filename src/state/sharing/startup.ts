// Starting the page: which scenario it opens with (a `?lesson=`, the address's link or `?preset=`,
// else the one saved in this browser, else the default), the page's other parameters (speed,
// presenter mode), then how that scenario was shown (panels, lesson, time cursor), the tab's title,
// following a link pasted into the address, and saving the scenario as it changes.
import type { Scenario } from '../../scenario/types';
import { useExplain } from '../explainStore';
import { useLesson, withoutView } from '../lessonState';
import { useSplit } from '../split/splitStore';
import { useLab } from '../store';
import { openLink, showScenario, startLesson } from './actionsOnDemand';
import { hashHasScenario, isEmbed, markHashCurrent, runChanged } from './address';
import { readPageParams, type PageParams } from './pageParams';
import { readSaved, scheduleSave, warnInvalidSaved } from './persistence';
import { holdSavedProblem, reportStorageFull } from './savedWork';
import { setPresenter, useSharing } from './sharingStore';
import { applyPanels, snapshot } from './snapshot';

/** The scenario the page started with (its view settings are restored after the first render). */
let startScenario: Scenario | undefined;
/** What the address asked for; the lesson and the speed are applied after the first render. */
let startParams: PageParams = { problems: [] };
/** The valid lesson `?lesson=` names, opened once the lab is ready. */
let startLessonId: string | undefined;

/** The scenario saved in this browser, if it opens; a problem with it is shown and its text held. */
async function savedStart(): Promise<Scenario | undefined> {
  const read = readSaved();
  if (read.kind === 'none') return undefined;
  if (read.kind === 'data') {
    const { parseScenario } = await import('../../scenario/validate');
    const result = parseScenario(read.data);
    if (result.ok) return result.scenario;
    warnInvalidSaved(result.errors);
    holdSavedProblem((await import('./savedProblem')).savedProblemFor(read, result.errors)!);
    return undefined;
  }
  holdSavedProblem((await import('./savedProblem')).savedProblemFor(read)!);
  return undefined;
}

/** The address's `#s=` link as a scenario, or undefined (a bad link shows why). */
async function linkStart(): Promise<Scenario | undefined> {
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
    return undefined;
  }
  if (result.ok) return result.scenario;
  useSharing.setState({
    problem: {
      title: 'This link could not be opened; your last scenario is shown instead',
      messages: result.errors,
    },
  });
  return undefined;
}

type Chosen = { scenario: Scenario; what: string };

/**
 * What `?lesson=` and `?preset=` choose: a lesson wins over a link and a preset, a link over a
 * preset. Each name that cannot be used, or is overruled, adds a sentence to `problems`.
 */
async function chooseFromParams(
  params: PageParams,
  saved: Scenario | undefined,
  problems: string[],
): Promise<Chosen | undefined> {
  if (params.lesson === undefined && params.preset === undefined) return undefined;
  const io = await import('./scenarioIo');
  const lesson = params.lesson !== undefined ? io.findLesson(params.lesson) : undefined;
  if (params.lesson !== undefined && !lesson) {
    problems.push(
      `?lesson="${params.lesson}" is not a lesson this VIP Lab has. Its lessons are: ${io.LESSONS.map((l) => l.id).join(', ')}.`,
    );
  }
  if (lesson) {
    startLessonId = lesson.id;
    if (hashHasScenario())
      problems.push(
        `The link in the address was not opened: ?lesson=${lesson.id} starts the lesson instead.`,
      );
    if (params.preset !== undefined)
      problems.push(`?preset=${params.preset} was not used: ?lesson=${lesson.id} starts the lesson instead.`);
    if (saved) useSharing.setState({ linkOpened: { what: `the lesson "${lesson.title}"`, previous: saved } });
    return undefined;
  }
  if (params.preset === undefined) return undefined;
  const preset = io.PRESETS.find((p) => p.id === params.preset);
  if (!preset) {
    problems.push(
      `?preset="${params.preset}" is not a built-in scenario this VIP Lab has. Its built-in scenarios are: ${io.PRESETS.map((p) => p.id).join(', ')}.`,
    );
    return undefined;
  }
  if (hashHasScenario()) {
    problems.push(`?preset=${preset.id} was not used: the link in the address says which scenario to open.`);
    return undefined;
  }
  return { scenario: io.presetScenario(preset.id)!, what: `the built-in scenario "${preset.title}"` };
}

/**
 * Picks the scenario the page starts with, before the first render: `?lesson=` (opened after the
 * render), else the address's link, else `?preset=`, else the one saved in this browser, else the
 * default. A bad parameter is named in an alert and the others still apply. Loads the link code
 * only when the address asks for something.
 */
export async function prepareStart(): Promise<void> {
  const params = readPageParams(location.href);
  startParams = params;
  const problems = [...params.problems];
  // An embedded copy neither reads nor writes the scenario the full page saved.
  const saved = isEmbed() ? undefined : await savedStart();
  let chosen = await chooseFromParams(params, saved, problems);
  if (!startLessonId && !chosen && hashHasScenario()) {
    const linked = await linkStart();
    if (linked) chosen = { scenario: linked, what: 'the shared link' };
  }
  let scenario = saved;
  if (chosen) {
    scenario = chosen.scenario;
    markHashCurrent(true);
    // The scenario the user had stays one button away (autosave replaces it in storage); a reload
    // of the same link (nothing changed since) needs no notice, and an embedded page has no
    // scenario of the user's to go back to.
    const same = saved && JSON.stringify(withoutView(saved)) === JSON.stringify(withoutView(chosen.scenario));
    if (!same && !isEmbed())
      useSharing.setState({ linkOpened: { what: chosen.what, previous: saved ?? null } });
  }
  if (problems.length > 0) useSharing.setState({ paramProblems: problems });
  if (params.presenter !== undefined && !isEmbed()) setPresenter(params.presenter);
  startScenario = scenario;
  if (scenario) {
    // The run the worker starts with (connect loads it): the start and its log of changes.
    const { log = [], ...start } = withoutView(scenario);
    useLab.setState({ scenario: start, runStart: start, runLog: log });
    const speed = scenario.view?.speed;
    if (speed !== undefined) useLab.getState().setSpeed(speed);
  }
  if (params.speed !== undefined) useLab.getState().setSpeed(params.speed);
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
  if (!isEmbed()) {
    reportStorageFull();
    startAutosave();
  }
  if (startLessonId !== undefined) {
    await whenLabReady();
    markHashCurrent(true);
    await startLesson(startLessonId);
  } else if (scenario && view && (view.lesson || (view.timeMs ?? 0) > 0)) {
    await whenLabReady();
    await showScenario(scenario, true);
  }
  // Split view, if the scenario was shared or saved with it (Lab 2 then follows Lab 1 to its moment).
  if (scenario && view?.split && !isEmbed()) {
    await whenLabReady();
    const { applySplitView } = await import('../split/splitLink');
    await applySplitView(scenario, 'of this scenario', false);
  }
  // The address's speed wins over the one the scenario was shared with.
  if (startParams.speed !== undefined) useLab.getState().setSpeed(startParams.speed);
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
  useSplit.subscribe((s, prev) => {
    // Split view and Lab 2's settings are part of what is on screen: a link no longer says them.
    if (s.on !== prev.on || s.overrides !== prev.overrides) {
      runChanged();
      save();
    }
  });
}
