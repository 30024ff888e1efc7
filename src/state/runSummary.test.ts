// The bulk run's sentence for the live region: every host by name up to 8 hosts, a range beyond.
import { describe, expect, it } from 'vitest';
import type { HostStats } from '../sim/types';
import { summarise } from './runSummary';

function hosts(n: number): HostStats[] {
  return Array.from({ length: n }, (_, i) => ({ id: `h${i + 1}`, name: `Host ${i + 1}` }) as HostStats);
}

describe('summarise', () => {
  it('names every host of a small cluster with the connections this run sent it', () => {
    const text = summarise(
      { connections: 300, completed: 298, failed: 2, servedBy: { h1: 98, h3: 200 } },
      hosts(3),
    );
    expect(text).toBe('300 connections: Host 1 98, Host 2 0, Host 3 200; 2 failed');
  });

  it('gives the fewest and the most for a large cluster', () => {
    const servedBy = Object.fromEntries(hosts(32).map((h, i) => [h.id, 10 + i]));
    servedBy['h7'] = 3;
    const text = summarise({ connections: 500, completed: 500, failed: 0, servedBy }, hosts(32));
    expect(text).toBe('500 connections over 32 hosts: fewest 3 (Host 7), most 41 (Host 32); 0 failed');
  });
});
