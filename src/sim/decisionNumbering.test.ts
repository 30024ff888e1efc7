// Decisions are numbered and counted the same way at any detail and however time is advanced: in one
// go, in small steps, one decision at a time (Step), or counters-only up to a moment and in full after.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import { presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { Simulation } from './simulation';
import type { Decision } from './types';

/** What numbering is about: which decision got which number, when, where and of what kind. */
function key(d: Decision): string {
  return `${d.seq}|${d.t}|${d.node}|${d.code}|${d.frameId}|${d.connId}`;
}

interface Run {
  decisions: Decision[];
  made: number;
  counts: ReturnType<Simulation['world']['recorder']['actionCounts']>;
  codes: ReturnType<Simulation['world']['recorder']['codeCounts']>;
}

function result(sim: Simulation, decisions: Decision[]): Run {
  const rec = sim.world.recorder;
  return { decisions, made: rec.decisionsMade, counts: rec.actionCounts(), codes: rec.codeCounts() };
}

/** Full detail, one advanceTo. */
function inOneGo(s: Scenario, until: number): Run {
  const sim = new Simulation(s);
  sim.advanceTo(until);
  return result(sim, sim.take().decisions);
}

/** Full detail, many small advanceTo steps of uneven size (as a playing page does). */
function inSmallSteps(s: Scenario, until: number): Run {
  const sim = new Simulation(s);
  const decisions: Decision[] = [];
  const steps = [0.4, 1, 3.7, 16, 0.01, 7];
  for (let i = 0; sim.now < until; i++) {
    sim.advanceTo(Math.min(until, sim.now + steps[i % steps.length]!));
    decisions.push(...sim.take().decisions);
  }
  return result(sim, decisions);
}

/** Full detail, Step after Step until `count` decisions are made (a Step may make several). */
function stepByStep(s: Scenario, count: number): Run & { steps: number } {
  const sim = new Simulation(s);
  const decisions: Decision[] = [];
  let steps = 0;
  while (sim.world.recorder.decisionsMade < count) {
    const before = sim.world.recorder.decisionsMade;
    expect(sim.stepToNextDecision()).toBe(true);
    expect(sim.world.recorder.decisionsMade).toBeGreaterThan(before);
    steps++;
    decisions.push(...sim.take().decisions);
  }
  return { ...result(sim, decisions), steps };
}

/** Counters only (nothing kept but counts) up to `switchAt`, full detail from there to `until`. */
function countersThenFull(s: Scenario, switchAt: number, until: number): Run {
  const sim = new Simulation(s);
  sim.setDetail('counters');
  sim.advanceTo(switchAt);
  expect(sim.take().decisions).toEqual([]);
  sim.setDetail('full');
  sim.advanceTo(until);
  return result(sim, sim.take().decisions);
}

/** Counters only, all the way. */
function countersOnly(s: Scenario, until: number): Run {
  const sim = new Simulation(s);
  sim.setDetail('counters');
  sim.advanceTo(until);
  return result(sim, sim.take().decisions);
}

function expectSameNumbering(run: Run, reference: Run): void {
  expect(run.made).toBe(reference.made);
  expect(run.counts).toEqual(reference.counts);
  expect(run.codes).toEqual(reference.codes);
  expect(run.decisions.map(key)).toEqual(reference.decisions.map(key));
}

describe('decision numbering and counts, at any detail and any pace', () => {
  const scenarios: {
    name: string;
    make: () => Scenario;
    until: number;
    switchAt: number;
    /** Decisions a full run makes up to `until`. */
    made: number;
  }[] = [
    { name: 'the default scenario', make: defaultScenario, until: 1500, switchAt: 700, made: 1436 },
    // Host 2 crashes at 2 s (on the scenario's timeline); the others notice and converge.
    {
      name: 'the host-crash preset',
      make: () => presetScenario('host-crash')!,
      until: 12_000,
      switchAt: 6_500,
      made: 10_717,
    },
    // Host 3 is drain-stopped at 2 s (on the timeline), finishes its connections and leaves; then it
    // ignores the others' heartbeats, each with its reason (10 of them by 9 s).
    // Its server thinks 2 s, so every request is first acknowledged alone (a delayed ACK after 200 ms).
    {
      name: 'the drainstop preset',
      make: () => presetScenario('drainstop')!,
      until: 9_000,
      switchAt: 2_000,
      made: 8_462,
    },
  ];

  for (const { name, make, until, switchAt, made } of scenarios) {
    describe(name, () => {
      const reference = inOneGo(make(), until);

      it('numbers every decision 1, 2, 3, ... in a full run', () => {
        expect(reference.made).toBe(made);
        expect(reference.decisions.map((d) => d.seq)).toEqual(
          Array.from({ length: reference.made }, (_, i) => i + 1),
        );
      });

      it('numbers and counts the same when played in small increments', () => {
        expectSameNumbering(inSmallSteps(make(), until), reference);
      });

      it('numbers and counts the same when stepped one decision at a time', () => {
        const stepped = stepByStep(make(), reference.made);
        // A step ends at the first event that made a decision; one event may make several.
        expect(stepped.steps).toBeLessThanOrEqual(reference.made);
        expect(stepped.made).toBeGreaterThanOrEqual(reference.made);
        const upTo = (r: Run) => r.decisions.filter((d) => d.seq <= reference.made).map(key);
        expect(upTo(stepped)).toEqual(upTo(reference));
      });

      it('counts the same in counters-only detail, keeping no decision', () => {
        const counted = countersOnly(make(), until);
        expect(counted.decisions).toEqual([]);
        expect(counted.made).toBe(reference.made);
        expect(counted.counts).toEqual(reference.counts);
        expect(counted.codes).toEqual(reference.codes);
      });

      it('gives the decisions after a switch from counters to full detail the numbers of a full run', () => {
        const switched = countersThenFull(make(), switchAt, until);
        const after = reference.decisions.filter((d) => d.t > switchAt);
        expect(after.length).toBeGreaterThan(0);
        expect(switched.decisions[0]!.seq).toBe(after[0]!.seq);
        expectSameNumbering(switched, { ...reference, decisions: after });
      });
    });
  }

  it('counts the default scenario to concrete numbers, whatever the detail', () => {
    // 1 s of the default scenario: 3 hosts, Client 1 outside opening 20 connections a second.
    for (const detail of ['full', 'counters'] as const) {
      const sim = new Simulation(defaultScenario());
      sim.setDetail(detail);
      sim.advanceTo(1000);
      const rec = sim.world.recorder;
      expect(rec.decisionsMade).toBe(962);
      expect(rec.actionCounts()).toEqual({
        open: 20,
        send: 264,
        forward: 223,
        learn: 4,
        flood: 104,
        reply: 3,
        accept: 121,
        drop: 200,
        complete: 20,
        ignore: 3,
      });
      const codes = rec.codeCounts();
      expect(codes['client.open']).toBe(20);
      // Every frame of a connection to the VIP is flooded to all three hosts: each SYN is accepted by
      // its bucket's owner and dropped by the other two; later frames follow the descriptor.
      expect(codes['nlb.acceptBucket']! + codes['nlb.acceptDescriptor']!).toBe(100);
      expect(codes['nlb.dropBucket']! + codes['nlb.dropDescriptor']!).toBe(200);
      expect(codes['tcp.serverAccept']).toBe(20);
      expect(codes['tcp.complete']).toBe(20);
    }
  });
});
