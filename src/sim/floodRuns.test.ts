// FloodRuns: the runs of hosts that drop a cluster's filtered frame, in one flood's list of far ends.
import { describe, expect, it } from 'vitest';
import { FloodRuns } from './floodRuns';
import type { Attachment, NetNode } from './world';

/** A far end standing for host `index` (negative: a node that is no such host, a router say). */
function end(index: number): Attachment {
  const node: NetNode = { id: `n${index}`, name: `n${index}`, kind: 'host', receive: () => {} };
  return { node, port: index };
}

describe('FloodRuns', () => {
  // Far ends 0..6: hosts 3, 1, 0, then a router, then hosts 2, 5, 4.
  const list = [end(3), end(1), end(0), end(-1), end(2), end(5), end(4)];
  const runs = new FloodRuns();
  runs.rebuild(list, 7, (e) => e.port);

  it('ends a run at the first far end that is no such host, or at the end of the list', () => {
    expect(runs.endOfRun(0, -1)).toBe(3);
    expect(runs.endOfRun(1, -1)).toBe(3);
    expect(runs.endOfRun(3, -1)).toBe(3); // the router: no run starts there
    expect(runs.endOfRun(4, -1)).toBe(7);
    expect(runs.endOfRun(7, -1)).toBe(7);
  });

  it('ends a run before the taker when the taker is in it', () => {
    expect(runs.endOfRun(0, 0)).toBe(2); // host 0 is far end 2
    expect(runs.endOfRun(0, 3)).toBe(0); // host 3 is far end 0: the run is empty
    expect(runs.endOfRun(1, 3)).toBe(3); // the taker is behind the run
    expect(runs.endOfRun(4, 4)).toBe(6);
    expect(runs.endOfRun(4, 1)).toBe(7); // the taker is in another run
    expect(runs.endOfRun(4, 9)).toBe(7); // a host index not in the list
  });

  it('fits the list and the hosts’ states it was worked out for only', () => {
    expect(runs.fits(list, 7)).toBe(true);
    expect(runs.fits(list, 8)).toBe(false);
    expect(runs.fits([...list], 7)).toBe(false);
  });
});
