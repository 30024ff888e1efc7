// Engine benchmark: simulated connections per wall second, events per second, the garbage
// collector's share of the wall time and peak memory for 8- and 32-host unicast clusters (100,000
// and 1,000,000 connections), the same through a balancer node (Azure), full detail against counters
// only, and seeks in a 60-minute run.
// Each row prints its figure beside issue 15's target; it is not a pass/fail test.
// Run with `npm run bench` (add `-- --quick` to skip the million-connection row, `-- --seeks` for the
// seeks alone).
import { PerformanceObserver } from 'node:perf_hooks';
import { Simulation } from '../src/sim/simulation';
import { SimulationSession } from '../src/worker/session';
import type { WorkerCommand, WorkerUpdate } from '../src/worker/protocol';
import { makeCluster, defaultScenario } from '../src/scenario/defaults';
import { balancerText } from '../src/scenario/changeText';
import type { BalancerConfig } from '../src/scenario/types';

interface Case {
  hosts: number;
  connections: number;
  /** A balancer node of today on the path (absent: Windows NLB on the hosts). */
  balancer?: BalancerConfig;
  /** What issue 15 asks of this case, printed beside the figures. */
  target?: string;
}

const quick = process.argv.includes('--quick');
const cases: Case[] = [
  { hosts: 8, connections: 100_000 },
  { hosts: 32, connections: 100_000 },
  {
    hosts: 32,
    connections: 100_000,
    balancer: { kind: 'azureIlb' },
    target: 'target: within 2x the NLB row per connection (every packet crosses the balancer node twice)',
  },
  ...(quick
    ? []
    : [
        {
          hosts: 32,
          connections: 1_000_000,
          target: 'target: under 15 s, under 300 MB, cost per event flat in n',
        },
      ]),
];

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Wall ns per processed event of each case, to show whether the cost per event stays flat in n. */
const nsPerEvent = new Map<string, number>();

async function run({ hosts, connections, target, balancer }: Case): Promise<void> {
  const scenario = defaultScenario();
  scenario.clusters = [makeCluster('A', hosts)];
  if (balancer) scenario.clusters[0]!.balancer = balancer;
  scenario.client.connectionsPerSecond = 0;
  scenario.client.sourceAddresses = 50_000;
  globalThis.gc?.();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  // Every garbage collection during the run, wall ms (Node hands the entries over after the run).
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  const sim = new Simulation(scenario);
  // Sample memory between chunks, since a single synchronous run would starve the interval timer.
  const chunk = 5_000;
  let done = 0;
  let completed = 0;
  while (done < connections) {
    const n = Math.min(chunk, connections - done);
    completed += sim.runConnections(n).completed;
    done += n;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const wallMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc.disconnect();
  clearInterval(sampler);
  const stats = sim.stats();
  const perEvent = (wallMs * 1e6) / stats.eventsProcessed;
  const smaller = balancer ? undefined : nsPerEvent.get(`${hosts}`);
  if (!balancer) nsPerEvent.set(`${hosts}`, perEvent);
  console.log(
    [
      `${String(hosts).padStart(2)} hosts ${balancer ? balancerText(balancer) : 'unicast'}`,
      `${connections.toLocaleString('en')} connections (${completed.toLocaleString('en')} completed)`,
      `${(wallMs / 1000).toFixed(2)} s wall`,
      `${Math.round((connections / wallMs) * 1000).toLocaleString('en')} conn/s`,
      `${Math.round((stats.eventsProcessed / wallMs) * 1000).toLocaleString('en')} events/s`,
      `${stats.eventsProcessed.toLocaleString('en')} events`,
      `${Math.round(perEvent)} ns/event${smaller ? ` (${(perEvent / smaller).toFixed(2)}x the smaller run's)` : ''}`,
      `${sim.world.queue.size.toLocaleString('en')} events still queued`,
      `GC ${((gcMs / wallMs) * 100).toFixed(1)} % of wall`,
      `peak RSS ${mb(peakRss)}`,
      ...(target ? [target] : []),
    ].join(' | '),
  );
}

/**
 * Full detail (hops, decisions with their numbers, connection ends, drained as the worker drains
 * them) against counters only, for the same batch: the cost of what the page can show.
 */
function detailCost(): void {
  const connections = 20_000;
  const time = (detail: 'full' | 'counters') => {
    const scenario = defaultScenario();
    scenario.clusters = [makeCluster('A', 8)];
    scenario.client.connectionsPerSecond = 0;
    const sim = new Simulation(scenario);
    sim.setDetail(detail);
    const started = performance.now();
    for (let done = 0; done < connections; done += 500) {
      sim.runConnections(500);
      sim.take();
    }
    return (performance.now() - started) / sim.stats().eventsProcessed;
  };
  time('full'); // warm up
  const full = Math.min(time('full'), time('full'));
  const counters = Math.min(time('counters'), time('counters'));
  console.log(
    `full detail vs counters only (${connections.toLocaleString('en')} connections, 8 hosts) | ` +
      `${(full / counters).toFixed(2)}x per event | target: under 1.5x`,
  );
}

/**
 * Timeline seeks in a 60-minute run of the default scenario (20 connections per simulated second),
 * played through the session as the app plays it (so it keeps its checkpoints on the way).
 */
async function seeks(): Promise<void> {
  const updates: WorkerUpdate[] = [];
  const session = new SimulationSession((u) => updates.push(u), {
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  /** Handle a command and wait (wall time) until the long work it started has ended. */
  /** Wall ms, and this process's CPU ms (less disturbed by other tenants of a shared machine). */
  const settle = async (command: WorkerCommand): Promise<{ wall: number; cpu: number }> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    session.handle(command);
    while (session.working) {
      // A job awaiting confirmation (an estimate over two minutes) goes on as a user would let it.
      if (updates.at(-1)?.type === 'progress') session.handle({ type: 'confirmWork' });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  session.handle({ type: 'load', scenario: defaultScenario() });
  const runMs = 3_600_000;
  const played = await settle({ type: 'seek', t: runMs });
  const sim = session.simulation!;
  const figures: string[] = [];
  for (const [name, target] of [
    ['to the end', runMs - 1000],
    ['to the middle', runMs / 2],
    ['to 10 s', 10_000],
    ['to the end again', runMs - 1000],
    ['to 47 min', 2_820_000],
  ] as const) {
    const { wall, cpu } = await settle({ type: 'seek', t: target });
    figures.push(`${name}: ${Math.round(wall)} ms (CPU ${Math.round(cpu)} ms)`);
  }
  const { checkpoints, checkpointObjects } = session.seekFacts;
  console.log(
    `seek in a 60-minute run (${sim.stats().openedConnections.toLocaleString('en')} connections, ` +
      `${session.simulation!.world.eventsProcessed.toLocaleString('en')} events; played in ${(played.wall / 1000).toFixed(1)} s, ` +
      `${checkpoints} checkpoints of ${checkpointObjects.toLocaleString('en')} objects in all) | ` +
      `${figures.join(' | ')} | target: under 100 ms anywhere`,
  );
}

console.log(`VIP Lab engine benchmark (Node ${process.version})`);
if (!process.argv.includes('--seeks')) {
  for (const c of cases) await run(c);
  detailCost();
}
await seeks();
