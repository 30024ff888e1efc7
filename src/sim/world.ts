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
  /**
   * Optional: a flooded frame arrives at `arrivals[index]`, this node, in an event that delivers it
   * to every far end of the flood in port order (World.arriveAll). The node may settle, in the same
   * go, far ends after it whose part is foreseen (a bulk run's cluster hosts that only drop it).
   * Returns the index of the next far end still to receive the frame.
   */
  receiveFlooded?(frame: Frame, arrivals: readonly Attachment[], index: number): number;
}

export interface Attachment {
  node: NetNode;
  port: number;
}

/**
 * How many times a cable of one world was plugged in or out: what is worked out from the cables'
 * states (World.transmitAll's reused flood) stays right while this number has not changed.
 */
export class Cabling {
  changes = 0;
}

export class Link {
  private plugged = true;

  constructor(
    readonly id: string,
    readonly a: Attachment,
    readonly b: Attachment,
    /** One-way latency, simulated ms. */
    readonly latencyMs: number,
    /** The world's cabling (World.cabling), told of every plug and unplug. */
    private readonly cabling: Cabling,
  ) {
    this.aIsSwitch = a.node.kind === 'switch';
    this.bIsSwitch = b.node.kind === 'switch';
  }

  /** False while the cable is unplugged. */
  get up(): boolean {
    return this.plugged;
  }

  set up(up: boolean) {
    if (up === this.plugged) return;
    this.plugged = up;
    this.cabling.changes++;
  }

  otherEnd(node: NetNode): Attachment {
    return this.a.node === node ? this.b : this.a;
  }

  /** Whether `sender`, one of its ends, is a switch (kept, not read from the node for every frame sent). */
  leftBySwitch(sender: NetNode): boolean {
    return this.a.node === sender ? this.aIsSwitch : this.bIsSwitch;
  }

  private readonly aIsSwitch: boolean;
  private readonly bIsSwitch: boolean;
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
  /** The far ends of the latest flood (transmitAll), for the next to share when it reaches the same. */
  private lastArrivals: Attachment[] = [];
  /**
   * The flood that made `lastArrivals` when it reached every far end at one latency (no cable down,
   * no latency of its own), for the next to reuse at once: the links (and how many), the sender, the
   * port left out and the latency, simulated ms. `floodLinks` null: the latest flood was not such.
   */
  private floodLinks: Link[] | null = null;
  private floodLinkCount = 0;
  private floodSender: NetNode | null = null;
  private floodExcept = -1;
  private floodLatency = 0;
  /** `cabling.changes` when that flood reached every far end (no cable has changed since while equal). */
  private floodCabling = -1;
  /** Every link of this world is told to count its plugs and unplugs here. */
  readonly cabling = new Cabling();

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

  /**
   * `schedule` for an event that is never cancelled, at a delay that is one of a few fixed ones (a
   * link's latency, a server's think time): it waits in the queue's lane for that delay, which
   * costs less than the heap that timers need. Runs in the same order as `schedule` would.
   */
  post<K extends string, A extends EventArgs>(
    delayMs: number,
    target: HasMethod<K, A>,
    method: K,
    ...args: A
  ): void;
  post(delayMs: number, target: object, method: string, a?: unknown, b?: unknown, c?: unknown): void {
    this.queue.insertInLane(delayMs, this.now + delayMs, target, method, a, b, c);
  }

  /** A timer no longer needed leaves the queue (nothing happens if it has run already). */
  cancel(timer: QueuedEvent | null): void {
    if (timer) this.queue.cancel(timer);
  }

  /** Run the next event; false when none is left. */
  step(): boolean {
    const event = this.queue.takeNext();
    if (!event) return false;
    this.now = event.t;
    this.eventsProcessed++;
    // Frames arriving, most of a run's events, are the world's own: called directly, not looked up
    // by name on whatever component an event names (a slow lookup where every kind of node is met).
    if (event.target === this) {
      if (event.method === 'arrive') {
        this.arrive(event.a as Attachment, event.b as Frame);
        return true;
      }
      if (event.method === 'arriveAll') {
        this.arriveAll(event.a as Attachment[], event.b as Frame);
        return true;
      }
    }
    fire(event);
    return true;
  }

  /** A node says what became of a frame that arrived at it (exactly once per arrival). */
  settle(frame: Frame, node: NetNode, fate: FrameFate): void {
    const ledger = this.ledger;
    // Each fate by name rather than `settled[fate]++`: a lookup by a key that varies measured slow
    // here, at 32 settlements of every frame a switch floods to 32 hosts.
    const settled = ledger.settled;
    switch (fate) {
      case 'delivered':
        settled.delivered++;
        break;
      case 'forwarded':
        settled.forwarded++;
        break;
      case 'flooded':
        settled.flooded++;
        break;
      case 'dropped':
        settled.dropped++;
        break;
      case 'ignored':
        settled.ignored++;
        break;
    }
    if (ledger.keep) ledger.records.push({ frameId: frame.id, node: node.id, fate });
  }

  /**
   * `settle` for the far ends `arrivals[from]` up to (not including) `arrivals[to]`, each with the
   * same fate: one addition to the counts (a flood's cluster hosts dropping it in a bulk run).
   */
  settleRun(frame: Frame, arrivals: readonly Attachment[], from: number, to: number, fate: FrameFate): void {
    const ledger = this.ledger;
    ledger.settled[fate] += to - from;
    if (ledger.keep)
      for (let i = from; i < to; i++)
        ledger.records.push({ frameId: frame.id, node: arrivals[i]!.node.id, fate });
  }

  /** A frame reaches the far end of its link (run by the event queue). */
  arrive(to: Attachment, frame: Frame): void {
    this.ledger.arrivals++;
    to.node.receive(frame, to.port);
  }

  /**
   * One frame reaches several far ends at once, in port order (run by the event queue). A node that
   * takes floods itself (`receiveFlooded`) may settle some of the far ends after it too.
   */
  arriveAll(arrivals: Attachment[], frame: Frame): void {
    const ledger = this.ledger;
    let i = 0;
    while (i < arrivals.length) {
      const to = arrivals[i]!;
      const node = to.node;
      if (node.receiveFlooded === undefined) {
        ledger.arrivals++;
        node.receive(frame, to.port);
        i++;
        continue;
      }
      const next = node.receiveFlooded(frame, arrivals, i);
      ledger.arrivals += next - i;
      i = next;
    }
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
    if (frame.connId > 0 && !link.leftBySwitch(sender)) this.framesOnWire++;
    const t1 = this.now + link.latencyMs;
    this.ledger.transmissions++;
    this.capture?.onLink(this.now, link.id, sender.id, to.node.id, frame);
    // The nodes' names only when the hop is kept: every kind of node sends here, and reading a field
    // of so many kinds is slow.
    const recorder = this.recorder;
    if (recorder.full) {
      recorder.frame(frame);
      recorder.hop(frame.id, sender.id, to.node.id, this.now, t1, frame.kind, false, frame.connId);
    }
    this.queue.append(link.latencyMs, t1, this, 'arrive', to, frame);
  }

  /**
   * Put one frame on several links at once (a switch flooding), all but `links[except]` (the port a
   * flooded frame came in on; -1: none left out, so a flood needs no list of its own made). Links
   * of equal latency share one arrival event, delivered in port order: the same order separate
   * events would have had, at a fraction of the cost when a frame fans out to 32 hosts.
   */
  transmitAll(links: Link[], sender: NetNode, frame: Frame, except = -1): void {
    // The short path of a bulk run: the same flood as the latest, no cable plugged or unplugged since
    // (all were in), nothing kept of each hop: the same far ends at the same latency, found without
    // walking them (33 on 32 hosts).
    if (
      links === this.floodLinks &&
      links.length === this.floodLinkCount &&
      sender === this.floodSender &&
      except === this.floodExcept &&
      !this.recorder.full &&
      this.capture === null &&
      this.cabling.changes === this.floodCabling
    ) {
      const arrivals = this.lastArrivals;
      const latency = this.floodLatency;
      this.ledger.transmissions += arrivals.length;
      this.queue.append(latency, this.now + latency, this, 'arriveAll', arrivals, frame);
      return;
    }
    this.floodLinks = null;
    // The far ends reached: the previous flood's list while they are the same ends (most floods
    // come in on the router's port and reach every host), a new list from the first that differs.
    // Arrival events can share one list, since it is never changed once queued.
    const previous = this.lastArrivals;
    let arrivals: Attachment[] | null = null;
    let reached = 0;
    let latency = -1;
    // What is kept of each hop, looked up once for the whole flood (33 links on 32 hosts).
    const recorder = this.recorder;
    const full = recorder.full;
    const capture = this.capture;
    for (let i = 0; i < links.length; i++) {
      if (i === except) continue;
      const link = links[i]!;
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
      if (full)
        recorder.hop(
          frame.id,
          sender.id,
          to.node.id,
          this.now,
          this.now + latency,
          frame.kind,
          false,
          frame.connId,
        );
      capture?.onLink(this.now, link.id, sender.id, to.node.id, frame);
      if (arrivals === null && previous[reached] === to) reached++;
      else {
        arrivals ??= previous.slice(0, reached);
        arrivals.push(to);
        reached++;
      }
    }
    if (arrivals === null) arrivals = reached === previous.length ? previous : previous.slice(0, reached);
    if (arrivals.length === 0) return;
    this.lastArrivals = arrivals;
    if (reached === links.length - (except >= 0 && except < links.length ? 1 : 0)) {
      // Every link but the one left out reached in one arrival: the next such flood can reuse it.
      this.floodLinks = links;
      this.floodLinkCount = links.length;
      this.floodSender = sender;
      this.floodExcept = except;
      this.floodLatency = latency;
      this.floodCabling = this.cabling.changes;
    }
    this.recorder.frame(frame);
    this.ledger.transmissions += arrivals.length;
    this.queue.append(latency, this.now + latency, this, 'arriveAll', arrivals, frame);
  }
}
