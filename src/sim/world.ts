// The shared simulation context: clock, event queue, seeded PRNG, recorder, links and wire counters.
// Every component schedules work and puts frames on links through this one object.
import type { ChangeSource } from '../scenario/changes';
import type { CaptureBuffer } from './capture';
import { EventQueue, fire, type EventArgs, type HasMethod, type QueuedEvent } from './eventQueue';
import type { Frame } from './packets';
import { Prng } from './prng';
import { Recorder } from './recorder';
import type { NodeId, NodeKind } from './types';

export interface NetNode {
  readonly id: NodeId;
  readonly name: string;
  readonly kind: NodeKind;
  /** A frame arrived on one of this node's ports. */
  receive(frame: Frame, port: number): void;
}

export interface Attachment {
  node: NetNode;
  port: number;
}

export class Link {
  /** False while the cable is unplugged. */
  up = true;

  constructor(
    readonly id: string,
    readonly a: Attachment,
    readonly b: Attachment,
    /** One-way latency, simulated ms. */
    readonly latencyMs: number,
  ) {}

  otherEnd(node: NetNode): Attachment {
    return this.a.node === node ? this.b : this.a;
  }
}

/** What became of a frame that arrived at a node. */
export type FrameFate = 'delivered' | 'forwarded' | 'flooded' | 'dropped' | 'ignored';

export interface FateRecord {
  frameId: number;
  node: NodeId;
  fate: FrameFate;
}

/**
 * The frame ledger: every frame put on a link arrives (or is lost to an unplugged cable, with a
 * reason), and every arrival is settled exactly once. Tests check it; it costs a few counters.
 */
export class FrameLedger {
  transmissions = 0;
  arrivals = 0;
  lostOnLink = 0;
  readonly settled: Record<FrameFate, number> = {
    delivered: 0,
    forwarded: 0,
    flooded: 0,
    dropped: 0,
    ignored: 0,
  };
  /** Per-arrival records, kept only when `keep` is set (tests), since a long run would grow it without end. */
  keep = false;
  readonly records: FateRecord[] = [];

  get settledTotal(): number {
    const s = this.settled;
    return s.delivered + s.forwarded + s.flooded + s.dropped + s.ignored;
  }

  /** Transmissions scheduled to arrive but not arrived yet. */
  get inFlight(): number {
    return this.transmissions - this.arrivals;
  }
}

/**
 * A moment worth a mark on the timeline: a fault or operation, another change of the run log (a
 * weight, a rule, the client, a batch), or a convergence step.
 */
export interface TimelineMarker {
  /** Simulated ms. */
  t: number;
  kind: 'fault' | 'change' | 'convergence' | 'converged' | 'conflict';
  label: string;
  /** For faults and changes: who made it (the user, a lesson, the scenario's own timeline). */
  source?: ChangeSource;
}

export class World {
  /** Simulated ms. */
  now = 0;
  readonly queue = new EventQueue();
  readonly recorder = new Recorder();
  readonly rng: Prng;
  readonly ledger = new FrameLedger();
  /** Faults and convergence, kept at any detail (they are few) for the timeline's markers. */
  readonly markers: TimelineMarker[] = [];
  /** When set, every link transmission and loopback packet is kept for pcap export. */
  capture: CaptureBuffer | null = null;
  private frameSeq = 0;
  eventsProcessed = 0;
  /** Distinct client-connection frames put on any link (the switch forwarding one does not add). */
  framesOnWire = 0;

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  mark(kind: TimelineMarker['kind'], label: string, source?: ChangeSource): void {
    this.markers.push(source ? { t: this.now, kind, label, source } : { t: this.now, kind, label });
  }

  nextFrameId(): number {
    return ++this.frameSeq;
  }

  /** Call `target[method](...args)` after `delayMs` simulated ms; the handle cancels it (`cancel`). */
  schedule<K extends string, A extends EventArgs>(
    delayMs: number,
    target: HasMethod<K, A>,
    method: K,
    ...args: A
  ): QueuedEvent;
  schedule(
    delayMs: number,
    target: object,
    method: string,
    a?: unknown,
    b?: unknown,
    c?: unknown,
  ): QueuedEvent {
    return this.queue.insert(this.now + delayMs, target, method, a, b, c);
  }

  /** A timer no longer needed leaves the queue (nothing happens if it has run already). */
  cancel(timer: QueuedEvent | null): void {
    if (timer) this.queue.cancel(timer);
  }

  /** Run the next event; false when none is left. */
  step(): boolean {
    const event = this.queue.pop();
    if (!event) return false;
    this.now = event.t;
    this.eventsProcessed++;
    fire(event);
    return true;
  }

  /** A node says what became of a frame that arrived at it (exactly once per arrival). */
  settle(frame: Frame, node: NetNode, fate: FrameFate): void {
    const ledger = this.ledger;
    ledger.settled[fate]++;
    if (ledger.keep) ledger.records.push({ frameId: frame.id, node: node.id, fate });
  }

  /** A frame reaches the far end of its link (run by the event queue). */
  arrive(to: Attachment, frame: Frame): void {
    this.ledger.arrivals++;
    to.node.receive(frame, to.port);
  }

  /** One frame reaches several far ends at once, in port order (run by the event queue). */
  arriveAll(arrivals: Attachment[], frame: Frame): void {
    for (const to of arrivals) this.arrive(to, frame);
  }

  private cableDown(link: Link, sender: NetNode, frame: Frame): void {
    this.ledger.lostOnLink++;
    this.recorder.decide(
      this.now,
      sender.id,
      'link.unplugged',
      frame.id,
      frame.connId,
      this.recorder.full ? { peer: link.otherEnd(sender).node.id } : undefined,
    );
  }

  /** Put `frame` on `link` from `sender`; it arrives at the other end after the link's latency. */
  transmit(link: Link, sender: NetNode, frame: Frame): void {
    const to = link.otherEnd(sender);
    if (!link.up) {
      this.cableDown(link, sender, frame);
      return;
    }
    if (frame.connId > 0 && sender.kind !== 'switch') this.framesOnWire++;
    const t1 = this.now + link.latencyMs;
    this.ledger.transmissions++;
    this.capture?.onLink(this.now, link.id, sender.id, to.node.id, frame);
    this.recorder.frame(frame);
    this.recorder.hop(frame.id, sender.id, to.node.id, this.now, t1, frame.kind, false, frame.connId);
    this.queue.push(t1, this, 'arrive', to, frame);
  }

  /**
   * Put one frame on several links at once (a switch flooding). Links of equal latency share one
   * arrival event, delivered in port order: the same order separate events would have had, at a
   * fraction of the cost when a frame fans out to 32 hosts.
   */
  transmitAll(links: Link[], sender: NetNode, frame: Frame): void {
    const arrivals: Attachment[] = [];
    let latency = -1;
    for (const link of links) {
      if (!link.up) {
        this.cableDown(link, sender, frame);
        continue;
      }
      if (latency >= 0 && link.latencyMs !== latency) {
        this.transmit(link, sender, frame);
        continue;
      }
      latency = link.latencyMs;
      const to = link.otherEnd(sender);
      this.recorder.hop(
        frame.id,
        sender.id,
        to.node.id,
        this.now,
        this.now + latency,
        frame.kind,
        false,
        frame.connId,
      );
      this.capture?.onLink(this.now, link.id, sender.id, to.node.id, frame);
      arrivals.push(to);
    }
    if (arrivals.length === 0) return;
    this.recorder.frame(frame);
    this.ledger.transmissions += arrivals.length;
    this.queue.push(this.now + latency, this, 'arriveAll', arrivals, frame);
  }
}
