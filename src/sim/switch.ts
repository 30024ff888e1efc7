// A layer-2 learning switch: learns source MACs per port, forwards known unicast, floods unknown
// unicast, broadcast and multicast. NLB's unicast mode relies on that flooding. With IGMP snooping on
// it learns group members from IGMP reports and sends IP multicast only to their ports (what IGMP
// multicast mode is for); without it, IGMP-mode cluster traffic is flooded, and its decisions say so.
import { isGroupMac, isIpMulticastMac, BROADCAST_MAC, type Mac } from './addr';
import type { Frame } from './packets';
import type { FloodKind, NodeId } from './types';
import type { Link, NetNode, World } from './world';

export interface MacTableEntry {
  mac: Mac;
  port: number;
  /** Simulated ms when last seen. */
  learnedAt: number;
}

export class Switch implements NetNode {
  readonly kind = 'switch' as const;
  readonly ports: Link[] = [];
  readonly macTable = new Map<Mac, MacTableEntry>();
  /** Entries not refreshed for this long are aged out (300 s, the common default). */
  agingMs = 300_000;
  /** IGMP snooping: member ports (0-based) of each IP multicast MAC, with when each last reported. */
  readonly groups = new Map<Mac, Map<number, number>>();
  /**
   * A member port that has not reported for this long leaves its group, simulated ms (IGMPv2's group
   * membership interval: 2 x 125 s query interval + 10 s).
   */
  static readonly MEMBERSHIP_MS = 260_000;

  constructor(
    private readonly world: World,
    readonly id: string,
    readonly name: string,
    /** Learn multicast group members from IGMP reports and forward IP multicast to them only. */
    readonly igmpSnooping = false,
  ) {}

  /** Member ports (0-based) of `mac`'s group that reported recently enough. */
  memberPorts(mac: Mac): number[] {
    const members = this.groups.get(mac);
    if (!members) return [];
    const now = this.world.now;
    for (const [port, at] of members) if (now - at > Switch.MEMBERSHIP_MS) members.delete(port);
    return [...members.keys()].sort((a, b) => a - b);
  }

  attach(link: Link): number {
    this.ports.push(link);
    return this.ports.length - 1;
  }

  /** The node on a port (0-based), or null. */
  private portNode(port: number): NodeId | null {
    return this.ports[port]?.otherEnd(this).node.id ?? null;
  }

  receive(frame: Frame, inPort: number): void {
    const world = this.world;
    const rec = world.recorder;
    if (!isGroupMac(frame.ethSrc)) {
      const known = this.macTable.get(frame.ethSrc);
      if (!known || known.port !== inPort) {
        this.macTable.set(frame.ethSrc, { mac: frame.ethSrc, port: inPort, learnedAt: world.now });
        rec.decide(
          world.now,
          this.id,
          'switch.learn',
          frame.id,
          frame.connId,
          rec.full ? { mac: frame.ethSrc, port: inPort + 1, portNode: this.portNode(inPort) } : undefined,
        );
      } else known.learnedAt = world.now;
    }

    if (this.igmpSnooping && isIpMulticastMac(frame.ethDst)) {
      if (this.snoop(frame, inPort)) return;
    }

    const entry = isGroupMac(frame.ethDst) ? undefined : this.macTable.get(frame.ethDst);
    if (entry && world.now - entry.learnedAt > this.agingMs) this.macTable.delete(frame.ethDst);
    else if (entry) {
      if (entry.port === inPort) {
        rec.decide(
          world.now,
          this.id,
          'switch.filter',
          frame.id,
          frame.connId,
          rec.full ? { mac: frame.ethDst } : undefined,
        );
        world.settle(frame, this, 'dropped');
        return;
      }
      rec.decide(
        world.now,
        this.id,
        'switch.forward',
        frame.id,
        frame.connId,
        rec.full
          ? { mac: frame.ethDst, port: entry.port + 1, portNode: this.portNode(entry.port) }
          : undefined,
      );
      world.settle(frame, this, 'forwarded');
      world.transmit(this.ports[entry.port]!, this, frame);
      return;
    }

    let args: { mac: Mac; kind: FloodKind; ports: number } | undefined;
    if (rec.full) {
      const kind: FloodKind =
        frame.ethDst === BROADCAST_MAC
          ? 'broadcast'
          : isIpMulticastMac(frame.ethDst)
            ? this.igmpSnooping
              ? 'unregisteredMulticast'
              : 'ipMulticast'
            : isGroupMac(frame.ethDst)
              ? 'multicast'
              : 'unknownUnicast';
      args = { mac: frame.ethDst, kind, ports: this.ports.length - 1 };
    }
    rec.decide(world.now, this.id, 'switch.flood', frame.id, frame.connId, args);
    world.settle(frame, this, 'flooded');
    world.transmitAll(this.ports, this, frame, inPort);
  }

  /**
   * IGMP snooping for an IP multicast frame: a report makes its port a member (and goes no further:
   * there is no multicast router here); other frames go to the member ports only. False when the
   * group has no member yet, so the frame is flooded like any other.
   */
  private snoop(frame: Frame, inPort: number): boolean {
    const world = this.world;
    const rec = world.recorder;
    const igmp = frame.ip?.igmp;
    if (igmp) {
      let members = this.groups.get(frame.ethDst);
      if (!members) this.groups.set(frame.ethDst, (members = new Map()));
      members.set(inPort, world.now);
      rec.decide(
        world.now,
        this.id,
        'switch.igmpJoin',
        frame.id,
        0,
        rec.full
          ? { mac: frame.ethDst, group: igmp.group, port: inPort + 1, portNode: this.portNode(inPort) }
          : undefined,
      );
      world.settle(frame, this, 'delivered');
      return true;
    }
    const ports = this.memberPorts(frame.ethDst).filter((p) => p !== inPort);
    if (ports.length === 0 && this.memberPorts(frame.ethDst).length === 0) return false;
    rec.decide(
      world.now,
      this.id,
      'switch.igmpForward',
      frame.id,
      frame.connId,
      rec.full
        ? {
            mac: frame.ethDst,
            ports: ports.map((p) => p + 1),
            others: this.ports.length - 1 - ports.length,
          }
        : undefined,
    );
    // No other member: the frame ends here, and the decision says why.
    world.settle(frame, this, ports.length === 0 ? 'dropped' : 'forwarded');
    world.transmitAll(
      ports.map((p) => this.ports[p]!),
      this,
      frame,
    );
    return true;
  }
}
