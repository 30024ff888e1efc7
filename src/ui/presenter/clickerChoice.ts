// How a presentation clicker answers a lesson question: the presenter's keys send a command here and
// the open question (LessonPlayer.tsx), which owns the chosen answer, acts on it. Nothing is sent
// when no question listens.

/** `next` / `previous`: move the chosen answer along the choices; `check`: check the chosen one. */
export type ClickerCommand = 'next' | 'previous' | 'check';

/** Acts on the command; false when it means nothing here (back before any answer is chosen). */
type Listener = (command: ClickerCommand) => boolean;

const listeners = new Set<Listener>();

/** The open question listens while it waits for an answer; returns the unsubscribe. */
export function onClickerCommand(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a question is waiting for a clicker's answer. */
export function questionListening(): boolean {
  return listeners.size > 0;
}

/** Sends `command` to the open question; false when nothing acted on it. */
export function sendClickerCommand(command: ClickerCommand): boolean {
  let handled = false;
  for (const l of listeners) handled = l(command) || handled;
  return handled;
}

/** The choice after `current` (null: none chosen yet) among `count`, going round; `step` is +1 or -1. */
export function cycleChoice(current: number | null, count: number, step: 1 | -1): number | null {
  if (count <= 0) return null;
  if (current === null) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** A press of the forward key held at least this long (wall ms) checks the chosen answer. */
export const LONG_PRESS_WALL_MS = 600;
