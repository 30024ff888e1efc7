// Checkpoints of the engine (issue 15): a simulation restored from a copy taken at any moment runs on
// exactly as the original does (same decisions, hops, counts and capture bytes), for every preset,
// as often as it is restored; and a closure in the state is refused, not copied wrongly.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, takeCheckpoint } from './checkpoint';
import { Simulation } from './simulation';
import { makeCluster } from '../scenario/defaults';
import { PRESETS, presetScenario } from '../scenario/presets';

/** Everything a run shows between now and `t`, drained in steps of 250 simulated ms. */
function runTo(sim: Simulation, t: number): string[] {
  const out: string[] = [];
  while (sim.now < t) {
    sim.advanceTo(Math.min(t, sim.now + 250));
    const { hops, decisions, ended } = sim.take();
    out.push(JSON.stringify([sim.now, hops, decisions, ended]));
  }
  out.push(JSON.stringify([sim.stats(), sim.world.eventsProcessed, sim.world.queue.size]));
  return out;
}

/** Every capture point's pcap file, as a digest and a size each (the bytes compared in full). */
function pcaps(sim: Simulation): string[] {
  return sim.capturePoints().map((p) => {
    const bytes = sim.pcap(p.id)!;
    return `${p.id} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`;
  });
}

// Whole runs per test: allow for a loaded shared machine (a test here takes about a second alone).
describe('engine checkpoints', { timeout: 60_000 }, () => {
  it.each(PRESETS.map((p) => p.id))('%s: restored at 4.3 s, it runs to 8 s exactly as the original', (id) => {
    const original = new Simulation(presetScenario(id)!);
    original.enableCapture();
    original.setDetail('counters');
    original.advanceTo(4_300);
    original.setDetail('full');
    original.take();
    const checkpoint = takeCheckpoint(original);
    const captureThen = original.world.capture!.until(4_300);
    const expected = runTo(original, 8_000);

    for (let copy = 0; copy < 2; copy++) {
      const restored = restoreCheckpoint(checkpoint);
      expect(restored.now).toBe(4_300);
      expect(restored.world.capture).toBeNull();
      restored.world.capture = captureThen.until(4_300);
      expect(runTo(restored, 8_000)).toEqual(expected);
      expect(pcaps(restored)).toEqual(pcaps(original));
    }
    // The original was not disturbed by being copied: a fresh run from 0 s agrees with it.
    const fresh = new Simulation(presetScenario(id)!);
    fresh.advanceTo(8_000);
    expect(fresh.stats()).toEqual(original.stats());
  });

  it('a checkpoint in the middle of busy traffic (32 hosts, 1,000 connections a second) runs on the same', () => {
    const scenario = presetScenario('kb-outside')!;
    scenario.clusters = [makeCluster('A', 32)];
    scenario.client.connectionsPerSecond = 1_000;
    const original = new Simulation(scenario);
    original.setDetail('counters');
    original.advanceTo(1_000);
    original.setDetail('full');
    const inFlight = original.world.queue.size;
    expect(inFlight).toBeGreaterThan(40);
    const checkpoint = takeCheckpoint(original);
    const restored = restoreCheckpoint(checkpoint);
    expect(restored.world.queue.size).toBe(inFlight);
    const expected = runTo(original, 1_250);
    expect(expected.join('').length).toBeGreaterThan(50_000);
    expect(runTo(restored, 1_250)).toEqual(expected);
  });

  it('starts what is kept for the page empty: no capture, hops, decisions, frames or rewrites for the inspector', () => {
    const sim = new Simulation(presetScenario('azure-hairpin')!);
    sim.enableCapture();
    sim.advanceTo(3_000);
    expect(sim.world.recorder.frames.size).toBeGreaterThan(0);
    expect(sim.balancers[0]!.rewrites.size).toBeGreaterThan(0);
    const restored = restoreCheckpoint(takeCheckpoint(sim));
    expect(restored.world.capture).toBeNull();
    expect(restored.world.recorder.frames.size).toBe(0);
    expect(restored.balancers[0]!.rewrites.size).toBe(0);
    expect(restored.take()).toEqual({ hops: [], decisions: [], ended: [] });
    // The original keeps all of it.
    expect(sim.take().decisions.length).toBeGreaterThan(0);
    expect(sim.world.capture!.size).toBeGreaterThan(0);
    expect(sim.balancers[0]!.rewrites.size).toBeGreaterThan(0);
  });

  it('refuses to copy a closure, which would carry the old state inside it', () => {
    const sim = new Simulation(presetScenario('kb-outside')!);
    (sim.hosts[0] as unknown as { sneaky: () => void }).sneaky = () => sim.advanceTo(1);
    expect(() => takeCheckpoint(sim)).toThrow(/cannot copy a function/);
  });
});
