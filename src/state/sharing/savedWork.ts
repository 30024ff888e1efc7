// Saved work the page could not open (savedProblem.ts says why): keeps the stored text untouched
// until the user downloads or discards it; and tells once when the storage is full, so changes are
// not being saved. Loads with the page.
import { saveText } from '../download';
import { holdStoredText, releaseStoredText, saveScenario, whenStorageFull } from './persistence';
import { useSharing, type SavedProblem } from './sharingStore';
import { snapshot } from './snapshot';

/** Shows the problem and keeps the stored text as it is until the user chooses. */
export function holdSavedProblem(problem: SavedProblem): void {
  holdStoredText();
  useSharing.setState({ savedProblem: problem });
}

/** The stored text, exactly as it is, as a file (`.json` when it is JSON). */
export function downloadSavedText(): void {
  const problem = useSharing.getState().savedProblem;
  if (!problem) return;
  let json = true;
  try {
    JSON.parse(problem.text);
  } catch {
    json = false;
  }
  const fileName = json ? 'vip-lab-saved-scenario.json' : 'vip-lab-saved-scenario.txt';
  saveText(problem.text, fileName, json ? 'application/json' : 'text/plain');
  useSharing.setState({ status: `Saved the stored text as ${fileName}.` });
}

/** The user lets it go: the scenario on screen is saved over it, and saving goes on as usual. */
export function discardSavedText(): void {
  if (!useSharing.getState().savedProblem) return;
  releaseStoredText();
  const saved = saveScenario(snapshot());
  useSharing.setState({
    savedProblem: null,
    status: saved
      ? 'Discarded the stored text; the scenario on screen is saved in this browser from now on.'
      : 'Discarded the stored text.',
  });
}

/** Reports a full storage (once) in the notices. */
export function reportStorageFull(): void {
  whenStorageFull(() => useSharing.setState({ storageFull: true }));
}
