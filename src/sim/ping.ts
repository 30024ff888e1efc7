// `ping` on a machine, as Windows runs it: 4 echo requests of 32 bytes, each waiting up to 4 s for
// its reply, the next sent a second after the last (or at once after a timeout), and the lines the
// command prints, made from what the engine saw. Times are simulated ms.
import { formatIp, type Ip } from './addr';
import type { Ipv4Packet } from './packets';
import type { EchoListener, IpStack } from './stack';
import type { NodeId } from './types';
import type { World } from './world';

/** Echo requests one `ping` sends (Windows' default, -n 4). */
export const PING_COUNT = 4;
/** How long each request waits for its reply (Windows' default, -w 4000), simulated ms. */
export const PING_TIMEOUT_MS = 4000;
/** From one request to the next when replies come at once, simulated ms. */
export const PING_INTERVAL_MS = 1000;

export type PingResult =
  { kind: 'reply'; from: Ip; rttMs: number; ttl: number } | { kind: 'timeout' } | { kind: 'unreachable' };

export interface PingRun {
  target: Ip;
  /** The address the requests leave from (the target itself when it is one of the machine's own). */
  source: Ip;
  /** ICMP identifier of this run's requests. */
  id: number;
  /** Simulated ms each request was sent, by sequence number - 1. */
  sentAt: number[];
  /** What became of each request sent (null: still waiting). */
  results: (PingResult | null)[];
}

export class Pinger implements EchoListener {
  /** The last `ping` run on this machine (its output is what the host's console prints). */
  last: PingRun | null = null;
  private runs = 0;

  constructor(
    private readonly world: World,
    private readonly stack: IpStack,
    private readonly nodeId: NodeId,
    /** While the machine is down (crashed) nothing more is sent or printed. */
    private readonly machine: { readonly crashed: boolean },
  ) {
    stack.echoListener = this;
  }

  /** Start `ping target` (a run still going is abandoned, as a new command in a new window would). */
  start(target: Ip): void {
    const source = this.stack.localIps.has(target) ? target : this.stack.primaryIp;
    const run: PingRun = { target, source, id: 0x100 + ++this.runs, sentAt: [], results: [] };
    this.last = run;
    this.send(run);
  }

  private alive(): boolean {
    return !this.machine.crashed;
  }

  /** Send the run's next echo request (run by the event queue for every one after the first). */
  send(run: PingRun): void {
    if (run !== this.last || !this.alive()) return;
    const seq = run.sentAt.length + 1;
    run.sentAt.push(this.world.now);
    run.results.push(null);
    const rec = this.world.recorder;
    rec.decide(
      this.world.now,
      this.nodeId,
      'icmp.echoRequest',
      0,
      0,
      rec.full ? { dst: run.target, seq, count: PING_COUNT } : undefined,
    );
    this.stack.sendEchoRequest(run.source, run.target, run.id, seq);
    this.world.schedule(PING_TIMEOUT_MS, this, 'onEchoTimeout', run, seq);
  }

  /** No reply to request `seq` within the timeout (run by the event queue). */
  onEchoTimeout(run: PingRun, seq: number): void {
    if (run !== this.last || run.results[seq - 1] !== null || !this.alive()) return;
    const rec = this.world.recorder;
    rec.decide(
      this.world.now,
      this.nodeId,
      'icmp.timeout',
      0,
      0,
      rec.full ? { dst: run.target, seq, waitedMs: PING_TIMEOUT_MS } : undefined,
    );
    this.settle(run, seq, { kind: 'timeout' });
  }

  /** Record request `seq`'s fate and send the next one a second after this one left (at once if later). */
  private settle(run: PingRun, seq: number, result: PingResult): void {
    run.results[seq - 1] = result;
    if (seq >= PING_COUNT) return;
    const wait = Math.max(0, run.sentAt[seq - 1]! + PING_INTERVAL_MS - this.world.now);
    this.world.schedule(wait, this, 'send', run);
  }

  reply(packet: Ipv4Packet, frameId: number): void {
    const run = this.last;
    const echo = packet.icmp!;
    // A reply to an older run, or a second reply to one request (every host of a cluster answers a ping of its VIP).
    if (!run || echo.id !== run.id || run.results[echo.seq - 1] !== null || !this.alive()) return;
    const rttMs = this.world.now - run.sentAt[echo.seq - 1]!;
    const rec = this.world.recorder;
    rec.decide(
      this.world.now,
      this.nodeId,
      'icmp.replyReceived',
      frameId,
      0,
      rec.full ? { from: packet.src, seq: echo.seq, rttMs } : undefined,
    );
    this.settle(run, echo.seq, { kind: 'reply', from: packet.src, rttMs, ttl: packet.ttl });
  }

  unreachable(packet: Ipv4Packet, nextHop: Ip): void {
    const run = this.last;
    const echo = packet.icmp!;
    if (!run || echo.id !== run.id || run.results[echo.seq - 1] !== null || !this.alive()) return;
    const rec = this.world.recorder;
    rec.decide(
      this.world.now,
      this.nodeId,
      'icmp.unreachable',
      0,
      0,
      rec.full ? { dst: run.target, nextHop, seq: echo.seq } : undefined,
    );
    this.settle(run, echo.seq, { kind: 'unreachable' });
  }
}

/** What `ping` prints for `run` so far, as Windows words it (from the prompt to the statistics). */
export function pingText(run: PingRun | null): string {
  if (!run) return 'No ping run on this host yet: type an address under "Address to ping" and press Ping.';
  const target = formatIp(run.target);
  const lines = [`C:\\> ping ${target}`, '', `Pinging ${target} with 32 bytes of data:`];
  for (const r of run.results) {
    if (r === null) {
      lines.push('(waiting for the reply…)');
      break;
    }
    if (r.kind === 'reply') {
      const time = r.rttMs < 1 ? 'time<1ms' : `time=${Math.round(r.rttMs)}ms`;
      lines.push(`Reply from ${formatIp(r.from)}: bytes=32 ${time} TTL=${r.ttl}`);
    } else if (r.kind === 'timeout') lines.push('Request timed out.');
    else lines.push(`Reply from ${formatIp(run.source)}: Destination host unreachable.`);
  }
  const done = run.results.filter((r) => r !== null);
  if (done.length === PING_COUNT) {
    // Windows counts "Destination host unreachable" as received: a reply did come, from this host.
    const received = done.filter((r) => r.kind !== 'timeout').length;
    const lost = PING_COUNT - received;
    lines.push(
      '',
      `Ping statistics for ${target}:`,
      `    Packets: Sent = ${PING_COUNT}, Received = ${received}, Lost = ${lost} (${Math.round((lost / PING_COUNT) * 100)}% loss),`,
    );
    const rtts = done.flatMap((r) => (r.kind === 'reply' ? [r.rttMs] : []));
    if (rtts.length > 0) {
      const ms = (v: number) => `${Math.round(v)}ms`;
      lines.push(
        'Approximate round trip times in milli-seconds:',
        `    Minimum = ${ms(Math.min(...rtts))}, Maximum = ${ms(Math.max(...rtts))}, Average = ${ms(rtts.reduce((a, b) => a + b, 0) / rtts.length)}`,
      );
    }
  }
  return lines.join('\n');
}
