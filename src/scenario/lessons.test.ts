// The lessons: well-formed data that covers NLB.md, and narration that is true. Each lesson is played
// through the engine step by step, and what each step's question claims is checked against it.
import { describe, expect, it } from 'vitest';
import { ipOrThrow } from '../sim/addr';
import { bucketOf } from '../sim/buckets';
import { hostCommandOutput } from '../sim/hostCommands';
import { Simulation } from '../sim/simulation';
import type { BulkRunOutcome, Stats } from '../sim/types';
import { FLOW_HASH_IS_ILLUSTRATIVE, HASH_IS_ILLUSTRATIVE, LESSONS, QUOTES, findLesson } from './lessons';
import { findPreset, presetScenario } from './presets';
import { ID_PATTERN } from './schema';
import type { Lesson, LessonAction, LessonStep, Scenario } from './types';
import { parseScenario } from './validate';

const CLUSTER_MAC_A = 0x02bf0a000064;

/** Carries out lesson actions the way the lesson player does, on the engine directly. */
class Lab {
  scenario!: Scenario;
  sim!: Simulation;
  /** Bumped whenever the scenario is (re)loaded: counts start again from zero. */
  loads = 0;
  lastRun: BulkRunOutcome | null = null;
  highlighted: number | null = null;
  selected: number | null = null;

  constructor(presetId: string) {
    this.load(presetScenario(presetId)!);
  }

  load(s: Scenario): void {
    this.scenario = s;
    this.sim = new Simulation(s);
    this.loads++;
  }

  apply(action: LessonAction): void {
    switch (action.type) {
      case 'loadPreset':
        return this.load(presetScenario(action.presetId)!);
      case 'reset':
        return this.load(this.scenario);
      case 'placeClient':
        return this.load({
          ...this.scenario,
          client: { ...this.scenario.client, location: action.location },
        });
      case 'setTarget':
        return this.load({ ...this.scenario, client: { ...this.scenario.client, target: action.target } });
      case 'run':
        this.lastRun = this.sim.runConnections(action.connections);
        return;
      case 'play':
        return this.sim.advanceTo(this.sim.now + action.ms);
      case 'hostAction':
        expect(this.sim.applyHostAction(action.cluster, action.hostIndex, action.action)).toBe(true);
        return;
      case 'highlightBucket':
        this.highlighted = action.bucket;
        return;
      case 'selectPacket':
        this.selected = action.connId;
        return;
    }
  }
}

interface StepContext {
  lab: Lab;
  /** Stats before the step's actions, or null if the step loaded a new scenario. */
  before: Stats | null;
  after: Stats;
}

/** What served each host during the step (since it started, or since the step's last load). */
function servedDuring({ before, after }: StepContext): Record<string, number> {
  const was = new Map((before?.hosts ?? []).map((h) => [h.id, h.served]));
  return Object.fromEntries(after.hosts.map((h) => [h.name, h.served - (was.get(h.id) ?? 0)]));
}

function failedDuring({ before, after }: StepContext): number {
  return after.failedConnections - (before?.failedConnections ?? 0);
}

const membership = (c: StepContext) => c.after.clusters[0]!.membership;

/** Per lesson and step: what must be true after the step's actions (so the narration is). */
const CHECKS: Record<string, ((c: StepContext) => void)[]> = {
  'igmp-snooping': [
    (c) => {
      expect(c.after.switchTable.some((r) => r.note?.startsWith('IGMP'))).toBe(false);
      expect(c.lab.sim.switch.igmpSnooping).toBe(false);
    },
    (c) => {
      const members = c.after.switchTable.filter((r) => r.mac === '01-00-5E-7F-00-64');
      expect(members.map((r) => r.portNode)).toEqual(['Host 1', 'Host 2', 'Host 3']);
    },
  ],
  'udp-fragments': [
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 60, failed: 0 });
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(5);
    },
    (c) => {
      // About two in three: the first fragment and the rest agree on a host one time in three.
      expect(c.lab.lastRun!.failed).toBeGreaterThanOrEqual(10);
      expect(c.lab.lastRun!.failed).toBeLessThan(30);
    },
    (c) => expect(c.lab.lastRun).toMatchObject({ completed: 30, failed: 0 }),
  ],
  'kb-q247768': [
    (c) => {
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
      expect(c.after.loopbackConnections).toBe(0);
    },
    (c) => {
      expect(servedDuring(c)).toEqual({ 'Host 1': 300, 'Host 2': 0, 'Host 3': 0 });
      expect(c.after.framesOnWire).toBe(0);
      expect(c.after.loopbackConnections).toBe(300);
    },
    (c) => expect(failedDuring(c)).toBe(20),
    () => {},
  ],
  workarounds: [
    (c) => {
      expect(servedDuring(c)).toEqual({ 'Host 1': 0, 'Host 2': 100, 'Host 3': 0 });
      expect(c.after.framesOnWire).toBeGreaterThan(0);
    },
    (c) => expect(c.lab.lastRun).toMatchObject({ completed: 0, failed: 10 }),
    (c) => {
      const s = servedDuring(c);
      expect(s['Host 1']! + s['Host 2']! + s['Host 3']!).toBe(0);
      for (const name of ['Host B1', 'Host B2', 'Host B3']) expect(s[name]).toBeGreaterThan(50);
    },
    (c) => {
      const s = servedDuring(c);
      expect(c.lab.lastRun).toMatchObject({ completed: 100, failed: 0 });
      expect(s['Host B1']).toBe(0);
      expect(s['Host B2']! + s['Host B3']!).toBeGreaterThanOrEqual(100);
    },
  ],
  convergence: [
    (c) => expect(membership(c)).toEqual(['Host 1', 'Host 2', 'Host 3']),
    (c) => {
      expect(membership(c)).toEqual(['Host 1', 'Host 3']);
      expect(c.after.clusterState).toBe('Converged');
      expect(c.after.retransmissions).toBeGreaterThan(0);
    },
    (c) => {
      // Bucket 1 was Host 2's at the start (as the narration says), and has moved.
      expect(new Simulation(findPreset('host-crash')!.scenario).stats().clusters[0]!.bucketOwners[1]).toBe(
        'A2',
      );
      expect(['A1', 'A3']).toContain(c.after.clusters[0]!.bucketOwners[c.lab.highlighted!]);
    },
    (c) => expect(membership(c)).toEqual(['Host 1', 'Host 2', 'Host 3']),
  ],
  drainstop: [
    (c) => expect(c.after.hosts[2]!.openConnections).toBeGreaterThan(0),
    (c) => {
      expect(c.after.hosts[2]!.state).toBe('Stopped');
      expect(failedDuring(c)).toBe(0);
    },
    (c) => {
      expect(c.after.hosts[0]!.state).toBe('Stopped');
      expect(failedDuring(c)).toBeGreaterThan(0);
    },
  ],
  affinity: [
    (c) => {
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
    },
    (c) => {
      const n = Object.values(servedDuring(c));
      expect(Math.max(...n) - Math.min(...n)).toBeGreaterThan(100);
    },
    (c) => {
      const s = servedDuring(c);
      expect(Object.values(s).sort((a, b) => b - a)).toEqual([300, 0, 0]);
      // The bucket the narration names is the farm's, and its owner is the host that served it all.
      const bucket = bucketOf(ipOrThrow('172.16.0.1'), 0, 'network', 60);
      expect(c.lab.highlighted).toBe(bucket);
      const owner = c.after.clusters[0]!.bucketOwners[bucket]!;
      expect(s[`Host ${owner.slice(1)}`]).toBe(300);
    },
    () => {},
  ],
  'cluster-modes': [
    (c) => {
      expect([...c.lab.sim.switch.macTable.keys()]).not.toContain(CLUSTER_MAC_A);
      expect(c.lab.sim.world.recorder.countOf('flood')).toBeGreaterThan(0);
      expect(c.lab.selected).toBe(1);
      expect(c.lab.lastRun).toMatchObject({ completed: 20, failed: 0 });
    },
    (c) => {
      expect([...c.lab.sim.switch.macTable.keys()]).toContain(CLUSTER_MAC_A);
      expect(c.lab.lastRun!.failed).toBeGreaterThan(0);
    },
    (c) => expect(c.lab.lastRun).toMatchObject({ completed: 0, failed: 10 }),
    (c) => {
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
    },
  ],
  'port-rules': [
    (c) => {
      const s = servedDuring(c);
      expect(s['Host 1']).toBeGreaterThan(60);
      expect(s['Host 1']).toBeLessThan(140);
    },
    (c) => expect(servedDuring(c)['Host 3']).toBe(100),
    (c) => {
      const s = servedDuring(c);
      expect(s['Host 1']).toBe(50);
      expect(c.lab.lastRun).toMatchObject({ completed: 50, failed: 0 });
      expect(s['Host 2']).toBeGreaterThanOrEqual(50);
      expect(s['Host 3']).toBe(0);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 20, failed: 0 });
      expect(servedDuring(c)['Host 3']).toBe(0);
      expect(c.after.clusters[0]!.membership).toEqual(['Host 1', 'Host 2']);
      expect(c.after.clusters[0]!.conflict).toMatch(/Host 3/);
    },
  ],
  'second-nic': [
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 0, failed: 5 });
      expect(c.lab.sim.stats().framesOnWire).toBe(0);
      expect(hostCommandOutput(c.lab.sim, 'A1', 'arp -a')).toMatch(/10\.0\.0\.12\s+02-bf-0a-00-00-64/);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 5, failed: 0 });
      expect(servedDuring(c)).toEqual({ 'Host 1': 0, 'Host 2': 5, 'Host 3': 0 });
      expect(
        c.after.switchTable.some((r) => r.mac === '00-15-5D-01-00-02' && r.note === 'Host 2 second NIC'),
      ).toBe(true);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 5, failed: 0 });
      expect(hostCommandOutput(c.lab.sim, 'A1', 'arp -a')).toMatch(/10\.0\.0\.12\s+02-02-0a-00-00-64/);
    },
  ],
  q198888: [
    (c) => expect(c.lab.lastRun).toMatchObject({ completed: 0, failed: 20 }),
    (c) => expect(c.lab.lastRun).toMatchObject({ completed: 20, failed: 0 }),
  ],

  // ---- Load balancers today (MODERN.md) ----
  'k8s-self-service': [
    (c) => {
      // Spread over all three pods, none fail; about a third on the caller itself, over the wire.
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
      expect(servedDuring(c)['Host 1']).toBeLessThan(150);
      expect(c.after.loopbackConnections).toBe(0);
      expect(c.after.framesOnWire).toBeGreaterThan(0);
    },
    (c) => {
      // About one in three (about 100) hang, each a timeout after two SYN retransmissions.
      expect(c.before).toBeNull();
      expectAboutOneInThree(c);
      expect(c.after.retransmissions).toBe(2 * c.lab.lastRun!.failed);
    },
    () => {},
  ],
  'azure-hairpin': [
    (c) => {
      expectAboutOneInThree(c);
      expect(c.after.retransmissions).toBe(2 * c.lab.lastRun!.failed);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      expect(servedDuring(c)).toEqual({ 'Host 1': 300, 'Host 2': 0, 'Host 3': 0 });
      expect(c.after.loopbackConnections).toBe(300);
      expect(c.after.framesOnWire).toBe(0);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      for (const n of Object.values(servedDuring(c))) expect(n).toBeGreaterThan(50);
    },
  ],
  'aws-preservation': [
    (c) => expectAboutOneInThree(c),
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      const s = servedDuring(c);
      expect(s['Host 1']).toBeGreaterThan(50);
      expect(s['Host 1']).toBeLessThan(150);
    },
  ],
  'gcp-answers-itself': [
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      expect(servedDuring(c)).toEqual({ 'Host 1': 300, 'Host 2': 0, 'Host 3': 0 });
      expect(c.after.loopbackConnections).toBe(300);
      expect(c.after.framesOnWire).toBe(0);
      // What the explanation points at: Host 1's route print shows the guest agent's local route.
      expect(hostCommandOutput(c.lab.sim, 'A1', 'route print')).toMatch(
        /10\.0\.0\.100 is one of this host's own/,
      );
    },
    (c) => {
      // Refused at once (a reset, no retransmission), none on the wire, though Hosts 2 and 3 are healthy.
      expect(c.lab.lastRun).toMatchObject({ completed: 0, failed: 20, failedHow: { refused: 20 } });
      expect(c.after.framesOnWire).toBe(0);
      expect(c.after.retransmissions).toBe(0);
      expect(c.after.hosts.map((h) => h.serverRunning)).toEqual([false, true, true]);
    },
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      const s = servedDuring(c);
      expect(s['Host 1']).toBe(0);
      expect(s['Host 2']! + s['Host 3']!).toBe(300);
      expect(s['Host 2']).toBeGreaterThan(100);
      expect(s['Host 3']).toBeGreaterThan(100);
    },
  ],
  'haproxy-fixes-it': [
    (c) => {
      expect(c.lab.lastRun).toMatchObject({ completed: 300, failed: 0 });
      for (const n of Object.values(servedDuring(c))) expect(n).toBe(100);
    },
    (c) => {
      // Host 1's netstat: its client's connections go to the VIP, its server's come from the proxy.
      const netstat = hostCommandOutput(c.lab.sim, 'A1', 'netstat -n');
      expect(netstat).toMatch(/10\.0\.0\.11:\d+\s+10\.0\.0\.100:80\s+ESTABLISHED/);
      expect(netstat).toMatch(/10\.0\.0\.11:80\s+10\.0\.0\.5:\d+\s+ESTABLISHED/);
      expect(netstat).not.toMatch(/10\.0\.0\.11:80\s+10\.0\.0\.11:/);
      expect(c.after.failedConnections).toBe(0);
    },
  ],
};

/** About one connection in three of the step's 300 timed out (1/N, N = 3); none served by Host 1. */
function expectAboutOneInThree(c: StepContext): void {
  const run = c.lab.lastRun!;
  expect(run.completed + run.failed).toBe(300);
  expect(run.failed).toBeGreaterThanOrEqual(60);
  expect(run.failed).toBeLessThanOrEqual(130);
  expect(run.failedHow).toEqual({ timeout: run.failed });
  expect(servedDuring(c)['Host 1']).toBe(0);
  expect(c.after.failedConnections).toBe(run.failed);
}

/** The step inside a scenario, so parseScenario checks its text and every action's references. */
function stepProblems(scenario: Scenario, step: LessonStep, actions: LessonAction[]): string[] {
  const result = parseScenario({ ...scenario, lesson: { title: 'Check', steps: [{ ...step, actions }] } });
  return result.ok ? [] : result.errors;
}

/** What a step says: its narration, and its question with the explanation. */
function stepText(step: LessonStep): string {
  const q = step.question;
  return [step.narration, q?.prompt ?? '', ...(q?.choices ?? []), q?.explanation ?? ''].join(' ');
}

function presetsUsed(lesson: Lesson): string[] {
  const ids = [lesson.presetId];
  for (const step of lesson.steps)
    for (const a of step.actions) if (a.type === 'loadPreset') ids.push(a.presetId);
  return ids;
}

describe('the lessons as data', () => {
  it('there are at least six, with unique ids, each starting from a preset', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const lesson of LESSONS) {
      expect(lesson.id).toMatch(ID_PATTERN);
      expect(lesson.id).not.toBe('custom'); // the id of a scenario's own lesson in view settings
      expect(findPreset(lesson.presetId), lesson.id).toBeDefined();
      for (const id of presetsUsed(lesson)) expect(findPreset(id), `${lesson.id} uses ${id}`).toBeDefined();
      expect(findLesson(lesson.id)).toBe(lesson);
    }
  });

  it('together they cover NLB.md: the KB case, workarounds, convergence, drainstop, affinity, modes, weights and rules', () => {
    const used = new Set(LESSONS.flatMap(presetsUsed));
    for (const id of [
      'kb-outside',
      'workaround-dip',
      'workaround-cluster-b',
      'host-crash',
      'drainstop',
      'affinity-none',
      'affinity-single',
      'affinity-network',
      'unicast-flooding',
      'unicast-dip-q197864',
      'masking-off',
      'multicast',
      'load-weights',
      'default-host',
      'single-host-rule',
      'rules-mismatch',
      'q198888',
      'second-nic',
      'unicast-inter-host',
    ]) {
      expect(used, id).toContain(id);
    }
    const actions = new Set(LESSONS.flatMap((l) => l.steps.flatMap((s) => s.actions.map((a) => a.type))));
    for (const type of [
      'placeClient',
      'run',
      'play',
      'hostAction',
      'highlightBucket',
      'selectPacket',
      'loadPreset',
    ]) {
      expect(actions, type).toContain(type);
    }
  });

  it('every lesson asks at least one predict-then-observe question, with a valid answer', () => {
    for (const lesson of LESSONS) {
      const questions = lesson.steps.flatMap((s) => (s.question ? [s.question] : []));
      expect(questions.length, lesson.id).toBeGreaterThan(0);
      for (const q of questions) {
        expect(q.answerIndex).toBeLessThan(q.choices.length);
        // Predict first, observe after: a question's step must do something to observe.
      }
      for (const step of lesson.steps)
        if (step.question) expect(step.actions.length, step.narration).toBeGreaterThan(0);
    }
  });

  it('says the bucket hash is illustrative wherever a lesson points at a bucket or a hashed host', () => {
    for (const lesson of LESSONS) {
      const text = lesson.steps.map((s) => `${s.narration} ${s.question?.explanation ?? ''}`).join(' ');
      const showsBuckets = lesson.steps.some((s) => s.actions.some((a) => a.type === 'highlightBucket'));
      if (showsBuckets) expect(text, lesson.id).toMatch(/illustrative|VIP Lab's own/);
    }
    expect(HASH_IS_ILLUSTRATIVE).toMatch(/not public/);
  });

  it('teach the load balancers of today too (MODERN.md), from the gallery presets for them', () => {
    const used = new Set(LESSONS.flatMap(presetsUsed));
    for (const id of [
      'k8s-self-service',
      'k8s-no-hairpin',
      'azure-hairpin',
      'azure-floating-ip',
      'aws-preservation',
      'aws-preservation-off',
      'gcp-answers-itself',
      'haproxy-fixes-it',
    ]) {
      expect(used, id).toContain(id);
    }
    for (const id of ['k8s-self-service', 'azure-hairpin', 'gcp-answers-itself', 'haproxy-fixes-it'])
      expect(findLesson(id), id).toBeDefined();
  });

  it("quote MODERN.md's vendor sentences word for word", () => {
    const text = LESSONS.flatMap((l) => l.steps.map(stepText)).join(' ');
    for (const [vendor, quote] of Object.entries(QUOTES)) {
      expect(quote, vendor).toMatch(/^".+"$/);
      expect(text, vendor).toContain(quote);
    }
    expect(QUOTES.google).toContain('regardless of whether the backend VM is healthy');
    expect(QUOTES.aws).toBe(
      '"Load balancers with client IP preservation enabled do not support hairpinning or loopback."',
    );
  });

  it('say "illustrative" wherever a step shows what MODERN.md only infers, or a cloud flow hash picks', () => {
    for (const lesson of LESSONS) {
      let presetId = lesson.presetId;
      for (const step of lesson.steps) {
        const loads = step.actions.filter((a) => a.type === 'loadPreset');
        const last = loads[loads.length - 1];
        if (last?.type === 'loadPreset') presetId = last.presetId;
        // Azure's Floating IP puts the frontend IP on the loopback: inferred (MODERN.md).
        if (loads.some((a) => a.presetId === 'azure-floating-ip'))
          expect(stepText(step), lesson.id).toMatch(/illustrative/);
        // A step that shows a cloud's half-NAT hang shows which flows its hash picked.
        const kind = findPreset(presetId)!.scenario.clusters[0]!.balancer?.kind;
        const fails = step.question?.answerIndex === 1 && /one in three/i.test(step.question.choices[1]!);
        if (fails && (kind === 'azureIlb' || kind === 'awsNlb'))
          expect(stepText(step), `${lesson.id}: ${step.narration}`).toContain(FLOW_HASH_IS_ILLUSTRATIVE);
      }
    }
    expect(findPreset('azure-floating-ip')!.description).toMatch(/inferred, so illustrative/);
  });

  it('keeps narration short and plain', () => {
    for (const lesson of LESSONS) {
      for (const step of lesson.steps) {
        expect(step.narration.length).toBeLessThanOrEqual(500);
        expect(step.narration).not.toMatch(/<[a-z/]/i);
      }
    }
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))(
  'the lesson %s, played through the engine',
  (id, lesson) => {
    it('has valid steps, and every step does what its narration and answer say', () => {
      const checks = CHECKS[id];
      expect(checks, `checks for ${id}`).toHaveLength(lesson.steps.length);
      const lab = new Lab(lesson.presetId);
      lesson.steps.forEach((step, k) => {
        expect(stepProblems(lab.scenario, step, []), `step ${k + 1}`).toEqual([]);
        const loadsBefore = lab.loads;
        const before = lab.sim.stats();
        for (const action of step.actions) {
          // Each action must make sense for the scenario the lab has at that moment.
          expect(stepProblems(lab.scenario, step, [action]), `step ${k + 1}, ${action.type}`).toEqual([]);
          lab.apply(action);
        }
        const after = lab.sim.stats();
        checks![k]!({ lab, before: lab.loads === loadsBefore ? before : null, after });
      });
    });
  },
);
