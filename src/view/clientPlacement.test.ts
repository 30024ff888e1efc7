// Whether the client's connections loop back, for every stage: its own DIP always, its cluster's VIP
// only where the VIP is local to every host (mechanism A).
import { describe, expect, it } from 'vitest';
import { clientHostOf, clientLoopsBack, drawnTopology } from './clientPlacement';
import { testTopology } from './testTopology';
import type { Topology } from '../sim/types';

const onHost1 = { kind: 'host', cluster: 'A', hostIndex: 0 } as const;
const vip = { kind: 'vip', cluster: 'A' } as const;

function withMechanism(t: Topology, mechanism: 'A' | 'B' | 'C'): Topology {
  return { ...t, clusters: t.clusters.map((c) => ({ ...c, balancer: { ...c.balancer, mechanism } })) };
}

describe('clientLoopsBack', () => {
  const t = testTopology(3);
  it('loops back to the VIP under local capture only, and to its own DIP always', () => {
    expect(clientLoopsBack(t, onHost1, vip)).toBe(true);
    expect(clientLoopsBack(withMechanism(t, 'B'), onHost1, vip)).toBe(false);
    expect(clientLoopsBack(withMechanism(t, 'C'), onHost1, vip)).toBe(false);
    const ownDip = { kind: 'dip', cluster: 'A', hostIndex: 0 } as const;
    expect(clientLoopsBack(withMechanism(t, 'B'), onHost1, ownDip)).toBe(true);
    expect(clientLoopsBack(t, onHost1, { kind: 'dip', cluster: 'A', hostIndex: 1 })).toBe(false);
    expect(clientLoopsBack(t, { kind: 'outside' }, vip)).toBe(false);
  });

  it('draws a client on a host inside it: no outside client box', () => {
    const t2 = testTopology(3);
    expect(drawnTopology(t2, { kind: 'outside' })).toBe(t2);
    expect(clientHostOf(t2, { kind: 'outside' })).toBeNull();
    expect(clientHostOf(t2, onHost1)).toBe(t2.nodes.find((n) => n.kind === 'host' && n.hostIndex === 0)!.id);
  });
});
