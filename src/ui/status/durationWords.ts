// Durations in words for the progress of long work: a simulated moment reached (`2 min 13 s`,
// `3 h 20 min`, `1 d 0 h`) and the wall time still needed (`about 40 s`, `about 5 hours`). Pure.
import { formatTime } from '../../scenario/simTime';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A simulated moment (ms) in words, as exact as it reads well: under a minute as the timeline says
 * it (`18.5 ms`, `12.4 s`), then in two units (`2 min 13 s`, `3 h 20 min`, `1 d 0 h`).
 */
export function momentWords(ms: number): string {
  const t = Math.max(0, ms);
  if (t < MINUTE) return formatTime(t);
  if (t < HOUR) return `${Math.floor(t / MINUTE)} min ${Math.floor((t % MINUTE) / SECOND)} s`;
  if (t < DAY) return `${Math.floor(t / HOUR)} h ${Math.floor((t % HOUR) / MINUTE)} min`;
  return `${Math.floor(t / DAY)} d ${Math.floor((t % DAY) / HOUR)} h`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Wall time still needed (ms), rounded as an estimate should be: `about 40 s`, `about 5 hours`. */
export function remainingWords(ms: number): string {
  if (ms < SECOND) return 'less than a second';
  if (ms < MINUTE) return `about ${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) return `about ${plural(Math.round(ms / MINUTE), 'minute')}`;
  if (ms < DAY) return `about ${plural(Math.round(ms / HOUR), 'hour')}`;
  return `about ${plural(Math.round(ms / DAY), 'day')}`;
}
