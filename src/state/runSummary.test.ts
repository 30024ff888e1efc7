// The bulk run's sentence for the live region: every host by name up to 8 hosts, a range beyond.
import { describe, expect, it } from 'vitest';
import type { BulkRunOutcome, HostStats } from '../sim/types';
import { Simulation } from '../sim/simulation';
import { quietScenario } from '../sim/testing';
import { summarise } from './runSummary';

function hosts(n: number): HostStats[] {
  return Array.from({ length: n }, (_, i) => ({ id: `h${i + 1}`, name: `Host ${i + 1}` }) as HostStats);
}

/** A run of `connections` with nothing counted yet (2 ms think time, 20 s response timeout). */
function outcome(connections: number): BulkRunOutcome {
  return {
    connections,
    completed: 0,
    failed: 0,
    servedBy: {},
    failedHow: {},
    serverThinkMs: 2,
    responseTimeoutMs: 20_000,
  };
}

describe('summarise', () => {
  it('names every host of a small cluster with the connections this run sent it', () => {
    const text = summarise(
      {
        ...outcome(300),
        completed: 298,
        failed: 2,
        servedBy: { h1: 98, h3: 200 },
        failedHow: { refused: 2 },
      },
      hosts(3),
    );
    expect(text).toBe('300 connections: Host 1 98, Host 2 0, Host 3 200; 2 failed (2 reset)');
  });

  it('gives the fewest and the most for a large cluster', () => {
    const servedBy = Object.fromEntries(hosts(32).map((h, i) => [h.id, 10 + i]));
    servedBy['h7'] = 3;
    const text = summarise({ ...outcome(500), completed: 500, servedBy }, hosts(32));
    expect(text).toBe('500 connections over 32 hosts: fewest 3 (Host 7), most 41 (Host 32); 0 failed');
  });

  it('says why every connection failed when the server thinks longer than a client waits', () => {
    const sim = new Simulation(quietScenario((s) => (s.network.serverThinkMs = 30_000)));
    sim.advanceTo(8000);
    const run = sim.runConnections(20);
    expect(summarise(run, sim.stats().hosts)).toBe(
      '20 connections: Host 1 0, Host 2 0, Host 3 0; 20 failed (20 got no response): the server takes ' +
        '30 s to answer (its think time), longer than a client waits (20 s)',
    );
  });
});
