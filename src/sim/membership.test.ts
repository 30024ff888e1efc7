// Membership by heartbeats only (NLB.md): a host is declared gone by the heartbeats the others
// missed, never chosen by the engine; a host that restarts before anyone noticed converges in
// anew; a host cut off by its cable never declares the others gone for the cluster.
import { describe, expect, it } from 'vitest';
import type { Decision } from './types';
import { Simulation } from './simulation';
import { quietScenario } from './testing';

function convergenceStarts(decisions: readonly Decision[]) {
  return decisions.filter(
    (d): d is Extract<Decision, { code: 'nlb.convergenceStart' }> => d.code === 'nlb.convergenceStart',
  );
}

describe('membership by heartbeats', () => {
  it('a host crashing during a convergence stays a member until its heartbeats are missed', () => {
    const sim = new Simulation(quietScenario());
    sim.advanceTo(2000);
    sim.applyChange({ type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 80 }); // converges until 5 s
    sim.advanceTo(2500);
    sim.applyHostAction('A', 2, 'crash');
    sim.take();
    sim.advanceTo(5100);
    // The convergence that started at 2 s completes with Host 3: nobody has missed it yet.
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2', 'Host 3']);
    sim.advanceTo(12_000);
    const starts = convergenceStarts(sim.take().decisions);
    const missed = starts.filter((d) => d.args.cause.why === 'missedHeartbeats');
    expect(missed.length).toBeGreaterThanOrEqual(1);
    const declared = missed[0]!;
    // Declared after 5 missed heartbeats of 1 s: at least 5 s after its last beat (before 2.5 s).
    expect(declared.t).toBeGreaterThanOrEqual(2500 + 5000 - 1000);
    expect(declared.t).toBeLessThanOrEqual(2500 + 5000 + 1000);
    if (declared.args.cause.why === 'missedHeartbeats') expect(declared.args.cause.gone).toEqual([2]);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2']);
  });

  it('a host that restarts before the others notice starts a convergence that takes it in again', () => {
    const sim = new Simulation(quietScenario());
    sim.advanceTo(2000);
    sim.applyHostAction('A', 1, 'crash');
    sim.advanceTo(3000);
    sim.take();
    sim.applyHostAction('A', 1, 'restart');
    sim.advanceTo(3000 + 1000 + 100);
    const starts = convergenceStarts(sim.take().decisions);
    expect(starts).toHaveLength(1);
    expect(starts[0]!.args.cause).toMatchObject({ why: 'newMember', heard: 1 });
    expect(sim.stats().clusters[0]!.state).toBe('Converging');
    sim.advanceTo(sim.now + 3000);
    expect(sim.stats().clusters[0]!.state).toBe('Converged');
    expect(sim.stats().hosts[1]!.state).toBe('Converged');
  });

  it('unplugging Host 2: the others declare Host 2 gone; Host 2 declares nobody gone', () => {
    const sim = new Simulation(quietScenario());
    sim.advanceTo(1500);
    sim.applyHostAction('A', 1, 'unplug');
    sim.take();
    sim.advanceTo(12_000);
    const starts = convergenceStarts(sim.take().decisions);
    expect(starts.filter((d) => d.node === 'A2')).toEqual([]);
    const missed = starts.filter((d) => d.args.cause.why === 'missedHeartbeats');
    expect(missed.length).toBeGreaterThanOrEqual(1);
    for (const d of missed)
      if (d.args.cause.why === 'missedHeartbeats') expect(d.args.cause.gone).toEqual([1]);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 3']);
  });
});
