// What the sharing and teaching buttons do, fetched on first use (./actionsOnDemand loads it): Share
// builds a link for exactly what is on screen, a link or a file is opened and shown as it was shared
// (what it replaced stays one button away), Export scenario saves it as a file, the gallery loads a
// preset, a lesson starts, and a lesson the user wrote is checked and kept in the scenario.
import { LIMITS } from '../../scenario/schema';
import type { CustomLesson, Scenario } from '../../scenario/types';
import { saveText } from '../download';
import { labNow } from '../labDriver';
import { applySplitView } from '../split/splitLink';
import { openLesson } from '../lessonRunner';
import { withoutView } from '../lessonState';
import { runScenario, useLab } from '../store';
import { addressForLink, asApplying, dropHash, markHashCurrent } from './address';
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
  // What the user had, at the moment on screen: Undo, or the notice's button, brings it back.
  const previous = snapshot(runScenario(), labNow());
  useSharing.setState({ problem: null, link: null, linkOpened: { what: 'the shared link', previous } });
  markHashCurrent(true);
  await showScenario(result.scenario);
  // Split view as the link was shared: on with its Lab 2, or off.
  await applySplitView(result.scenario, 'in this link', true);
  return true;
}

/** The notice's "Restore the scenario you had": shows what the user had before a link replaced it. */
export async function restorePrevious(): Promise<void> {
  const previous = useSharing.getState().linkOpened?.previous;
  if (!previous) return;
  useSharing.setState({ linkOpened: null, problem: null, status: 'Restored the scenario you had.' });
  // The address no longer shows what the link (or ?preset=, ?lesson=) opened.
  markHashCurrent(true);
  dropHash();
  await showScenario(previous);
  await applySplitView(previous, 'you had', true);
}

const CLIPBOARD_WAIT_MS = 1500;

/** Builds the link for what is on screen, puts it in the address bar and on the clipboard. */
export async function share(): Promise<void> {
  const { scenario, notes } = snapshotForLink();
  // Without ?preset=, ?speed=, …: the link carries the scenario and its speed itself.
  const link = io.encodeScenarioToLink(scenario, addressForLink());
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
  if (file.size > io.MAX_FILE_BYTES) {
    fail([io.fileTooLargeMessage(file.size)]);
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    fail(['This file could not be read.']);
    return;
  }
  // Not UTF-8 (UTF-16 without a byte-order mark, Latin-1, binary): say which, never import garbled text.
  const decoded = io.decodeFileText(bytes);
  if (!decoded.ok) {
    fail([decoded.error]);
    return;
  }
  const result = io.scenarioFromJson(decoded.text);
  if (!result.ok) {
    fail(result.errors);
    return;
  }
  useSharing.setState({ problem: null, linkOpened: null, status: `Imported ${file.name}.` });
  dropHash();
  await showScenario(result.scenario);
  await applySplitView(result.scenario, `in "${file.name}"`, true);
}

// ---- Gallery and lessons -----------------------------------------------------------------------

export async function loadPreset(id: string): Promise<void> {
  const scenario = io.presetScenario(id);
  if (!scenario) return;
  useSharing.setState({ dialog: null, problem: null, linkOpened: null });
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
