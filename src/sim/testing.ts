// Shared fixtures for the engine's unit tests: a quiet scenario (no steady client stream), and the
// readings tests compare (served per host, host states, buckets per host, frames the switch saw).
import type { Frame } from './packets';
import type { Simulation } from './simulation';
import { defaultPortRule, defaultScenario } from '../scenario/defaults';
import type { PortRule, Scenario } from '../scenario/types';

/** The default scenario with no steady stream of connections (only those a test opens), changed by `change`. */
export function quietScenario(change: (s: Scenario) => void = () => {}): Scenario {
  const s = defaultScenario();
  s.client.connectionsPerSecond = 0;
  change(s);
  return s;
}

/** Completed connections per host, by host name. */
export function servedByName(sim: Simulation): Record<string, number> {
  return Object.fromEntries(sim.stats().hosts.map((h) => [h.name, h.served]));
}

/** Completed connections per host, in host order. */
export function servedList(sim: Simulation): number[] {
  return sim.stats().hosts.map((h) => h.served);
}

/** Each host's state in `wlbs query` words, in host order. */
export function hostStates(sim: Simulation): string[] {
  return sim.stats().hosts.map((h) => h.state);
}

/** How many buckets of the first port rule each host of Cluster A owns (index = host index). */
export function bucketsPerHost(sim: Simulation): number[] {
  const owners = sim.clusters[0]!.rules[0]!.owners;
  return sim.clusters[0]!.config.hosts.map((_, i) => owners.filter((o) => o === i).length);
}

/** Every frame the switch receives from now on, with the port it came in on (0 = router, 1.. = hosts). */
export function tapSwitch(sim: Simulation): { t: number; port: number; frame: Frame }[] {
  const seen: { t: number; port: number; frame: Frame }[] = [];
  const original = sim.switch.receive.bind(sim.switch);
  sim.switch.receive = (frame: Frame, port: number) => {
    seen.push({ t: sim.now, port, frame: { ...frame } });
    original(frame, port);
  };
  return seen;
}

/** NLB's default port rule with some fields changed. */
export function portRule(change: Partial<PortRule> = {}): PortRule {
  return { ...defaultPortRule(), ...change };
}
