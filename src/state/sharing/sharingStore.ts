// What the sharing and teaching UI shows: the Scenario link a Share produced, the problem alert for a
// link or file that could not be opened, progress bringing a shared moment back, the open dialog,
// the last export or import's status and presenter mode. Loads with the page.
import { create } from 'zustand';

/** Said when code fetched on demand does not arrive (offline before the first full visit). */
export const NOT_LOADED =
  'This part of VIP Lab could not be loaded. Check the connection and reload the page; once a visit has completed, VIP Lab also works offline.';

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
