// Simulated time in words: the timeline's and sentences' form, an event's timestamp, a chart's ticks.
import { describe, expect, it } from 'vitest';
import { formatAxisTime, formatTime, formatTimestamp } from './simTime';

describe('formatTime', () => {
  it('says times the way the timeline slider does', () => {
    expect(formatTime(0)).toBe('0 s');
    expect(formatTime(-3)).toBe('0 s');
    expect(formatTime(18.46)).toBe('18.5 ms');
    expect(formatTime(12_400)).toBe('12.4 s');
    expect(formatTime(1500)).toBe('1.5 s');
  });
});

describe('formatTimestamp', () => {
  it('keeps events microseconds apart apart', () => {
    expect(formatTimestamp(0.42)).toBe('0.42 ms');
    expect(formatTimestamp(12.34)).toBe('12.3 ms');
    expect(formatTimestamp(4567.2)).toBe('4.567 s');
  });
});

describe('formatAxisTime', () => {
  it('speaks milliseconds for short runs and seconds for long ones', () => {
    expect(formatAxisTime(0, 500)).toBe('0');
    expect(formatAxisTime(250, 500)).toBe('250 ms');
    expect(formatAxisTime(1500, 10_000)).toBe('1.5 s');
    expect(formatAxisTime(5000, 10_000)).toBe('5 s');
  });
});
