// A connection whose server goes away mid-request: the client sends its request again on TCP's
// timers (300 ms, doubling, 5 times: TcpMaxDataRetransmissions) and then gives up, or meets the
// bucket's new owner, which has no such connection and answers RST. And a slow server's delayed ACK.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { DELAYED_ACK_MS, MAX_DATA_RETRANSMISSIONS, MIN_DATA_RTO_MS } from './stack';
import { quietScenario } from './testing';
import type { Scenario } from '../scenario/types';
import type { ConnectionEnd, Decision } from './types';

/** Open one connection at `atMs` (simulated) and run to `untilMs`; its decisions and its end. */
function oneConnection(
  s: Scenario,
  atMs: number,
  untilMs: number,
  meanwhile: (sim: Simulation) => void = () => {},
): { sim: Simulation; connId: number; decisions: Decision[]; ends: ConnectionEnd[] } {
  const sim = new Simulation(s);
  sim.advanceTo(atMs);
  sim.take();
  const connId = sim.openConnection();
  meanwhile(sim);
  sim.advanceTo(untilMs);
  const { decisions, ended } = sim.take();
  return { sim, connId, decisions: decisions.filter((d) => d.connId === connId), ends: ended };
}

/** The server thinks 2 s; the serving host crashes 100 ms after the connection opens, before its delayed ACK. */
function crashMidRequest(hosts: number) {
  const s = quietScenario((sc) => {
    sc.clusters[0]!.hosts = sc.clusters[0]!.hosts.slice(0, hosts);
    sc.network.serverThinkMs = 2000;
  });
  return oneConnection(s, 8000, 40_000, (sim) => {
    sim.advanceTo(8100);
    const server = sim.hosts.filter((h) => h.stack.openConnections > 0);
    expect(server).toHaveLength(1);
    expect(sim.applyHostAction(server[0]!.clusterId, server[0]!.hostIndex, 'crash')).toBe(true);
  });
}

describe('data retransmission when the server goes away', () => {
  it('with no host left to take the bucket, the request is sent 5 more times (300 ms doubling) and the client gives up', () => {
    const { decisions, ends, connId } = crashMidRequest(1);
    const retransmits = decisions.filter((d) => d.code === 'tcp.dataRetransmit');
    expect(retransmits.map((d) => d.args)).toEqual(
      [300, 600, 1200, 2400, 4800].map((waitedMs, i) => ({
        remote: expect.any(Number),
        waitedMs,
        retry: i + 1,
        maxRetries: MAX_DATA_RETRANSMISSIONS,
        nextWaitMs: waitedMs * 2,
      })),
    );
    // Each retransmission goes on the wire as a request again.
    const requestsSent = decisions.filter(
      (d) => d.code === 'stack.send' && d.node === 'client1' && d.args.flags === 0x18,
    );
    expect(requestsSent).toHaveLength(1 + MAX_DATA_RETRANSMISSIONS);
    const giveUp = decisions.find((d) => d.code === 'tcp.dataTimeout')!;
    expect(giveUp.args).toMatchObject({ retransmissions: 5, waitedMs: 300 * 63 });
    expect(giveUp.t - requestsSent[0]!.t).toBe(300 * 63);
    expect(decisionText(giveUp)).toMatch(/still unacknowledged after 5 retransmissions \(18\.9 s\)/);
    const end = ends.find((e) => e.connId === connId)!;
    expect(end).toMatchObject({ how: 'unacknowledged', dataRetransmissions: 5, server: null });
  });

  it('once the others have converged without the crashed host, a retransmission reaches the new owner, which resets it', () => {
    const { decisions, ends, connId, sim } = crashMidRequest(3);
    const retransmits = decisions.filter((d) => d.code === 'tcp.dataRetransmit');
    // Detection (5 missed heartbeats) plus convergence (about 3 s) outlast the first four retries
    // (sent 0.3 to 4.5 s after the request); the fifth, 9.3 s after it, meets the new owner.
    expect(retransmits.map((d) => d.args.waitedMs)).toEqual([300, 600, 1200, 2400, 4800]);
    const reset = decisions.find((d) => d.code === 'tcp.noConnection')!;
    expect(reset.node).not.toBe(decisions.find((d) => d.code === 'tcp.serverAccept')!.node);
    const refused = decisions.find((d) => d.code === 'tcp.refused')!;
    expect(refused.args.established).toBe(true);
    expect(decisionText(refused)).toMatch(/answered RST to an open connection/);
    expect(decisions.some((d) => d.code === 'tcp.dataTimeout')).toBe(false);
    expect(ends.find((e) => e.connId === connId)).toMatchObject({ how: 'refused', dataRetransmissions: 5 });
    expect(sim.stats().failedConnections).toBe(1);
  });

  it('a healthy server answers before the first timeout: no retransmission, no extra frame', () => {
    const { decisions, ends, connId } = oneConnection(quietScenario(), 8000, 12_000);
    expect(decisions.some((d) => d.code === 'tcp.dataRetransmit' || d.code === 'tcp.delayedAck')).toBe(false);
    expect(ends.find((e) => e.connId === connId)).toMatchObject({ how: 'served', dataRetransmissions: 0 });
  });
});

describe('a slow server', () => {
  it('acknowledges the request alone after 200 ms when its answer takes longer, so the client does not resend it', () => {
    const s = quietScenario((sc) => (sc.network.serverThinkMs = 2000));
    const { decisions, ends, connId } = oneConnection(s, 8000, 14_000);
    const ack = decisions.find((d) => d.code === 'tcp.delayedAck')!;
    const accept = decisions.find((d) => d.code === 'tcp.serverAccept')!;
    expect(ack.node).toBe(accept.node);
    expect(ack.args).toMatchObject({ delayMs: DELAYED_ACK_MS, thinkMs: 2000 });
    expect(decisions.some((d) => d.code === 'tcp.dataRetransmit')).toBe(false);
    expect(ends.find((e) => e.connId === connId)).toMatchObject({ how: 'served' });
    expect(MIN_DATA_RTO_MS).toBeGreaterThan(DELAYED_ACK_MS);
  });

  it('a think time longer than the client waits fails the connection, and the decision says why', () => {
    const s = quietScenario((sc) => (sc.network.serverThinkMs = 30_000));
    const { decisions, ends, connId } = oneConnection(s, 8000, 40_000);
    const timeout = decisions.find((d) => d.code === 'tcp.responseTimeout')!;
    expect(timeout.args).toMatchObject({ timeoutMs: 20_000, serverThinkMs: 30_000 });
    expect(decisionText(timeout)).toMatch(
      /within 20000 ms of the handshake -> the client gives up \(the server application takes 30000 ms to answer/,
    );
    expect(ends.find((e) => e.connId === connId)).toMatchObject({ how: 'noResponse' });
  });
});
