// tshark reads the capture of every built-in scenario: no malformed frame or bad checksum, and no
// conversation the client did not open. Its own file, so it runs beside the other capture tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { PRESETS, presetScenario } from '../scenario/presets';
import { expertProblemLines, TSHARK_CHECKS, tshark } from './tsharkReader';

describe('tshark reads every built-in scenario', () => {
  it('reads the capture of every built-in scenario cleanly, with a TCP conversation per connection (two through a NAT or proxy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viplab-presets-'));
    for (const preset of PRESETS) {
      const sim = new Simulation(presetScenario(preset.id)!);
      sim.enableCapture();
      // The preset's own timeline and client stream, then a batch: what a trainer would export.
      sim.advanceTo(3_000);
      sim.runConnections(20);
      const file = join(dir, `${preset.id}.pcap`);
      writeFileSync(file, sim.pcap('switch')!);
      // One tshark run per preset: its expert warnings and its TCP and UDP conversations.
      const report = tshark([
        '-r',
        file,
        ...TSHARK_CHECKS,
        '-q',
        '-z',
        'expert,warn',
        '-z',
        'conv,tcp',
        '-z',
        'conv,udp',
      ]);
      expect({ preset: preset.id, problems: expertProblemLines(report) }).toEqual({
        preset: preset.id,
        problems: '',
      });
      // Every TCP or UDP conversation in the capture belongs to a connection (or query) the client
      // opened on the wire: one each, or two where a balancer rewrites addresses or proxies (the
      // caller's side to the VIP and the backend's side are two conversations to tshark).
      const conversations = report.split('\n').filter((l) => /<->/.test(l)).length;
      const sides = sim.balancers.some((b) => b.facts.rewrite !== 'macOnly') ? 2 : 1;
      expect(conversations).toBeLessThanOrEqual(sides * sim.stats().openedConnections);
      // ...and none at all where nothing of the client's crossed the wire (the KB's loopback case).
      if (sim.stats().framesOnWire === 0) expect(conversations).toBe(0);
      else expect(conversations).toBeGreaterThan(0);
    }
  }, 180_000); // a tshark run per preset, on a busy two-core machine
});
