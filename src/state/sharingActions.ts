// What the sharing and teaching buttons do, fetched on first use (sharing.ts loads with the page):
// Share builds a link for exactly what is on screen, a link or a file is opened and shown as it
// was shared (lesson step, panels, speed, time cursor), the gallery loads a preset, a lesson
// starts, and a lesson the user wrote is checked and kept in the scenario.
import { LIMITS } from '../scenario/schema';
import type { CustomLesson, Scenario, ViewSettings } from '../scenario/types';
import { saveText } from './download';
import { useExplain } from './explainStore';
import { LabDriver, cancelWaits, labNow, Superseded } from './labDriver';
import { closeLesson, openLesson } from './lessonRunner';
import { CUSTOM_LESSON_ID, withoutView, type OpenLesson } from './lessonState';
import * as io from './scenarioIo';
import { asApplying, dropHash, EXPLAIN_PANELS, markHashCurrent, snapshot, useSharing } from './sharing';
import { runScenario, useLab } from './store';

/** Most changes a link or file carries in its run log. */
const MAX_LOG = LIMITS.log[1];

// ---- Bringing a scenario in ------------------------------------------------------------------

/**
 * The run as a scenario (its start and its log of changes) with what a link needs to show this very
 * moment, and what it cannot carry. During a lesson the lesson's steps rebuild the lab instead.
 */
function snapshotForLink(): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  let scenario = runScenario();
  const log = scenario.log ?? [];
  if (log.length > MAX_LOG) {
    notes.push(
      `Only the first ${MAX_LOG} of the run's ${log.length} changes fit in a link; the link's run ends with change ${MAX_LOG}. Export the scenario to keep them all.`,
    );
    scenario = { ...scenario, log: log.slice(0, MAX_LOG) };
  }
  return { scenario: snapshot(scenario, labNow()), notes };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Opens the panels a scenario's view settings name (inspector, bucket map, charts). */
function applyPanels(view: ViewSettings | undefined): void {
  if (!view?.panels) return;
  const explain = useExplain.getState();
  for (const p of EXPLAIN_PANELS) explain.setPanel(p, view.panels.includes(p));
}

async function lessonFor(scenario: Scenario, id: string): Promise<OpenLesson | string> {
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
            restoring: `Running the shared scenario to ${seconds(timeMs)}: ${seconds(Math.min(now, timeMs))}`,
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
  restoreGeneration++;
  cancelWaits();
  useLab.getState().pause();
  useSharing.setState({ restoring: '' });
}

/** Opens the link in a URL or hash. A bad link shows why, and the scenario on screen stays. */
export async function openLink(urlOrHash: string): Promise<boolean> {
  const result = io.decodeScenarioFromLink(urlOrHash);
  if (!result.ok) {
    useSharing.setState({
      problem: {
        title: 'This link could not be opened; your scenario is unchanged',
        messages: result.errors,
      },
    });
    return false;
  }
  useSharing.setState({ problem: null, link: null });
  markHashCurrent(true);
  await showScenario(result.scenario);
  return true;
}

// ---- Share, export, import ---------------------------------------------------------------------

const CLIPBOARD_WAIT_MS = 1500;

/** Builds the link for what is on screen, puts it in the address bar and on the clipboard. */
export async function share(): Promise<void> {
  const { scenario, notes } = snapshotForLink();
  const link = io.encodeScenarioToLink(scenario, location.href);
  // A scenario with pages of lesson text can outgrow a link: decoding it says so.
  const check = io.decodeScenarioFromLink(link);
  if (!check.ok) {
    useSharing.setState({
      link: null,
      problem: {
        title: 'This scenario does not fit in a link; use Export scenario instead',
        messages: check.errors,
      },
    });
    return;
  }
  history.replaceState(history.state, '', link);
  markHashCurrent(true);
  useSharing.setState({ link, copyStatus: '', shareNotes: notes, problem: null });
  let copied = false;
  try {
    if (navigator.clipboard?.writeText) {
      await Promise.race([
        navigator.clipboard.writeText(link).then(() => {
          copied = true;
        }),
        new Promise((resolve) => setTimeout(resolve, CLIPBOARD_WAIT_MS)),
      ]);
    }
  } catch {
    copied = false;
  }
  if (useSharing.getState().link === link) {
    useSharing.setState({ copyStatus: copied ? 'Link copied' : 'Select and copy the link' });
  }
}

export function exportScenario(): void {
  const { scenario, notes } = snapshotForLink();
  const fileName = io.scenarioFileName(scenario);
  saveText(io.scenarioToJson(scenario), fileName, 'application/json');
  useSharing.setState({ status: [`Saved ${fileName}.`, ...notes].join(' ') });
}

/** Reads a chosen file; a bad one shows why in an alert, and the scenario on screen stays. */
export async function importScenarioFile(file: File): Promise<void> {
  const fail = (messages: string[]) =>
    useSharing.setState({
      problem: { title: `"${file.name}" could not be imported; your scenario is unchanged`, messages },
    });
  // A character is at most 4 bytes of UTF-8: a larger file cannot be within the length limit.
  if (file.size > io.MAX_JSON_CHARS * 4) {
    fail([`This file is too large for a VIP Lab scenario (${Math.ceil(file.size / 1024)} KB).`]);
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    fail(['This file could not be read.']);
    return;
  }
  const result = io.scenarioFromJson(text);
  if (!result.ok) {
    fail(result.errors);
    return;
  }
  useSharing.setState({ problem: null, status: `Imported ${file.name}.` });
  dropHash();
  await showScenario(result.scenario);
}

// ---- Gallery and lessons -----------------------------------------------------------------------

export async function loadPreset(id: string): Promise<void> {
  const scenario = io.presetScenario(id);
  if (!scenario) return;
  useSharing.setState({ dialog: null, problem: null });
  dropHash();
  await showScenario(scenario);
}

export async function startLesson(id: string): Promise<void> {
  const lesson = await lessonFor(useLab.getState().scenario, id);
  useSharing.setState({ dialog: null });
  if (typeof lesson === 'string') {
    useSharing.setState({ problem: { title: 'The lesson could not be opened', messages: [lesson] } });
    return;
  }
  restoreGeneration++;
  dropHash();
  await asApplying(() => openLesson(lesson, 0));
}

/**
 * Puts a lesson the user wrote into the current scenario (so it travels in links and files), after
 * checking it against the scenario. Returns the problems; nothing changes unless there are none.
 */
export function saveCustomLesson(lesson: CustomLesson | null): string[] {
  const next: Scenario = { ...withoutView(useLab.getState().scenario) };
  if (lesson) next.lesson = lesson;
  else delete next.lesson;
  const result = io.parseScenario(next);
  if (!result.ok) return result.errors;
  // The engine does not read the lesson: the run goes on; only the scenario's text changes.
  useLab.getState().change([{ type: 'setting', path: ['lesson'], value: result.scenario.lesson }]);
  return [];
}
