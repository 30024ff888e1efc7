// Sharing and teaching, the part that loads with the page: what the sharing UI shows (the link,
// the problem alert, the open dialog, presenter mode), choosing the scenario to start with, and
// remembering the scenario across reloads. The work itself (the link codec, files, validation,
// presets, lessons) is in ./sharingActions, fetched the first time it is needed.
import { create } from 'zustand';
import type { PanelId, Scenario, ViewSettings } from '../scenario/types';
import { useExplain, type ExplainPanel } from './explainStore';
import { useLesson, withoutView } from './lessonState';
import { readSavedScenario, scheduleSave, warnInvalidSaved } from './persistence';
import { runScenario, useLab } from './store';

type Actions = typeof import('./sharingActions');

/** Said when code fetched on demand does not arrive (offline before the first full visit). */
export const NOT_LOADED =
  'This part of VIP Lab could not be loaded. Check the connection and reload the page; once a visit has completed, VIP Lab also works offline.';

function actions(): Promise<Actions> {
  return import('./sharingActions').catch((error: unknown) => {
    useSharing.setState({ problem: { title: 'Something could not be loaded', messages: [NOT_LOADED] } });
    throw error;
  });
}

/** `?embed=1`: the page sits in someone else's page (an iframe) and shows only the lab itself. */
export function isEmbed(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('embed') === '1';
}

/** True when the address holds a scenario link (`#s=…`). */
export function hashHasScenario(hash: string = location.hash): boolean {
  return /^#(?:.*&)?s=/.test(hash);
}

export interface Problem {
  /** What went wrong, in one line ("This link could not be opened"). */
  title: string;
  messages: string[];
}

export type Dialog = 'scenarios' | 'lessons' | 'editor' | null;

interface SharingState {
  /** The link the Share panel shows (null: the panel is closed). */
  link: string | null;
  /** "Link copied", or "Select and copy the link" when the clipboard is refused. */
  copyStatus: string;
  /** What the link leaves out, said before anyone relies on it. */
  shareNotes: string[];
  /** A problem with a link or a file, shown as an alert; what the user had is kept. */
  problem: Problem | null;
  /** Bringing a shared moment back (running to its time cursor): what is happening, in words. */
  restoring: string;
  /** The open dialog. */
  dialog: Dialog;
  /** Polite status of the last export or import ("Saved kb-case.json"). */
  status: string;
  presenter: boolean;
}

export const useSharing = create<SharingState>()(() => ({
  link: null,
  copyStatus: '',
  shareNotes: [],
  problem: null,
  restoring: '',
  dialog: null,
  status: '',
  presenter: false,
}));

export function openDialog(dialog: Dialog): void {
  useSharing.setState({ dialog });
}

export function dismissProblem(): void {
  useSharing.setState({ problem: null });
}

export function closeSharePanel(): void {
  useSharing.setState({ link: null, copyStatus: '', shareNotes: [] });
}

export function setPresenter(on: boolean): void {
  useSharing.setState({ presenter: on });
}

// ---- What the page shows, as a scenario ------------------------------------------------------

export const EXPLAIN_PANELS: readonly ExplainPanel[] = ['inspector', 'buckets', 'charts'];

function openPanels(lessonOpen: boolean): PanelId[] {
  const panels = useExplain.getState().panels;
  const open: PanelId[] = ['topology', 'outcome', 'log'];
  for (const p of EXPLAIN_PANELS) if (panels[p]) open.push(p);
  if (lessonOpen) open.push('lesson');
  return open;
}

/** Simulated time on screen, ms. */
export function timeOnScreen(): number {
  return useLab.getState().stats?.now ?? 0;
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
  return { ...scenario, view };
}

// ---- The address bar -------------------------------------------------------------------------

/** The scenario on screen came from the address's link and still matches it. */
let hashIsCurrent = false;
/** While a link, file or preset is being brought in, its changes are not the user's edits. */
let applying = 0;

export function markHashCurrent(current: boolean): void {
  hashIsCurrent = current;
}

/** Runs `work` as the page bringing a scenario in (not the user editing one). */
export async function asApplying<T>(work: () => Promise<T>): Promise<T> {
  applying++;
  try {
    return await work();
  } finally {
    applying--;
  }
}

/** Once the user changes what a link showed, the link in the address bar no longer says it. */
export function dropHash(): void {
  if (!hashIsCurrent) return;
  hashIsCurrent = false;
  if (hashHasScenario()) history.replaceState(history.state, '', location.pathname + location.search);
}

// ---- Startup -----------------------------------------------------------------------------------

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
    if (result.ok) {
      scenario = result.scenario;
      hashIsCurrent = true;
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
      const { parseScenario } = await import('../scenario/validate');
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
  if (view?.panels) {
    for (const p of EXPLAIN_PANELS) useExplain.getState().setPanel(p, view.panels.includes(p));
  }
  if (!isEmbed()) startAutosave();
  if (scenario && view && (view.lesson || (view.timeMs ?? 0) > 0)) {
    await whenLabReady();
    await run((a) => a.showScenario(scenario, true), undefined);
  }
}

function startAutosave(): void {
  const save = () => scheduleSave(() => snapshot());
  useLab.subscribe((s, prev) => {
    // The run's definition (its start and log of changes), not the moment on screen.
    if (s.runStart !== prev.runStart || s.runLog !== prev.runLog) {
      if (!applying) dropHash();
      save();
    } else if (s.speed !== prev.speed) save();
  });
  useLesson.subscribe((s, prev) => {
    if (s.lesson !== prev.lesson || s.step !== prev.step) {
      if (!applying) dropHash();
      save();
    }
  });
  useExplain.subscribe((s, prev) => {
    if (s.panels !== prev.panels) save();
  });
}

// ---- What the buttons do (fetched on first use) ------------------------------------------------

/** Runs a button's action; a failure to load it has already been shown as a problem. */
async function run<T>(work: (a: Actions) => Promise<T> | T, otherwise: T): Promise<T> {
  let loaded: Actions;
  try {
    loaded = await actions();
  } catch {
    return otherwise;
  }
  return work(loaded);
}

export function share(): Promise<void> {
  return run((a) => a.share(), undefined);
}

export function openLink(urlOrHash: string): Promise<boolean> {
  return run((a) => a.openLink(urlOrHash), false);
}

export function exportScenario(): Promise<void> {
  return run((a) => a.exportScenario(), undefined);
}

export function importScenarioFile(file: File): Promise<void> {
  return run((a) => a.importScenarioFile(file), undefined);
}

export function loadPreset(id: string): Promise<void> {
  return run((a) => a.loadPreset(id), undefined);
}

export function startLesson(id: string): Promise<void> {
  return run((a) => a.startLesson(id), undefined);
}

export function stopRestoring(): Promise<void> {
  return run((a) => a.stopRestoring(), undefined);
}

export function loadIo(): Promise<typeof import('./scenarioIo')> {
  return import('./scenarioIo');
}
