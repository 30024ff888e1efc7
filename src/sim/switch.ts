// A layer-2 learning switch: learns source MACs per port, forwards known unicast, floods unknown
// unicast, broadcast and multicast. NLB's unicast mode relies on that flooding. It does no IGMP
// snooping, so IGMP-mode cluster traffic is flooded too, and its decisions say so.
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

  constructor(
    private readonly world: World,
    readonly id: string,
    readonly name: string,
  ) {}

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
            ? 'ipMulticast'
            : isGroupMac(frame.ethDst)
              ? 'multicast'
              : 'unknownUnicast';
      args = { mac: frame.ethDst, kind, ports: this.ports.length - 1 };
    }
    rec.decide(world.now, this.id, 'switch.flood', frame.id, frame.connId, args);
    world.settle(frame, this, 'flooded');
    world.transmitAll(
      this.ports.filter((_, port) => port !== inPort),
      this,
      frame,
    );
  }
}
