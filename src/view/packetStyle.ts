// How each kind of packet looks: a shape AND a colour (Okabe–Ito, colour-blind safe), as SVG path
// strings centred on (0,0) so the canvas (Path2D) and the legend (inline SVG) draw the same thing.
import type { PacketKind } from '../sim/types';

export type PacketGroup =
  'syn' | 'synack' | 'data' | 'finrst' | 'arp' | 'heartbeat' | 'udp' | 'fragment' | 'igmp' | 'icmp';

export interface PacketStyle {
  group: PacketGroup;
  label: string;
  /** Path in a box of about ±7 px. */
  path: string;
  fill: string;
  /** Hollow shapes are stroked in their colour instead of filled. */
  hollow: boolean;
}

const TRIANGLE = 'M0,-7.5 L7,5.5 L-7,5.5 Z';
const DIAMOND = 'M0,-7.5 L7.5,0 L0,7.5 L-7.5,0 Z';
const CIRCLE = 'M6.5,0 A6.5,6.5 0 1 1 -6.5,0 A6.5,6.5 0 1 1 6.5,0 Z';
const SQUARE = 'M-6,-6 L6,-6 L6,6 L-6,6 Z';
const HEXAGON = 'M7,0 L3.5,6.1 L-3.5,6.1 L-7,0 L-3.5,-6.1 L3.5,-6.1 Z';
const PLUS =
  'M-2.5,-7 L2.5,-7 L2.5,-2.5 L7,-2.5 L7,2.5 L2.5,2.5 L2.5,7 L-2.5,7 L-2.5,2.5 L-7,2.5 L-7,-2.5 L-2.5,-2.5 Z';

export const PACKET_STYLES: Record<PacketGroup, PacketStyle> = {
  syn: { group: 'syn', label: 'SYN', path: TRIANGLE, fill: '#0072B2', hollow: false },
  synack: { group: 'synack', label: 'SYN-ACK', path: DIAMOND, fill: '#CC79A7', hollow: false },
  data: { group: 'data', label: 'Data / ACK', path: CIRCLE, fill: '#009E73', hollow: false },
  finrst: { group: 'finrst', label: 'FIN / RST', path: SQUARE, fill: '#D55E00', hollow: false },
  arp: { group: 'arp', label: 'ARP', path: CIRCLE, fill: '#E69F00', hollow: true },
  heartbeat: { group: 'heartbeat', label: 'Heartbeat', path: PLUS, fill: '#6B6B6B', hollow: false },
  udp: { group: 'udp', label: 'UDP datagram', path: HEXAGON, fill: '#56B4E9', hollow: false },
  // Hollow: a later fragment has no UDP header of its own (KB Q229064).
  fragment: {
    group: 'fragment',
    label: 'UDP fragment (no ports)',
    path: HEXAGON,
    fill: '#0072B2',
    hollow: true,
  },
  // Membership traffic, not a connection: a hollow triangle in the heartbeat's grey.
  igmp: { group: 'igmp', label: 'IGMP report', path: TRIANGLE, fill: '#6B6B6B', hollow: true },
  // A ping's echo: a hollow diamond, unlike the filled SYN-ACK diamond in shape fill and colour.
  icmp: { group: 'icmp', label: 'Ping (ICMP echo)', path: DIAMOND, fill: '#0072B2', hollow: true },
};

/** Every group in one fixed order (a sprite code is an index into it: packetSprites.ts). */
export const PACKET_GROUPS = Object.keys(PACKET_STYLES) as PacketGroup[];

/** Legend entries shown only while the client speaks UDP. */
export const UDP_LEGEND: PacketGroup[] = ['udp', 'fragment'];

export const LEGEND_ORDER: PacketGroup[] = ['syn', 'synack', 'data', 'finrst', 'arp', 'heartbeat'];

export function groupOf(kind: PacketKind): PacketGroup {
  switch (kind) {
    case 'syn':
      return 'syn';
    case 'synack':
      return 'synack';
    case 'ack':
    case 'data':
      return 'data';
    case 'fin':
    case 'rst':
      return 'finrst';
    case 'arp':
      return 'arp';
    case 'heartbeat':
      return 'heartbeat';
    case 'udp':
      return 'udp';
    case 'fragment':
      return 'fragment';
    case 'igmp':
      return 'igmp';
    case 'icmp':
      return 'icmp';
  }
}

/** The drop mark: a bold ×, dark with a white halo so it reads on any background. */
export const DROP_PATH = 'M-6,-6 L6,6 M6,-6 L-6,6';
/** Outline drawn round every packet so light colours stay visible on the pale background. */
export const PACKET_OUTLINE = '#1d1d1f';

/** The ring drawn round the packet shown in the inspector. */
export const SELECTED_RING_PATH = 'M12,0 A12,12 0 1 1 -12,0 A12,12 0 1 1 12,0 Z';

/** A lit loopback circle (a packet went round it): the loopback colour, solid where a host's ring is dashed. */
export const LOOP_TRACE_COLOR = '#0061a3';
