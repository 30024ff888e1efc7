// Durations in words: the moment long work stopped at, and the time it still needs.
import { describe, expect, it } from 'vitest';
import { momentWords, remainingWords } from './durationWords';

describe('momentWords', () => {
  it('says a simulated moment in the units that read best', () => {
    expect(momentWords(0)).toBe('0 s');
    expect(momentWords(18.5)).toBe('18.5 ms');
    expect(momentWords(12_400)).toBe('12.4 s');
    expect(momentWords(133_000)).toBe('2 min 13 s');
    expect(momentWords(133_999)).toBe('2 min 13 s');
    expect(momentWords(12_000_000)).toBe('3 h 20 min');
    expect(momentWords(86_400_000)).toBe('1 d 0 h');
    expect(momentWords(93_600_000)).toBe('1 d 2 h');
  });
});

describe('remainingWords', () => {
  it('rounds an estimate of wall time', () => {
    expect(remainingWords(400)).toBe('less than a second');
    expect(remainingWords(40_400)).toBe('about 40 s');
    expect(remainingWords(60_000)).toBe('about 1 minute');
    expect(remainingWords(150_000)).toBe('about 3 minutes');
    expect(remainingWords(5 * 3_600_000 + 60_000)).toBe('about 5 hours');
    expect(remainingWords(3 * 86_400_000)).toBe('about 3 days');
  });
});
