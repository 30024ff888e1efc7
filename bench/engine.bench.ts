// Engine benchmark: simulated connections per wall second, events per second, the garbage
// collector's share of the wall time and peak memory for 8- and 32-host unicast clusters, and seeks
// in a long run. Prints figures; it is not a pass/fail test.
import { PerformanceObserver } from 'node:perf_hooks';
import { Simulation } from '../src/sim/simulation';
import { SimulationSession } from '../src/worker/session';
import type { WorkerUpdate } from '../src/worker/protocol';
import { makeCluster, defaultScenario } from '../src/scenario/defaults';

interface Case {
  hosts: number;
  connections: number;
}

const cases: Case[] = [
  { hosts: 8, connections: 100_000 },
  { hosts: 32, connections: 100_000 },
];

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function run({ hosts, connections }: Case): Promise<void> {
  const scenario = defaultScenario();
  scenario.clusters = [makeCluster('A', hosts)];
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
  console.log(
    [
      `${String(hosts).padStart(2)} hosts unicast`,
      `${connections.toLocaleString('en')} connections (${completed.toLocaleString('en')} completed)`,
      `${(wallMs / 1000).toFixed(2)} s wall`,
      `${Math.round((connections / wallMs) * 1000).toLocaleString('en')} conn/s`,
      `${Math.round((stats.eventsProcessed / wallMs) * 1000).toLocaleString('en')} events/s`,
      `${stats.eventsProcessed.toLocaleString('en')} events`,
      `GC ${((gcMs / wallMs) * 100).toFixed(1)} % of wall`,
      `peak RSS ${mb(peakRss)}`,
    ].join(' | '),
  );
}

console.log(`VIP Lab engine benchmark (Node ${process.version})`);
for (const c of cases) await run(c);

/** Timeline seeks in a 10-minute run of the default scenario (20 connections per simulated second). */
function seeks(): void {
  const updates: WorkerUpdate[] = [];
  const session = new SimulationSession((u) => updates.push(u), {
    now: () => 0,
    setTimer: () => 0,
    clearTimer: () => {},
  });
  session.handle({ type: 'load', scenario: defaultScenario() });
  session.handle({ type: 'setSpeed', speed: 100 });
  // Play 10 simulated minutes in one go (the session caps one tick, so drive the engine directly).
  const sim = session.simulation!;
  sim.setDetail('counters');
  sim.advanceTo(600_000);
  sim.setDetail('full');
  session.handle({ type: 'pause' });
  const figures: string[] = [];
  for (const target of [599_000, 300_000, 10_000, 599_000]) {
    const started = performance.now();
    session.handle({ type: 'seek', t: target });
    figures.push(`${target / 1000} s: ${Math.round(performance.now() - started)} ms`);
  }
  console.log(
    `seek in a 10-minute run (${sim.stats().openedConnections.toLocaleString('en')} connections) | ${figures.join(' | ')}`,
  );
}
seeks();
