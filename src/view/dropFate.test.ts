// Each fate of a lost frame has its own mark: NLB's filter, a crashed host, an unplugged cable.
import { describe, expect, it } from 'vitest';
import { DROP_MARKS, dropFateOf } from './dropFate';

describe('dropFateOf', () => {
  it('tells a crashed host and an unplugged cable from an NLB drop', () => {
    expect(dropFateOf('host.downDrop')).toBe('hostDown');
    expect(dropFateOf('link.unplugged')).toBe('unplugged');
    expect(dropFateOf('nlb.dropBucket')).toBe('nlb');
    expect(dropFateOf('nlb.stoppedDrop')).toBe('nlb');
    expect(dropFateOf('udp.noListener')).toBe('discarded');
    expect(dropFateOf('switch.filter')).toBe('discarded');
    expect(dropFateOf('host.martian')).toBe('martian');
    expect(dropFateOf('lb.noHairpin')).toBe('balancer');
    expect(dropFateOf('lb.noBackend')).toBe('balancer');
  });

  it('draws every fate with a different shape, colour and legend label', () => {
    const marks = Object.values(DROP_MARKS);
    expect(new Set(marks.map((m) => m.path)).size).toBe(6);
    expect(new Set(marks.map((m) => m.stroke)).size).toBe(6);
    expect(marks.map((m) => m.label)).toEqual([
      'Dropped by NLB',
      'Own address as source (martian)',
      'Dropped by the load balancer',
      'Host down',
      'Cable cut',
      'Discarded',
    ]);
  });
});
