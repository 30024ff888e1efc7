// Split view's two labs on one clock, with the real engine: two lab stores, each with a worker
// session in Node (sessionHarness's fake wall clock; messages delivered in order, as postMessage
// does), kept in step by startSplitSync.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../scenario/defaults';
import type { WorkerCommand, WorkerUpdate } from '../../worker/protocol';
import { SimulationSession } from '../../worker/session';
import { createLabStore } from '../lab/createLabStore';
import type { OpenWorker } from '../lab/labRuntime';
import { scenarioCheckerReady } from '../lab/scenarioChecker';
import type { LabState } from '../lab/labState';
import { PacketFeed } from '../packetFeed';
import type { LabOverrides } from './overrides';
import { SETTLE_WALL_MS, startSplitSync } from './sync';

beforeAll(async () => {
  await scenarioCheckerReady;
});

/** Two labs, their workers, Lab 2's settings and a wall clock every timer runs on. */
function twoLabs(settings: LabOverrides) {
  let wall = 0;
  let seq = 0;
  const timers: { fn: () => void; at: number; seq: number }[] = [];
  /** Messages in flight (commands to a worker, updates to a page), delivered in order. */
  const mail: (() => void)[] = [];
  const commands: { lab: 1 | 2; command: WorkerCommand }[] = [];
  const clock = {
    now: () => wall,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, at: wall + ms, seq: seq++ };
      timers.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const worker =
    (lab: 1 | 2): OpenWorker =>
    (onUpdate) => {
      const session = new SimulationSession((u: WorkerUpdate) => mail.push(() => onUpdate(u)), clock);
      return {
        send: (command) => {
          commands.push({ lab, command });
          const copy = structuredClone(command);
          mail.push(() => session.handle(copy));
        },
        terminate: () => undefined,
      };
    };
  const deliver = () => {
    while (mail.length > 0) mail.shift()!();
  };
  /** Lets wall time pass, running timers as they fall due and delivering every message. */
  const advance = (ms: number) => {
    const end = wall + ms;
    deliver();
    for (;;) {
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      wall = Math.max(wall, next.at);
      next.fn();
      deliver();
    }
    wall = end;
    deliver();
  };

  const one = createLabStore(worker(1));
  const feed = new PacketFeed();
  const two = createLabStore(worker(2), feed);
  let overrides = settings;
  one.useLab.getState().start();
  two.useLab.getState().start();
  advance(0);
  const sync = startSplitSync({
    lab1: one.useLab,
    lab2: two.useLab,
    onLab1Update: one.onWorkerUpdate,
    onLab2Update: two.onWorkerUpdate,
    overrides: () => overrides,
    ...clock,
  });
  advance(SETTLE_WALL_MS * 2);
  return {
    lab1: () => one.useLab.getState(),
    lab2: () => two.useLab.getState(),
    sync,
    advance,
    commands,
    setOverrides(next: LabOverrides) {
      overrides = next;
      sync.poke();
    },
  };
}

const azureOnHost1: LabOverrides = {
  balancer: { kind: 'azureIlb' },
  location: { kind: 'host', cluster: 'A', hostIndex: 0 },
  target: { kind: 'vip', cluster: 'A' },
};

const now = (s: LabState) => s.stats?.now ?? 0;
const hostsOf = (s: LabState) => s.topology?.nodes.filter((n) => n.kind === 'host').length;

describe('split view keeps Lab 2 in step with Lab 1', () => {
  it('runs Lab 1’s run with Lab 2’s own balancer, client location and target', () => {
    const labs = twoLabs(azureOnHost1);
    expect(labs.lab2().runStart.clusters[0]!.balancer).toEqual({ kind: 'azureIlb' });
    expect(labs.lab2().runStart.client.location).toEqual(azureOnHost1.location);
    expect(labs.lab1().runStart.clusters[0]!.balancer).toBeUndefined();
    // Lab 1's own client move is its own: Lab 2's client stays where Lab 2 put it.
    labs.lab1().setClientLocation({ kind: 'host', cluster: 'A', hostIndex: 2 });
    labs.advance(SETTLE_WALL_MS * 2);
    expect(labs.lab1().scenario.client.location).toEqual({ kind: 'host', cluster: 'A', hostIndex: 2 });
    expect(labs.lab2().scenario.client.location).toEqual(azureOnHost1.location);
    expect(labs.lab2().runLog).toEqual([]);
  });

  it('plays, pauses and seeks both, and shows the same moment when paused', () => {
    const labs = twoLabs(azureOnHost1);
    labs.lab1().setSpeed(100);
    expect(labs.lab2().speed).toBe(100);
    labs.lab1().togglePlay();
    labs.advance(300);
    expect(labs.lab1().running).toBe(true);
    expect(labs.lab2().running).toBe(true);
    labs.lab1().pause();
    labs.advance(SETTLE_WALL_MS * 2);
    expect(labs.lab1().running).toBe(false);
    expect(labs.lab2().running).toBe(false);
    const paused = now(labs.lab1());
    expect(paused).toBeGreaterThan(100);
    expect(now(labs.lab2())).toBeCloseTo(paused, 6);
    // Scrubbing the shared timeline back.
    labs.lab1().seek(paused / 2);
    labs.advance(SETTLE_WALL_MS * 2);
    expect(now(labs.lab1())).toBeCloseTo(paused / 2, 6);
    expect(now(labs.lab2())).toBeCloseTo(paused / 2, 6);
    // A step moves Lab 1 to its next decision; Lab 2 follows to that very moment.
    labs.lab1().step();
    labs.advance(SETTLE_WALL_MS * 2);
    expect(now(labs.lab1())).toBeGreaterThan(paused / 2);
    expect(now(labs.lab2())).toBeCloseTo(now(labs.lab1()), 6);
    // Reset: both back to zero.
    labs.lab1().reset();
    labs.advance(SETTLE_WALL_MS * 2);
    expect(now(labs.lab1())).toBe(0);
    expect(now(labs.lab2())).toBe(0);
  });

  it('runs the same batch in both; each stays at the end of its own', () => {
    const labs = twoLabs(azureOnHost1);
    labs.lab1().setClientLocation({ kind: 'host', cluster: 'A', hostIndex: 0 });
    labs.advance(SETTLE_WALL_MS * 2);
    const loads = () => labs.commands.filter((c) => c.lab === 2 && c.command.type === 'load').length;
    const loadsBefore = loads();
    labs.lab1().runConnections(300);
    labs.advance(SETTLE_WALL_MS * 4);
    const a = labs.lab1().stats!;
    const b = labs.lab2().stats!;
    // Windows NLB: all 300 loop back inside Host 1 (KB Q247768).
    expect(a.loopbackConnections).toBe(300);
    expect(a.failedConnections).toBe(0);
    // Azure: the flow that hashes back to the caller times out (about 1 in 3).
    expect(b.failedConnections).toBeGreaterThan(50);
    expect(b.failedConnections).toBeLessThan(150);
    // Its timeouts took longer than a loopback: Lab 2 stays at its own batch's end, not sent back.
    expect(b.now).toBeGreaterThan(a.now);
    const seeksBefore = labs.commands.filter((c) => c.lab === 2 && c.command.type === 'seek').length;
    labs.advance(SETTLE_WALL_MS * 4);
    expect(labs.commands.filter((c) => c.lab === 2 && c.command.type === 'seek').length).toBe(seeksBefore);
    // The same batch in the same run: nothing had to be loaded again.
    expect(labs.lab2().runLog.map((e) => e.change)).toEqual([{ type: 'runConnections', count: 300 }]);
    expect(loads()).toBe(loadsBefore);
  });

  it('loads Lab 2 afresh, with its settings, when Lab 1’s world changes or Lab 2’s settings do', () => {
    const labs = twoLabs(azureOnHost1);
    labs.lab1().setSpeed(100);
    labs.lab1().play();
    labs.advance(200);
    labs.lab1().pause();
    labs.advance(SETTLE_WALL_MS * 2);
    const t = now(labs.lab1());
    labs.lab1().setHostCount(5);
    labs.advance(SETTLE_WALL_MS * 4);
    expect(hostsOf(labs.lab1())).toBe(5);
    expect(hostsOf(labs.lab2())).toBe(5);
    expect(labs.lab2().runStart.clusters[0]!.balancer).toEqual({ kind: 'azureIlb' });
    expect(now(labs.lab2())).toBeCloseTo(now(labs.lab1()), 6);
    expect(now(labs.lab2())).toBeCloseTo(t, 6);
    // Lab 2's own balancer changed: its run is rebuilt with it, at the same moment.
    labs.setOverrides({ ...azureOnHost1, balancer: { kind: 'awsNlb' } });
    labs.advance(SETTLE_WALL_MS);
    expect(labs.lab2().runStart.clusters[0]!.balancer).toEqual({ kind: 'awsNlb' });
    expect(now(labs.lab2())).toBeCloseTo(t, 6);
    // A change taken back in Lab 1 is taken back in Lab 2.
    labs.lab1().undo();
    labs.advance(SETTLE_WALL_MS * 4);
    expect(hostsOf(labs.lab1())).toBe(3);
    expect(hostsOf(labs.lab2())).toBe(3);
  });

  it('lets Lab 1 go alone once stopped', () => {
    const labs = twoLabs(defaultOverrides());
    labs.sync.stop();
    labs.lab1().play();
    labs.advance(300);
    expect(labs.lab1().running).toBe(true);
    expect(labs.lab2().running).toBe(false);
    expect(labs.commands.filter((c) => c.lab === 2 && c.command.type === 'play')).toHaveLength(0);
  });
});

function defaultOverrides(): LabOverrides {
  const s = defaultScenario();
  return { location: s.client.location, target: s.client.target };
}
