// Words for decisions: node names from ids agree with the engine's own names, every kind of decision
// the engine makes has its sentence, and decisions stay plain data that can travel (postMessage, JSON).
import { describe, expect, it } from 'vitest';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import { PRESETS } from '../scenario/presets';
import { ipOrThrow } from './addr';
import { clusterOf, decisionText, describeRule, hostName, nodeName } from './decisionText';
import { DECISION_ACTION } from './recorder';
import { Simulation } from './simulation';
import type { Decision, DecisionCode } from './types';

describe('node names from ids', () => {
  it('names every node as the engine names it', () => {
    const s = defaultScenario();
    s.clusters = [makeCluster('A', 12), makeCluster('B', 3)];
    const sim = new Simulation(s);
    for (const node of sim.topology().nodes) expect(nodeName(node.id)).toBe(node.name);
    expect(nodeName('clusterA')).toBe('Cluster A');
    expect(nodeName('clusterB')).toBe('Cluster B');
    expect(nodeName('A12')).toBe('Host 12');
    expect(nodeName('B2')).toBe('Host B2');
    expect(hostName('B', 0)).toBe('Host B1');
    expect(clusterOf('B3')).toBe('B');
    expect(clusterOf('clusterA')).toBe('A');
    expect(clusterOf('client1')).toBeNull();
    expect(clusterOf('router')).toBeNull();
  });
});

describe('decisionText', () => {
  const at = (code: DecisionCode, args: object, node = 'A2'): Decision =>
    ({ seq: 1, t: 0, node, action: DECISION_ACTION[code], frameId: 1, connId: 7, code, args }) as Decision;

  it('words decisions rarely met in a run as the engine always has', () => {
    expect(decisionText(at('switch.filter', { mac: 0x02bf0a000064 }, 'switch'))).toBe(
      'Switch: 02-BF-0A-00-00-64 is on the port the frame came in on -> filtered',
    );
    expect(
      decisionText(
        at(
          'tcp.responseTimeout',
          { remote: ipOrThrow('10.0.0.100'), remotePort: 80, timeoutMs: 20000 },
          'client1',
        ),
      ),
    ).toBe(
      'Client 1 TCP: no response from 10.0.0.100:80 within 20000 ms of the handshake -> the client gives up',
    );
    expect(decisionText(at('router.notForRouter', {}, 'router'))).toBe(
      'Router: the frame is not addressed to the router -> ignored',
    );
    expect(
      decisionText(
        at(
          'nlb.keptOut',
          { host: 2, conflict: { kind: 'priority', first: 0, second: 2, priority: 1 } },
          'clusterB',
        ),
      ),
    ).toBe(
      'Cluster B: Host B3 is not accepted into the cluster: Host B1 and Host B3 both have host priority 1 ' +
        '(priorities must be unique); the others converge without it and go on serving (Q198496)',
    );
    expect(
      decisionText(
        at('nlb.convergenceStart', {
          cause: { why: 'change', change: { type: 'loadWeight', cluster: 'A', hostIndex: 1, weight: 80 } },
          restart: false,
          ms: 3000,
        }),
      ),
    ).toBe(
      'Cluster A: Load weight of Host 2: 80 -> convergence starts; the current bucket map keeps serving meanwhile (about 3 s)',
    );
    expect(
      describeRule({ vip: 'all', startPort: 0, endPort: 65535, protocol: 'both', filtering: 'single' }),
    ).toBe('port rule 0-65535/BOTH on all VIPs (Single host)');
  });

  it('words every decision of every built-in scenario, from data that survives a JSON round trip', () => {
    const seen = new Map<DecisionCode, number>();
    for (const preset of PRESETS) {
      const sim = new Simulation(preset.scenario);
      sim.advanceTo(7000);
      for (const d of sim.take().decisions) {
        const n = seen.get(d.code) ?? 0;
        seen.set(d.code, n + 1);
        if (n >= 20) continue; // enough of this kind: keep the test quick
        expect(d.action).toBe(DECISION_ACTION[d.code]);
        const text = decisionText(d);
        expect(text.length, d.code).toBeGreaterThan(20);
        expect(text).not.toMatch(/undefined|NaN|\[object/);
        expect(decisionText(JSON.parse(JSON.stringify(d)) as Decision)).toBe(text);
      }
    }
    // Most kinds of decision occur in the gallery (the rest are checked one by one above and in reasons.test.ts).
    expect(seen.size).toBeGreaterThan(35);
  });
});
