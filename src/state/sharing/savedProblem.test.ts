// What the page says about a scenario saved in this browser that it cannot open: a newer VIP Lab's by
// its version, anything else as damaged with the first reasons; the stored text travels unchanged.
import { describe, expect, it } from 'vitest';
import { savedProblemFor } from './savedProblem';

describe('a saved scenario that cannot be opened', () => {
  it('from a newer VIP Lab names its version', () => {
    const text = '{"format":1,"scenario":{"version":7,"future":true}}';
    const problem = savedProblemFor({ kind: 'data', data: { version: 7, future: true }, text }, ['x']);
    expect(problem).toEqual({
      title:
        'The scenario saved in this browser was made by a newer VIP Lab (version 7) and could not be opened.',
      details: ['This VIP Lab reads scenario version 1. Open it in the newest VIP Lab.'],
      text,
    });
  });

  it('cut off or not a scenario is damaged, with the reasons (at most three)', () => {
    const text = '{"format":1,"scenario":{"version":1,';
    expect(savedProblemFor({ kind: 'unreadable', text, reason: 'Unexpected end of JSON input' })).toEqual({
      title: 'The scenario saved in this browser is damaged and could not be opened.',
      details: ['Its text is not a whole VIP Lab scenario (Unexpected end of JSON input).'],
      text,
    });
    const invalid = savedProblemFor({ kind: 'data', data: { version: 1, seed: -4 }, text: 'T' }, [
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(invalid?.title).toBe('The scenario saved in this browser is damaged and could not be opened.');
    expect(invalid?.details).toEqual(['a', 'b', 'c']);
    expect(invalid?.text).toBe('T');
    expect(savedProblemFor({ kind: 'none' })).toBeNull();
  });
});
