// Port rules and the default host (NLB.md, "Port rules and the default host").
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { quietScenario as scenario, servedByName as served, portRule as rule } from './testing';

/** NLB verdicts (accept or drop by a host's NLB driver) for the connection frames seen so far. */
function nlbVerdicts(sim: Simulation) {
  return sim
    .take()
    .decisions.filter(
      (d) =>
        d.frameId > 0 &&
        d.connId > 0 &&
        / NLB: /.test(decisionText(d)) &&
        (d.action === 'accept' || d.action === 'drop'),
    );
}

describe('which rule covers a packet', () => {
  it('a rule for this VIP wins over an all-VIP rule, whatever their order', () => {
    for (const order of ['specific first', 'all-VIP first']) {
      const specific = rule({ vip: '10.0.0.100', filtering: 'multiple' });
      const allVips = rule({ vip: 'all', filtering: 'disabled' });
      const sim = new Simulation(
        scenario(
          (s) =>
            (s.clusters[0]!.portRules =
              order === 'specific first' ? [specific, allVips] : [allVips, specific]),
        ),
      );
      expect(sim.runConnections(300), order).toMatchObject({ completed: 300, failed: 0 });
      for (const n of Object.values(served(sim))) expect(n).toBeGreaterThan(50);
    }
  });

  it('a rule for another VIP does not cover this one: the all-VIP rule (Disabled) applies', () => {
    const sim = new Simulation(
      scenario(
        (s) =>
          (s.clusters[0]!.portRules = [
            rule({ vip: '10.0.0.200' }),
            rule({ vip: 'all', filtering: 'disabled' }),
          ]),
      ),
    );
    expect(sim.runConnections(3)).toMatchObject({ completed: 0, failed: 3 });
  });

  it('the port range decides: port 80 by a Single-host rule, port 8080 by a Multiple-host rule', () => {
    const rules = [
      rule({ startPort: 80, endPort: 80, protocol: 'tcp', filtering: 'single' }),
      rule({ startPort: 0, endPort: 79 }),
      rule({ startPort: 81, endPort: 65535 }),
    ];
    const handling = [3, 2, 1]; // Host 3 has the best handling priority
    const make = (port: number) =>
      new Simulation(
        scenario((s) => {
          s.clusters[0]!.portRules = rules;
          s.clusters[0]!.hosts.forEach((h, i) => (h.handlingPriority = handling[i]!));
          s.client.port = port;
        }),
      );
    const port80 = make(80);
    expect(port80.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(port80)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 300 });
    const port8080 = make(8080);
    expect(port8080.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    for (const n of Object.values(served(port8080))) expect(n).toBeGreaterThan(50);
  });

  it('the protocol decides: a UDP-only rule on port 80 does not cover TCP to port 80 (the default host takes it)', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.portRules = [
          rule({ startPort: 80, endPort: 80, protocol: 'udp', filtering: 'disabled' }),
          rule({ startPort: 0, endPort: 79 }),
          rule({ startPort: 81, endPort: 65535 }),
        ];
      }),
    );
    expect(sim.runConnections(60)).toMatchObject({ completed: 60, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 60, 'Host 2': 0, 'Host 3': 0 });
    // The same range as TCP does cover it, and blocks it.
    const tcp = new Simulation(
      scenario(
        (s) =>
          (s.clusters[0]!.portRules = [
            rule({ startPort: 80, endPort: 80, protocol: 'tcp', filtering: 'disabled' }),
            rule({ startPort: 81, endPort: 65535 }),
          ]),
      ),
    );
    expect(tcp.runConnections(3)).toMatchObject({ completed: 0, failed: 3 });
  });
});

describe('filtering modes', () => {
  it('Multiple hosts: 300 connections from many clients are shared by all three hosts', () => {
    const sim = new Simulation(
      scenario((s) => (s.clusters[0]!.portRules = [rule({ filtering: 'multiple' })])),
    );
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    for (const n of Object.values(served(sim))) expect(n).toBeGreaterThan(50);
  });

  it('Single host: the host with the best handling priority takes everything, whatever the host priorities', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.portRules = [rule({ filtering: 'single' })];
        // Host 1 is the default host (priority 1) but Host 2 has the best handling priority.
        [3, 1, 2].forEach((hp, i) => (s.clusters[0]!.hosts[i]!.handlingPriority = hp));
      }),
    );
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 300, 'Host 3': 0 });
    expect(sim.stats().clusters[0]!.bucketOwners.every((o) => o === 'A2')).toBe(true);
  });

  it('Single host: when the handler crashes, the next by handling priority takes over after convergence', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.portRules = [rule({ filtering: 'single' })];
        [3, 1, 2].forEach((hp, i) => (s.clusters[0]!.hosts[i]!.handlingPriority = hp));
        s.timeline = [{ atMs: 1000, action: 'crash', cluster: 'A', hostIndex: 1 }];
      }),
    );
    // Detected within 5 periods (+ one) of the crash, converged ~3 s later: by 1000 + 6000 + 3000.
    sim.advanceTo(2000);
    // A connection opened before convergence: unanswered by everyone until Host 3 takes over.
    sim.openConnection();
    sim.advanceTo(10_500);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 3']);
    expect(sim.stats().clusters[0]!.bucketOwners.every((o) => o === 'A3')).toBe(true);
    // SYN at 2000, retries at 5000 (before convergence) and 11000 (after it): then it completes.
    sim.advanceTo(12_000);
    expect(sim.stats().completedConnections).toBe(1);
    expect(sim.stats().retransmissions).toBe(2);
    expect(sim.runConnections(100)).toMatchObject({ completed: 100, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 101 });
  });

  it('Disabled: every host drops the traffic, the client retries twice and the connection fails', () => {
    const sim = new Simulation(
      scenario((s) => (s.clusters[0]!.portRules = [rule({ filtering: 'disabled' })])),
    );
    expect(sim.runConnections(5)).toMatchObject({ completed: 0, failed: 5 });
    expect(sim.stats().retransmissions).toBe(5 * 2);

    const one = new Simulation(
      scenario((s) => (s.clusters[0]!.portRules = [rule({ filtering: 'disabled' })])),
    );
    one.openConnection();
    one.advanceTo(30_000);
    const verdicts = nlbVerdicts(one);
    // 3 SYNs x 3 hosts, every one a drop.
    expect(verdicts).toHaveLength(9);
    for (const d of verdicts) {
      expect(d.action).toBe('drop');
      expect(decisionText(d)).toContain('Disabled');
    }
    expect(one.stats().failedConnections).toBe(1);
  });
});

describe('the default host', () => {
  it('takes traffic no rule covers: the host with the lowest priority number (here Host 2, priority 1)', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.portRules = [
          rule({ startPort: 0, endPort: 79 }),
          rule({ startPort: 81, endPort: 65535 }),
        ];
        [3, 1, 2].forEach((p, i) => {
          s.clusters[0]!.hosts[i]!.priority = p;
          s.clusters[0]!.hosts[i]!.handlingPriority = p;
        });
      }),
    );
    expect(sim.stats().hosts.map((h) => h.state)).toEqual(['Converged', 'Converged as DEFAULT', 'Converged']);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 300, 'Host 3': 0 });
    sim.openConnection();
    sim.advanceTo(sim.now + 50);
    const syn = nlbVerdicts(sim).filter(
      (d) => decisionText(d).includes('SYN') || decisionText(d).includes('default host'),
    );
    expect(syn.length).toBeGreaterThanOrEqual(3);
    for (const d of syn) expect(decisionText(d)).toContain('Host 2');
  });
});

describe('a misconfigured host is kept out, and the others go on serving (Q198496)', () => {
  it('Host 3 with different rules from the start: 300 of 300 connections are served by Hosts 1 and 2, and the log names Host 3 and the rule', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.hosts[2]!.portRules = [rule({ affinity: 'none' })];
      }),
    );
    const { decisions } = sim.take();
    const kept = decisions.filter((d) => d.code === 'nlb.keptOut');
    expect(kept).toHaveLength(1);
    expect(decisionText(kept[0]!)).toBe(
      "Cluster A: Host 3 is not accepted into the cluster: Host 3's port rules differ from Host 1's at rule 1 " +
        '(rules must be identical on every host); the others converge without it and go on serving (Q198496)',
    );
    const stats = sim.stats();
    expect(stats.clusters[0]!.state).toBe('Converged');
    expect(stats.clusters[0]!.membership).toEqual(['Host 1', 'Host 2']);
    expect(stats.clusters[0]!.conflict).toMatch(/Host 3's port rules differ from Host 1's at rule 1/);
    expect(stats.hosts.map((h) => h.state)).toEqual(['Converged as DEFAULT', 'Converged', 'Converging']);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)['Host 3']).toBe(0);
    expect(served(sim)['Host 1']! + served(sim)['Host 2']!).toBe(300);
    // Its heartbeats do not set the cluster converging again and again.
    sim.advanceTo(sim.now + 30_000);
    expect(sim.stats().clusters[0]!.state).toBe('Converged');
    expect(sim.take().decisions.filter((d) => d.code === 'nlb.convergenceStart')).toEqual([]);
  });

  it('a duplicate host priority from the start: the lower-numbered host keeps it, the other is kept out', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.hosts[2]!.priority = 1)));
    const c = sim.stats().clusters[0]!;
    expect(c.state).toBe('Converged');
    expect(c.membership).toEqual(['Host 1', 'Host 2']);
    expect(c.conflict).toBe('Host 1 and Host 3 both have host priority 1 (priorities must be unique)');
    expect(sim.runConnections(60)).toMatchObject({ completed: 60, failed: 0 });
    expect(served(sim)['Host 3']).toBe(0);
  });

  it('a host with a duplicate priority joining later is kept out; its heartbeats are not taken for the other host', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.hosts[2]!.priority = 1)));
    // Host 3 stops NLB, so Hosts 1 and 2 converge between themselves; then it starts NLB again.
    sim.applyHostAction('A', 2, 'stopNlb');
    sim.advanceTo(4000);
    expect(sim.stats().clusters[0]!.conflict).toBeNull();
    sim.take();
    sim.applyHostAction('A', 2, 'startNlb');
    sim.advanceTo(sim.now + 1000 + 3000 + 500);
    const c = sim.stats().clusters[0]!;
    expect(c.state).toBe('Converged');
    expect(c.membership).toEqual(['Host 1', 'Host 2']);
    expect(c.conflict).toBe('Host 1 and Host 3 both have host priority 1 (priorities must be unique)');
    const kept = sim.take().decisions.filter((d) => d.code === 'nlb.keptOut');
    expect(kept).toHaveLength(1);
    expect(sim.runConnections(60)).toMatchObject({ completed: 60, failed: 0 });
  });

  it('a host with different rules joining later is kept out; the members converge without it and keep serving', () => {
    const sim = new Simulation(scenario());
    // Host 3 leaves (wlbs stop), and while it is out its rules are changed to differ.
    sim.applyHostAction('A', 2, 'stopNlb');
    sim.advanceTo(4000);
    sim.applyChange({
      type: 'hostPortRules',
      cluster: 'A',
      hostIndex: 2,
      rules: [rule({ affinity: 'network' })],
    });
    sim.advanceTo(8000);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2']);
    expect(sim.stats().clusters[0]!.conflict).toBeNull();
    sim.take();
    sim.applyHostAction('A', 2, 'startNlb');
    sim.advanceTo(sim.now + 1000 + 3000 + 1000);
    const c = sim.stats().clusters[0]!;
    expect(c.state).toBe('Converged');
    expect(c.conflict).toMatch(/Host 3's port rules differ from Host 1's at rule 1/);
    expect(c.membership).toEqual(['Host 1', 'Host 2']);
    const said = sim.take().decisions.filter((d) => d.code === 'nlb.keptOut');
    expect(said).toHaveLength(1);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)['Host 3']).toBe(0);
  });

  it('fixing the odd host lets it in: a live change of its rules, then convergence', () => {
    const sim = new Simulation(
      scenario((s) => (s.clusters[0]!.hosts[2]!.portRules = [rule({ affinity: 'none' })])),
    );
    sim.advanceTo(500);
    sim.applyChange({ type: 'hostPortRules', cluster: 'A', hostIndex: 2, rules: null });
    sim.advanceTo(sim.now + 3500);
    const c = sim.stats().clusters[0]!;
    expect(c.membership).toEqual(['Host 1', 'Host 2', 'Host 3']);
    expect(c.conflict).toBeNull();
  });
});
