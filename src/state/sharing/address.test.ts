// The base of a Share link: the page's address without the page's own parameters (a link carries
// the scenario and its speed itself), keeping any other query the site needs.
import { describe, expect, it } from 'vitest';
import { addressForLink } from './address';

describe('the address a Share link starts from', () => {
  it('drops ?preset=, ?lesson=, ?speed=, ?presenter= and ?embed=, and keeps the rest', () => {
    expect(
      addressForLink(
        'https://x.example/lab/?preset=drainstop&speed=5&presenter=1&embed=1&lesson=affinity#s=3.a',
      ),
    ).toBe('https://x.example/lab/#s=3.a');
    expect(addressForLink('https://x.example/lab/?room=4&speed=fast')).toBe('https://x.example/lab/?room=4');
    expect(addressForLink('https://x.example/')).toBe('https://x.example/');
  });
});
