// A layer-2 learning switch: learns source MACs per port, forwards known unicast, floods unknown
// unicast, broadcast and multicast. NLB's unicast mode relies on that flooding. It does no IGMP
// snooping, so IGMP-mode cluster traffic is flooded too, and its decisions say so.
import { formatMac, isGroupMac, isIpMulticastMac, BROADCAST_MAC, type Mac } from './addr';
import type { Frame } from './packets';
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

  private portName(port: number): string {
    const link = this.ports[port];
    return link ? `port ${port + 1} (${link.otherEnd(this).node.name})` : `port ${port + 1}`;
  }

  receive(frame: Frame, inPort: number): void {
    const world = this.world;
    const rec = world.recorder;
    if (!isGroupMac(frame.ethSrc)) {
      const known = this.macTable.get(frame.ethSrc);
      if (!known || known.port !== inPort) {
        this.macTable.set(frame.ethSrc, { mac: frame.ethSrc, port: inPort, learnedAt: world.now });
        if (rec.full) {
          rec.decide(
            world.now,
            this.id,
            'learn',
            frame.id,
            frame.connId,
            `Switch: learned ${formatMac(frame.ethSrc)} on ${this.portName(inPort)}`,
          );
        }
      } else known.learnedAt = world.now;
    }

    const entry = isGroupMac(frame.ethDst) ? undefined : this.macTable.get(frame.ethDst);
    if (entry && world.now - entry.learnedAt > this.agingMs) this.macTable.delete(frame.ethDst);
    else if (entry) {
      if (entry.port === inPort) {
        if (rec.full) {
          rec.decide(
            world.now,
            this.id,
            'drop',
            frame.id,
            frame.connId,
            `Switch: ${formatMac(frame.ethDst)} is on the port the frame came in on -> filtered`,
          );
        } else rec.count('drop');
        world.settle(frame, this, 'dropped');
        return;
      }
      if (rec.full) {
        rec.decide(
          world.now,
          this.id,
          'forward',
          frame.id,
          frame.connId,
          `Switch: ${formatMac(frame.ethDst)} is in the MAC table on ${this.portName(entry.port)} -> forwarded to that port only`,
        );
      }
      world.settle(frame, this, 'forwarded');
      world.transmit(this.ports[entry.port]!, this, frame);
      return;
    }

    if (rec.full) {
      const why =
        frame.ethDst === BROADCAST_MAC
          ? 'broadcast'
          : isIpMulticastMac(frame.ethDst)
            ? `IP multicast ${formatMac(frame.ethDst)}, and this switch does no IGMP snooping (one that did would send it only to the ports whose hosts joined the group)`
            : isGroupMac(frame.ethDst)
              ? `multicast ${formatMac(frame.ethDst)}`
              : `${formatMac(frame.ethDst)} is not in the MAC table (unknown unicast)`;
      rec.decide(
        world.now,
        this.id,
        'flood',
        frame.id,
        frame.connId,
        `Switch: ${why} -> flooded to every other port (${this.ports.length - 1})`,
      );
    } else rec.count('flood');
    world.settle(frame, this, 'flooded');
    world.transmitAll(
      this.ports.filter((_, port) => port !== inPort),
      this,
      frame,
    );
  }
}
