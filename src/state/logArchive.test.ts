// The exported event log: a header row, one row per decision, quoting that survives commas and quotes.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../sim/types';
import { decisionsToCsv, decisionsToJson } from './logArchive';
import { formatIp } from '../sim/addr';
import { Simulation } from '../sim/simulation';
import { PRESETS, presetScenario } from '../scenario/presets';

const decisions: Decision[] = [
  {
    seq: 1,
    t: 0.5,
    node: 'A2',
    action: 'state',
    frameId: 7,
    connId: 3,
    code: 'host.notApplicable',
    args: { hostAction: 'crash' },
  },
  {
    seq: 2,
    t: 1,
    node: 'sw',
    action: 'flood',
    frameId: 7,
    connId: 3,
    code: 'switch.flood',
    args: { mac: 0xffff_ffff_ffff, kind: 'broadcast', ports: 4 },
  },
];
const topology = {
  nodes: [{ id: 'A2', kind: 'host' as const, name: 'Host 2', ips: [], mac: '' }],
  links: [],
  clusters: [],
};

describe('event log export', () => {
  it('writes CSV with a header row, the code, and the words made from it, quoted', () => {
    const csv = decisionsToCsv(decisions, topology);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,time_ms,node,action,frame,connection,text,code');
    expect(lines[1]).toBe(
      '1,0.500,Host 2,state,7,3,"Host 2: ""crash"" does not apply in its current state",host.notApplicable',
    );
    expect(lines[2]).toBe(
      '2,1.000,sw,flood,7,3,sw: broadcast -> flooded to every other port (4),switch.flood',
    );
  });

  it('writes JSON with node names, codes, their numbers and their words', () => {
    const json = JSON.parse(decisionsToJson(decisions, topology, 0)) as {
      decisions: { node: string; code: string; args: unknown; text: string }[];
    };
    expect(json.decisions.map((d) => d.node)).toEqual(['Host 2', 'sw']);
    expect(json.decisions.map((d) => d.code)).toEqual(['host.notApplicable', 'switch.flood']);
    expect(json.decisions[0]!.args).toEqual({ hostAction: 'crash' });
    expect(json.decisions[0]!.text).toBe('Host 2: "crash" does not apply in its current state');
  });

  it('writes every address in the numbers unsigned, as the wire has it, for every preset', () => {
    const numbers: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'number') numbers.push(v);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const preset of PRESETS) {
      const sim = new Simulation(presetScenario(preset.id)!);
      sim.setDetail('full');
      sim.advanceTo(5_000);
      const json = JSON.parse(decisionsToJson(sim.take().decisions, sim.topology(), 0)) as {
        decisions: { args: unknown }[];
      };
      for (const d of json.decisions) walk(d.args);
    }
    // No address comes out negative (the engine keeps 128.0.0.0 and up signed); -1 is "no host".
    expect(numbers.filter((n) => n < -1)).toEqual([]);
    // The outside client's 172.16.x.x are in, unsigned.
    expect(numbers.some((n) => n >= 2 ** 31 && formatIp(n).startsWith('172.16.'))).toBe(true);
  });
});
