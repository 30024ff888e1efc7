// Client 1, the outside client: a machine behind the router standing for many client addresses
// (the internet), so that balancing by client address shows. It runs the same TCP/IP stack as a host.
import { ipOrThrow, type Ip, type Mac } from './addr';
import { ETHERTYPE_IPV4, type Frame } from './packets';
import { IpStack, type ConnectionEvents, type StackSettings } from './stack';
import { ROUTER_WAN_IP } from './router';
import type { Link, NetNode, World } from './world';

/** Outside client addresses are drawn from 172.16.0.0/12: 250 per /24, so Network affinity has many /24s. */
export function outsideSourceAddress(index: number): Ip {
  const base = ipOrThrow('172.16.0.0');
  return (base + Math.floor(index / 250) * 256 + (index % 250) + 1) | 0;
}

export class ClientMachine implements NetNode {
  readonly kind = 'client' as const;
  readonly mac: Mac = 0x00505600c001;
  readonly stack: IpStack;
  readonly sourceAddresses: Ip[];
  link!: Link;

  constructor(
    private readonly world: World,
    readonly id: string,
    readonly name: string,
    sourceAddressCount: number,
    routerWanMac: Mac,
    settings: StackSettings,
    events: ConnectionEvents,
  ) {
    this.sourceAddresses = Array.from({ length: Math.max(1, sourceAddressCount) }, (_, i) =>
      outsideSourceAddress(i),
    );
    const gateway = ipOrThrow(ROUTER_WAN_IP);
    // Prefix 32: nothing is on-link; every packet goes to the router (its MAC configured statically).
    this.stack = new IpStack(world, this, this.sourceAddresses[0]!, 32, gateway, settings, events);
    for (const ip of this.sourceAddresses) this.stack.localIps.add(ip);
    this.stack.arpCache.set(gateway, routerWanMac);
  }

  /** The address of the server Client 1 runs for connections from inside (KB Q198888 lessons). */
  get serverIp(): Ip {
    return this.sourceAddresses[0]!;
  }

  arpMacFor(): Mac {
    return this.mac;
  }

  sendFrame(frame: Frame): void {
    frame.ethSrc = this.mac;
    this.world.transmit(this.link, this, frame);
  }

  receive(frame: Frame): void {
    if (frame.etherType === ETHERTYPE_IPV4 && frame.ethDst === this.mac) {
      this.world.settle(frame, this, 'delivered');
      this.stack.receiveIp(frame.ip!, frame.id, frame.connId, false);
    } else this.world.settle(frame, this, 'ignored');
  }
}
