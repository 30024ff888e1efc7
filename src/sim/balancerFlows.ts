// A load balancer's connection tracking: which backend each flow went to and how its addresses were
// rewritten, so a flow's later packets (SYN retransmissions included) and its replies meet the same.
import type { Ip } from './addr';
import type { Endpoints } from './types';

export interface Flow {
  protocol: number;
  /** The packet as the caller sent it: caller -> VIP. */
  fromCaller: Endpoints;
  /** A reply as the caller gets it: VIP -> caller (replyOf(fromCaller), made once for the flow's replies). */
  toCaller: Endpoints;
  /** The packet as the balancer sends it to the backend (the same, for direct server return). */
  toBackend: Endpoints;
  /** Host index of the backend. */
  backend: number;
  /** The balancer will not deliver it (Kubernetes without hairpin mode, the frame back to its own port). */
  blocked: boolean;
  finFromCaller: boolean;
  finFromBackend: boolean;
  /** When a packet of the flow last passed, simulated ms (an idle flow is forgotten). */
  lastSeen: number;
}

/**
 * A flow with no packet for this long is forgotten, simulated ms: conntrack's timeout for an
 * unanswered SYN (nf_conntrack_tcp_timeout_syn_sent, 120 s). A caller that reuses a source port
 * later starts a new flow. (The clouds' idle timeouts are longer, Azure 4 min and AWS 350 s; they
 * differ only for a flow idle that long.)
 */
export const FLOW_IDLE_MS = 120_000;

/**
 * A packet's five numbers (protocol, addresses, ports) mixed into 30 bits: a small integer to V8, so
 * a Map looks it up with no key string made and hashed for every packet. Different flows may share
 * one; FlowMap tells them apart.
 */
export function flowKeyHash(protocol: number, src: Ip, srcPort: number, dst: Ip, dstPort: number): number {
  let h = Math.imul((src | 0) ^ protocol, 0x9e3779b1);
  h = Math.imul(h ^ (dst | 0), 0x85ebca6b);
  h = Math.imul(h ^ ((srcPort << 16) | dstPort), 0xc2b2ae35);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** One entry of a FlowMap: the five numbers and the flow they lead to. */
interface FlowSlot {
  readonly protocol: number;
  readonly src: Ip;
  readonly srcPort: number;
  readonly dst: Ip;
  readonly dstPort: number;
  flow: Flow;
}

function slotHas(
  slot: FlowSlot,
  protocol: number,
  src: Ip,
  srcPort: number,
  dst: Ip,
  dstPort: number,
): boolean {
  return (
    slot.protocol === protocol &&
    slot.src === src &&
    slot.srcPort === srcPort &&
    slot.dst === dst &&
    slot.dstPort === dstPort
  );
}

function slotIs(slot: FlowSlot, protocol: number, e: Endpoints): boolean {
  return slotHas(slot, protocol, e.src, e.srcPort, e.dst, e.dstPort);
}

/**
 * Flows by the five numbers of their packets (one flow for each), found through flowKeyHash: the one
 * entry with that hash, or the few that share it.
 */
export class FlowMap {
  private readonly byHash = new Map<number, FlowSlot | FlowSlot[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(protocol: number, src: Ip, srcPort: number, dst: Ip, dstPort: number): Flow | undefined {
    const found = this.byHash.get(flowKeyHash(protocol, src, srcPort, dst, dstPort));
    if (found === undefined) return undefined;
    if (!Array.isArray(found))
      return slotHas(found, protocol, src, srcPort, dst, dstPort) ? found.flow : undefined;
    for (const slot of found) if (slotHas(slot, protocol, src, srcPort, dst, dstPort)) return slot.flow;
    return undefined;
  }

  /** Sets the flow of these five numbers (another flow they led to is replaced). */
  set(protocol: number, e: Endpoints, flow: Flow): void {
    const hash = flowKeyHash(protocol, e.src, e.srcPort, e.dst, e.dstPort);
    const found = this.byHash.get(hash);
    const slot: FlowSlot = { protocol, src: e.src, srcPort: e.srcPort, dst: e.dst, dstPort: e.dstPort, flow };
    if (found === undefined) {
      this.byHash.set(hash, slot);
      this.count++;
    } else if (!Array.isArray(found)) {
      if (slotIs(found, protocol, e)) found.flow = flow;
      else {
        this.byHash.set(hash, [found, slot]);
        this.count++;
      }
    } else {
      const same = found.find((s) => slotIs(s, protocol, e));
      if (same) same.flow = flow;
      else {
        found.push(slot);
        this.count++;
      }
    }
  }

  /** Forgets the flow of these five numbers, whichever it is. */
  delete(protocol: number, e: Endpoints): void {
    const hash = flowKeyHash(protocol, e.src, e.srcPort, e.dst, e.dstPort);
    const found = this.byHash.get(hash);
    if (found === undefined) return;
    if (!Array.isArray(found)) {
      if (!slotIs(found, protocol, e)) return;
      this.byHash.delete(hash);
      this.count--;
      return;
    }
    const at = found.findIndex((s) => slotIs(s, protocol, e));
    if (at < 0) return;
    found.splice(at, 1);
    this.count--;
    if (found.length === 1) this.byHash.set(hash, found[0]!);
  }

  clear(): void {
    this.byHash.clear();
    this.count = 0;
  }
}

/** The reply direction of the leg to the backend: what the backend sends back. */
export function replyOf(e: Endpoints): Endpoints {
  return { src: e.dst, srcPort: e.dstPort, dst: e.src, dstPort: e.srcPort };
}

export class FlowTable {
  /** Flows by the packets of their callers, caller -> VIP. */
  private readonly byCaller = new FlowMap();
  /** Flows whose addresses were rewritten, by their backends' replies. */
  private readonly byReply = new FlowMap();

  get size(): number {
    return this.byCaller.size;
  }

  /** The flow a packet from a caller belongs to, at `now` (simulated ms); an idle one is forgotten. */
  fromCaller(
    protocol: number,
    src: Ip,
    srcPort: number,
    dst: Ip,
    dstPort: number,
    now: number,
  ): Flow | undefined {
    const flow = this.byCaller.get(protocol, src, srcPort, dst, dstPort);
    if (flow && now - flow.lastSeen > FLOW_IDLE_MS) {
      this.remove(flow);
      return undefined;
    }
    return flow;
  }

  /** The flow a backend's reply belongs to (only flows whose addresses were rewritten come back). */
  fromBackend(protocol: number, src: Ip, srcPort: number, dst: Ip, dstPort: number): Flow | undefined {
    return this.byReply.get(protocol, src, srcPort, dst, dstPort);
  }

  add(flow: Flow, tracksReplies: boolean): void {
    this.byCaller.set(flow.protocol, flow.fromCaller, flow);
    if (tracksReplies) this.byReply.set(flow.protocol, replyOf(flow.toBackend), flow);
  }

  remove(flow: Flow): void {
    this.byCaller.delete(flow.protocol, flow.fromCaller);
    this.byReply.delete(flow.protocol, replyOf(flow.toBackend));
  }

  clear(): void {
    this.byCaller.clear();
    this.byReply.clear();
  }
}
