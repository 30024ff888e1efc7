// Render benchmark page: mounts the real TopologyStage (d3 topology + canvas packet layer) with a
// 32-host topology from the real engine, then keeps N synthetic hops in flight through the real
// packetFeed while simulated time advances, the way the worker bridge does (one ingest per frame).
// Bench-only: window.__renderBench exists in this page, never in the app's bundle.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { TopologyStage } from '../../src/ui/stage/TopologyStage';
import { useLab } from '../../src/state/store';
import { packetFeed } from '../../src/state/packetFeed';
import { Simulation } from '../../src/sim/simulation';
import { encodeHops } from '../../src/worker/hopBatch';
import { defaultScenario, makeCluster } from '../../src/scenario/defaults';
import type { Hop, NodeId, PacketKind } from '../../src/sim/types';
import '../../src/ui/app.css';

const HOSTS = 32;
/** Every hop takes this long (simulated ms): 2 wall seconds at 1x. */
const FLIGHT_SIM_MS = 20;
/** Hops are handed over this far (simulated ms) ahead of their start, as the worker's are. */
const LEAD_SIM_MS = 0.5;
const KINDS: PacketKind[] = [
  'syn',
  'synack',
  'ack',
  'data',
  'data',
  'data',
  'fin',
  'rst',
  'arp',
  'heartbeat',
];

const scenario = defaultScenario();
scenario.clusters = [makeCluster('A', HOSTS)];
const topology = new Simulation(scenario).topology();
const pairs: [NodeId, NodeId][] = topology.links.map((l) => [l.a, l.b]);
const hostIds = topology.nodes.filter((n) => n.kind === 'host').map((n) => n.id);

// The store as the app would have it once the worker said hello; no worker is started.
useLab.setState({ scenario, topology });

let nextFrameId = 1;
let seed = 12345;
/** Deterministic, so every run draws the same picture. */
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}

function makeHop(t0: number): Hop {
  const frameId = nextFrameId++;
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  // One hop in 20 loops back inside a host; the rest run along real links, either way.
  if (random() < 0.05) {
    const host = hostIds[Math.floor(random() * hostIds.length)]!;
    return {
      frameId,
      from: host,
      to: host,
      t0,
      t1: t0 + FLIGHT_SIM_MS,
      kind,
      loopback: true,
      connId: frameId,
    };
  }
  const [a, b] = pairs[Math.floor(random() * pairs.length)]!;
  const [from, to] = random() < 0.5 ? [a, b] : [b, a];
  return { frameId, from, to, t0, t1: t0 + FLIGHT_SIM_MS, kind, loopback: false, connId: frameId };
}

let driver = 0;
let inFlightTarget = 0;

/** Keeps `count` hops in flight: prefilled, then topped up every frame as simulated time advances. */
function start(count: number): void {
  stop();
  inFlightTarget = count;
  packetFeed.reset(0);
  packetFeed.setSpeed(1);
  const initial: Hop[] = [];
  for (let i = 0; i < count; i++) initial.push(makeHop(-FLIGHT_SIM_MS * random()));
  let generatedTo = 0;
  packetFeed.ingest(0, true, encodeHops(initial), []);
  const rate = count / FLIGHT_SIM_MS; // hops started per simulated ms
  const tick = () => {
    driver = requestAnimationFrame(tick);
    const now = packetFeed.simNow();
    const until = now + LEAD_SIM_MS;
    const batch: Hop[] = [];
    const n = Math.round((until - generatedTo) * rate);
    for (let i = 0; i < n; i++)
      batch.push(makeHop(generatedTo + ((i + random()) / n) * (until - generatedTo)));
    generatedTo = until;
    packetFeed.ingest(now, true, encodeHops(batch), []);
  };
  driver = requestAnimationFrame(tick);
}

function stop(): void {
  cancelAnimationFrame(driver);
  packetFeed.setRunning(false);
}

/** Hops in flight ([t0, t1)) and hops retained by the feed right now. */
function census(): { inFlight: number; retained: number; target: number } {
  const now = packetFeed.simNow();
  let inFlight = 0;
  const hops = packetFeed.hops;
  for (let i = 0; i < hops.count; i++) if (hops.t0[i]! <= now && now < hops.t1[i]!) inFlight += 1;
  return { inFlight, retained: hops.count, target: inFlightTarget };
}

declare global {
  interface Window {
    __renderBench?: { start: typeof start; stop: typeof stop; census: typeof census; hosts: number };
  }
}
window.__renderBench = { start, stop, census, hosts: hostIds.length };

const root = document.getElementById('bench-root');
if (!root) throw new Error('bench/render/index.html must contain #bench-root.');
createRoot(root).render(createElement(TopologyStage));
