// The exported event log: a header row, one row per decision, quoting that survives commas and quotes.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../sim/types';
import { decisionsToCsv, decisionsToJson } from './logArchive';

const decisions: Decision[] = [
  {
    seq: 1,
    t: 0.5,
    node: 'A2',
    action: 'drop',
    frameId: 7,
    connId: 3,
    text: 'Host 2 NLB: bucket 17, "not mine", drop',
  },
  { seq: 2, t: 1, node: 'sw', action: 'flood', frameId: 7, connId: 3, text: 'Switch floods' },
];
const topology = {
  nodes: [{ id: 'A2', kind: 'host' as const, name: 'Host 2', ips: [], mac: '' }],
  links: [],
  clusters: [],
};

describe('event log export', () => {
  it('writes CSV with a header row and quoted text', () => {
    const csv = decisionsToCsv(decisions, topology);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,time_ms,node,action,frame,connection,text');
    expect(lines[1]).toBe('1,0.500,Host 2,drop,7,3,"Host 2 NLB: bucket 17, ""not mine"", drop"');
    expect(lines[2]).toBe('2,1.000,sw,flood,7,3,Switch floods');
  });

  it('writes JSON with node names', () => {
    const json = JSON.parse(decisionsToJson(decisions, topology, 0)) as { decisions: { node: string }[] };
    expect(json.decisions.map((d) => d.node)).toEqual(['Host 2', 'sw']);
  });
});
