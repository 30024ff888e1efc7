// The Share panel's embed link and <iframe> code: the same scenario link with ?embed=1, and markup
// whose attributes cannot be broken out of by a scenario's title.
import { describe, expect, it } from 'vitest';
import { embedCodeOf, embedLinkOf } from './embed';
import { readPageParams } from './pageParams';

const LINK = 'https://vip-lab.example/lab/#s=3.Y3tHfA.default';

describe('the embed link', () => {
  it('is the same link with ?embed=1 before its hash', () => {
    expect(embedLinkOf(LINK)).toBe('https://vip-lab.example/lab/?embed=1#s=3.Y3tHfA.default');
    expect(embedLinkOf('https://x.example/?speed=5#s=3.Y3tHfA.default')).toBe(
      'https://x.example/?speed=5&embed=1#s=3.Y3tHfA.default',
    );
    expect(readPageParams(embedLinkOf(LINK)).embed).toBe(true);
  });
});

describe('the embed code', () => {
  it('is an iframe of the embed link, titled with the scenario', () => {
    expect(embedCodeOf(LINK, 'Drainstop')).toBe(
      '<iframe src="https://vip-lab.example/lab/?embed=1#s=3.Y3tHfA.default" title="VIP Lab: Drainstop" width="960" height="640" style="border:0" loading="lazy"></iframe>',
    );
    expect(embedCodeOf(LINK, undefined)).toContain('title="VIP Lab"');
  });

  it('escapes a title that holds markup or quotes', () => {
    const code = embedCodeOf(LINK, '"><script>x</script> & more');
    expect(code).toContain('title="VIP Lab: &quot;&gt;&lt;script&gt;x&lt;/script&gt; &amp; more"');
    expect(code.match(/</g)!.length).toBe(2);
  });
});
