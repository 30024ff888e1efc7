// What the sharing and teaching UI shows: the Scenario link a Share produced, the problem alert for a
// link or file that could not be opened, the notices about saved work (stored text that could not be
// opened, a full storage, a link that replaced the scenario), progress bringing a shared moment back,
// the open dialog, the last export or import's status and presenter mode. Loads with the page.
import { create } from 'zustand';
import type { Scenario } from '../../scenario/types';

/** Said when code fetched on demand does not arrive (offline before the first full visit). */
export const NOT_LOADED =
  'This part of VIP Lab could not be loaded. Check the connection and reload the page; once a visit has completed, VIP Lab also works offline.';

export interface Problem {
  /** What went wrong, in one line ("This link could not be opened"). */
  title: string;
  messages: string[];
}

export type Dialog = 'scenarios' | 'lessons' | 'editor' | null;

/** Text saved in this browser that could not be opened; it stays stored until the user chooses. */
export interface SavedProblem {
  /** Why, in one sentence ("…was made by a newer VIP Lab (version 3) and could not be opened."). */
  title: string;
  /** The details (the validation's first messages, or what is wrong with the text). */
  details: string[];
  /** The stored text, exactly as it is, for the download. */
  text: string;
}

/** A link (or a `?preset=`/`?lesson=` parameter) replaced the scenario the user had. */
export interface LinkOpened {
  /** What was opened, in words ("the shared link", "the built-in scenario \"Drainstop\""). */
  what: string;
  /** The scenario the user had (with its view and moment), or null when there was none of theirs. */
  previous: Scenario | null;
}

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
  /** Stored text that could not be opened (held untouched), or null. */
  savedProblem: SavedProblem | null;
  /** The storage is full and changes are not being saved (told once). */
  storageFull: boolean;
  /** The notice that a link replaced the scenario, with the way back; or null. */
  linkOpened: LinkOpened | null;
  /** Problems with the page's query parameters (`?speed=fast`), shown as an alert. */
  paramProblems: string[];
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
  savedProblem: null,
  storageFull: false,
  linkOpened: null,
  paramProblems: [],
}));

export function openDialog(dialog: Dialog): void {
  useSharing.setState({ dialog });
}

export function dismissProblem(): void {
  useSharing.setState({ problem: null });
}

export function dismissStorageFull(): void {
  useSharing.setState({ storageFull: false });
}

export function dismissLinkOpened(): void {
  useSharing.setState({ linkOpened: null });
}

export function dismissParamProblems(): void {
  useSharing.setState({ paramProblems: [] });
}

export function closeSharePanel(): void {
  useSharing.setState({ link: null, copyStatus: '', shareNotes: [] });
}

export function setPresenter(on: boolean): void {
  useSharing.setState({ presenter: on });
}
