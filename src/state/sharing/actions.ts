// What the sharing and teaching buttons do, fetched on first use (./actionsOnDemand loads it): Share
// builds a link for exactly what is on screen, a link or a file is opened and shown as it was shared,
// Export scenario saves it as a file, the gallery loads a preset, a lesson starts, and a lesson the
// user wrote is checked and kept in the scenario.
import { LIMITS } from '../../scenario/schema';
import type { CustomLesson, Scenario } from '../../scenario/types';
import { saveText } from '../download';
import { labNow } from '../labDriver';
import { openLesson } from '../lessonRunner';
import { withoutView } from '../lessonState';
import { runScenario, useLab } from '../store';
import { asApplying, dropHash, markHashCurrent } from './address';
import { lessonFor } from './lessonLookup';
import { showScenario, supersedeRestore } from './restore';
import * as io from './scenarioIo';
import { useSharing } from './sharingStore';
import { snapshot } from './snapshot';

export { showScenario, stopRestoring } from './restore';

/** Most changes a link or file carries in its run log. */
const MAX_LOG = LIMITS.log[1];

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

// ---- Links ---------------------------------------------------------------------------------------

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

// ---- Files ---------------------------------------------------------------------------------------

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
  supersedeRestore();
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
