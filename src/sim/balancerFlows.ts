// A load balancer's connection tracking: which backend each flow went to and how its addresses were
// rewritten, so a flow's later packets (SYN retransmissions included) and its replies meet the same.
import type { Ip } from './addr';
import type { Endpoints } from './types';

export interface Flow {
  protocol: number;
  /** The packet as the caller sent it: caller -> VIP. */
  fromCaller: Endpoints;
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
 * A flow's key: protocol, addresses and ports as seven UTF-16 code units (each address as its two
 * 16-bit halves), distinct for every 5-tuple and made with no number-to-text conversion.
 */
function key(protocol: number, src: Ip, srcPort: number, dst: Ip, dstPort: number): string {
  return String.fromCharCode(protocol, src >>> 16, src & 0xffff, srcPort, dst >>> 16, dst & 0xffff, dstPort);
}

/** The key of packets sent as `e`. */
function keyOf(protocol: number, e: Endpoints): string {
  return key(protocol, e.src, e.srcPort, e.dst, e.dstPort);
}

/** The key of the replies to packets sent as `e` (replyOf(e)'s, with no object made for it). */
function replyKeyOf(protocol: number, e: Endpoints): string {
  return key(protocol, e.dst, e.dstPort, e.src, e.srcPort);
}

/** The reply direction of the leg to the backend: what the backend sends back. */
export function replyOf(e: Endpoints): Endpoints {
  return { src: e.dst, srcPort: e.dstPort, dst: e.src, dstPort: e.srcPort };
}

export class FlowTable {
  private readonly byCaller = new Map<string, Flow>();
  private readonly byReply = new Map<string, Flow>();

  get size(): number {
    return this.byCaller.size;
  }

  /** The flow a packet from a caller belongs to, at `now` (simulated ms); an idle one is forgotten. */
  fromCaller(protocol: number, e: Endpoints, now: number): Flow | undefined {
    const flow = this.byCaller.get(keyOf(protocol, e));
    if (flow && now - flow.lastSeen > FLOW_IDLE_MS) {
      this.remove(flow);
      return undefined;
    }
    return flow;
  }

  /** The flow a backend's reply belongs to (only flows whose addresses were rewritten come back). */
  fromBackend(protocol: number, e: Endpoints): Flow | undefined {
    return this.byReply.get(keyOf(protocol, e));
  }

  add(flow: Flow, tracksReplies: boolean): void {
    this.byCaller.set(keyOf(flow.protocol, flow.fromCaller), flow);
    if (tracksReplies) this.byReply.set(replyKeyOf(flow.protocol, flow.toBackend), flow);
  }

  remove(flow: Flow): void {
    this.byCaller.delete(keyOf(flow.protocol, flow.fromCaller));
    this.byReply.delete(replyKeyOf(flow.protocol, flow.toBackend));
  }

  clear(): void {
    this.byCaller.clear();
    this.byReply.clear();
  }
}
