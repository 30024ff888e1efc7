// The page's query parameters: read from the query and from after a #s= link in either order (also
// percent-encoded), each bad value named in its own message while the others still apply.
import { describe, expect, it } from 'vitest';
import { readPageParams } from './pageParams';

const LINK = '#s=3.Y3tHfA.default';

describe('page parameters', () => {
  it('reads every parameter from the query', () => {
    expect(readPageParams('https://x.example/lab/?preset=drainstop&speed=5&presenter=1&embed=1')).toEqual({
      preset: 'drainstop',
      speed: 5,
      presenter: true,
      embed: true,
      problems: [],
    });
    expect(readPageParams('/?lesson=kb-q247768')).toEqual({ lesson: 'kb-q247768', problems: [] });
    expect(readPageParams('/')).toEqual({ problems: [] });
  });

  it('reads them before or after a #s= link, and percent-encoded after it', () => {
    const expected = { embed: true, speed: 20, problems: [] };
    expect(readPageParams(`/?embed=1&speed=20${LINK}`)).toEqual(expected);
    expect(readPageParams(`/${LINK}?embed=1&speed=20`)).toEqual(expected);
    expect(readPageParams(`/${LINK}&embed=1&speed=20`)).toEqual(expected);
    expect(readPageParams(`/?speed=20${LINK}&embed=1`)).toEqual(expected);
    expect(readPageParams(`/${LINK}%3Fembed%3D1%26speed%3D20`)).toEqual(expected);
    // The link itself is not a parameter.
    expect(readPageParams(`/${LINK}`)).toEqual({ problems: [] });
  });

  it('names each bad value and keeps the good ones', () => {
    const read = readPageParams('/?speed=fast&presenter=maybe&preset=Drain%20Stop!&embed=1');
    expect(read.embed).toBe(true);
    expect(read.speed).toBeUndefined();
    expect(read.presenter).toBeUndefined();
    expect(read.preset).toBeUndefined();
    expect(read.problems).toEqual([
      '?preset="Drain Stop!" is not the name of a built-in scenario (names are lower-case words joined by "-").',
      '?speed="fast" is not a speed VIP Lab has: use a number from 0.05 to 100 (1 is 1x, 100 is real time).',
      '?presenter="maybe" is not understood: use ?presenter=1 (on) or ?presenter=0 (off).',
    ]);
  });

  it('accepts speeds from 0.05 to 100 (with or without an x), and no others', () => {
    expect(readPageParams('/?speed=0.05').speed).toBe(0.05);
    expect(readPageParams('/?speed=100').speed).toBe(100);
    expect(readPageParams('/?speed=2x').speed).toBe(2);
    for (const bad of ['0', '0.01', '101', '-5', '', 'Infinity', 'NaN', '1e9']) {
      const read = readPageParams(`/?speed=${bad}`);
      expect(read.speed, bad).toBeUndefined();
      expect(read.problems, bad).toHaveLength(1);
    }
  });

  it('takes presenter=0 and embed=0 as off', () => {
    expect(readPageParams('/?presenter=0&embed=false')).toEqual({
      presenter: false,
      embed: false,
      problems: [],
    });
  });
});
