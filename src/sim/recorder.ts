// Collects what the engine did: packet hops for the drawing and decisions (a code and its numbers).
// In bulk runs ("counters" detail) nothing is kept but counts, so a 100,000-connection run stays cheap;
// decisions are numbered and counted the same way at any detail.
import type { Frame } from './packets';
import type { Decision, DecisionAction, DecisionArgs, DecisionCode, Hop, NodeId, PacketKind } from './types';

export type Detail = 'full' | 'counters';

/** Arguments of a decision that needs none (shared, so recording it allocates nothing). */
export const NO_ARGS: Record<string, never> = Object.freeze({});

/** The action of each kind of decision (what the log filters and counts by). */
export const DECISION_ACTION: { readonly [C in DecisionCode]: DecisionAction } = {
  'client.open': 'open',
  'stack.loopback': 'loopback',
  'stack.send': 'send',
  'stack.notLocal': 'drop',
  'arp.request': 'send',
  'arp.giveUp': 'drop',
  'arp.reply': 'reply',
  'arp.learned': 'accept',
  'arp.refuseMulticast': 'drop',
  'tcp.synRetransmit': 'retransmit',
  'tcp.synTimeout': 'timeout',
  'tcp.responseTimeout': 'timeout',
  'tcp.dataRetransmit': 'retransmit',
  'tcp.dataTimeout': 'timeout',
  'tcp.delayedAck': 'send',
  'ip.fragment': 'send',
  'ip.fragmentHeld': 'accept',
  'ip.reassembled': 'accept',
  'ip.reassemblyTimeout': 'drop',
  'udp.serverQuery': 'accept',
  'udp.noListener': 'drop',
  'udp.answered': 'complete',
  'udp.noReply': 'timeout',
  'tcp.noConnection': 'reset',
  'tcp.noListener': 'reset',
  'tcp.serverAccept': 'accept',
  'tcp.refused': 'reset',
  'tcp.complete': 'complete',
  'nic.ownMac': 'loopback',
  'nic.ignore': 'ignore',
  'icmp.echoRequest': 'send',
  'icmp.echoReply': 'send',
  'icmp.replyReceived': 'complete',
  'icmp.timeout': 'timeout',
  'icmp.unreachable': 'drop',
  'nlb.icmpEveryHost': 'accept',
  'nic.otherAdapter': 'ignore',
  'nic.dedicatedNic': 'accept',
  'nlb.heartbeatIgnored': 'ignore',
  'nlb.keptOut': 'converge',
  'host.downDrop': 'drop',
  'nlb.heartbeat': 'send',
  'nlb.stoppedDrop': 'drop',
  'nlb.dedicatedIp': 'accept',
  'nlb.acceptDescriptor': 'accept',
  'nlb.dropDescriptor': 'drop',
  'nlb.acceptDefault': 'accept',
  'nlb.dropDefault': 'drop',
  'nlb.dropDisabled': 'drop',
  'nlb.acceptSingle': 'accept',
  'nlb.dropSingle': 'drop',
  'nlb.acceptBucket': 'accept',
  'nlb.dropBucket': 'drop',
  'nlb.dropDraining': 'drop',
  'nlb.convergenceStart': 'converge',
  'nlb.converged': 'converge',
  'nlb.alone': 'converge',
  'host.crash': 'state',
  'host.restart': 'state',
  'host.unplug': 'state',
  'host.plug': 'state',
  'host.stopNlb': 'state',
  'host.drainstop': 'state',
  'host.startNlb': 'state',
  'host.stopServer': 'state',
  'host.startServer': 'state',
  'host.drained': 'state',
  'host.notApplicable': 'state',
  'link.unplugged': 'drop',
  'switch.learn': 'learn',
  'switch.filter': 'drop',
  'switch.igmpJoin': 'learn',
  'switch.igmpForward': 'forward',
  'igmp.report': 'send',
  'igmp.heard': 'ignore',
  'switch.forward': 'forward',
  'switch.flood': 'flood',
  'router.toLan': 'forward',
  'lb.pick': 'accept',
  'lb.flow': 'forward',
  'lb.forward': 'forward',
  'lb.rewrite': 'forward',
  'lb.noBackend': 'drop',
  'lb.noHairpin': 'drop',
  'lb.route': 'forward',
  'lb.proxyConnect': 'open',
  'lb.proxyFailed': 'reset',
  'host.martian': 'drop',
  'router.toOutside': 'forward',
  'router.notForRouter': 'ignore',
  'router.notIp': 'ignore',
};

export class Recorder {
  detail: Detail = 'full';
  private hops: Hop[] = [];
  private decisions: Decision[] = [];
  private decisionSeq = 0;

  /** Decisions made so far at any detail (the Step button runs until this grows). */
  get decisionsMade(): number {
    return this.decisionSeq;
  }
  /**
   * How many decisions of each kind were made, at any detail, in the order each kind was first made.
   * A Map of counters: one lookup per decision on a hot path (the plain object it replaces fell back
   * to a slow dictionary once some 16 kinds were in it, and took two lookups).
   */
  private readonly counts = new Map<DecisionCode, { n: number }>();
  /**
   * The kind of the latest decision and its counter in `counts`: decisions come in runs of one kind
   * (every host dropping one flooded frame), and a run after the first costs no lookup.
   */
  private lastCode: DecisionCode | null = null;
  private lastCount: { n: number } | null = null;
  /** Cap on decisions buffered between two takes, so a slow reader cannot grow memory unbounded. */
  maxBuffered = 50_000;
  /** Frames seen at full detail, by id, for the inspector (oldest evicted past `maxFrames`). */
  readonly frames = new Map<number, Frame>();
  maxFrames = 100_000;

  get full(): boolean {
    return this.detail === 'full';
  }

  /** Keep a frame for inspection (full detail only). */
  frame(frame: Frame): void {
    if (this.detail !== 'full' || this.frames.has(frame.id)) return;
    this.frames.set(frame.id, frame);
    if (this.frames.size > this.maxFrames) this.frames.delete(this.frames.keys().next().value!);
  }

  hop(
    frameId: number,
    from: NodeId,
    to: NodeId,
    t0: number,
    t1: number,
    kind: PacketKind,
    loopback: boolean,
    connId: number,
  ): void {
    if (this.detail !== 'full') return;
    this.hops.push({ frameId, from, to, t0, t1, kind, loopback, connId });
  }

  /**
   * Record one decision: numbered and counted always, at any detail; kept with its numbers only at
   * full detail. Hot paths build `args` only when `full` (`rec.full ? { ... } : undefined`), so a
   * bulk run allocates nothing here; the words are made later, by `decisionText`.
   */
  decide<C extends DecisionCode>(
    t: number,
    node: NodeId,
    code: C,
    frameId: number,
    connId: number,
    args: DecisionArgs<C> | undefined,
  ): void {
    if (code === this.lastCode) this.lastCount!.n++;
    else {
      let count = this.counts.get(code);
      if (count === undefined) this.counts.set(code, (count = { n: 0 }));
      count.n++;
      this.lastCode = code;
      this.lastCount = count;
    }
    const seq = ++this.decisionSeq;
    if (this.detail !== 'full') return;
    if (args === undefined) throw new Error(`Decision ${code} recorded at full detail without its numbers`);
    if (this.decisions.length >= this.maxBuffered) this.decisions.shift();
    const action = DECISION_ACTION[code];
    this.decisions.push({ seq, t, node, action, frameId, connId, code, args } as Decision);
  }

  /**
   * `decide` for `times` decisions of one kind in a row at counters detail, where nothing is kept of
   * each but its number and its kind's count (a flood's cluster hosts dropping it in a bulk run).
   */
  decideRepeated(code: DecisionCode, times: number): void {
    if (this.detail === 'full')
      throw new Error(`Decisions ${code} counted without their numbers at full detail`);
    if (code !== this.lastCode) {
      let count = this.counts.get(code);
      if (count === undefined) this.counts.set(code, (count = { n: 0 }));
      this.lastCode = code;
      this.lastCount = count;
    }
    this.lastCount!.n += times;
    this.decisionSeq += times;
  }

  /** How many decisions of this action were made so far, at any detail. */
  countOf(action: DecisionAction): number {
    let n = 0;
    for (const [code, count] of this.counts) {
      if (DECISION_ACTION[code] === action) n += count.n;
    }
    return n;
  }

  /** How many decisions of each action were made so far, at any detail (actions never made are absent). */
  actionCounts(): Partial<Record<DecisionAction, number>> {
    const out: Partial<Record<DecisionAction, number>> = {};
    for (const [code, count] of this.counts) {
      const action = DECISION_ACTION[code];
      out[action] = (out[action] ?? 0) + count.n;
    }
    return out;
  }

  /** How many decisions of each kind were made so far, at any detail (kinds never made are absent). */
  codeCounts(): Partial<Record<DecisionCode, number>> {
    const out: Partial<Record<DecisionCode, number>> = {};
    for (const [code, count] of this.counts) out[code] = count.n;
    return out;
  }

  take(): { hops: Hop[]; decisions: Decision[] } {
    const out = { hops: this.hops, decisions: this.decisions };
    this.hops = [];
    this.decisions = [];
    return out;
  }
}
