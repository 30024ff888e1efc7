// How a frame's end is marked in the drawing: dropped by a host's NLB filter, dropped as a martian by
// a backend or by a balancer node, lost to a crashed host or to an unplugged cable each get their own
// mark (shape and colour) and legend entry.
import type { DecisionCode } from '../sim/types';

export type DropFate = 'nlb' | 'martian' | 'balancer' | 'hostDown' | 'unplugged' | 'discarded';

export interface DropMarkStyle {
  fate: DropFate;
  label: string;
  /** SVG path centred on (0,0), about ±7 px: the canvas (Path2D) and the legend draw the same. */
  path: string;
  stroke: string;
}

/**
 * The frame's end as the decision that ended it names it: NLB's filter, a crashed host, a cut cable,
 * or anything else (a stack, ARP, the switch, a reassembly: the log says which).
 */
export function dropFateOf(code: DecisionCode): DropFate {
  if (code === 'host.downDrop') return 'hostDown';
  if (code === 'link.unplugged') return 'unplugged';
  if (code.startsWith('nlb.')) return 'nlb';
  if (code === 'host.martian') return 'martian';
  if (code.startsWith('lb.')) return 'balancer';
  return 'discarded';
}

export const DROP_MARKS: Record<DropFate, DropMarkStyle> = {
  // A bold ×: NLB's filter looked at the frame and said no.
  nlb: { fate: 'nlb', label: 'Dropped by NLB', path: 'M-6,-6 L6,6 M6,-6 L-6,6', stroke: '#1d1d1f' },
  // A diamond with a bar: the backend threw away a packet carrying its own address as the source
  // (the half-NAT hairpin's failure, MODERN.md).
  martian: {
    fate: 'martian',
    label: 'Own address as source (martian)',
    path: 'M0,-7 L7,0 L0,7 L-7,0 Z M-3.5,0 L3.5,0',
    stroke: '#8a1c7c',
  },
  // A square struck through: the balancer node would not send it on (no healthy backend, no hairpin).
  balancer: {
    fate: 'balancer',
    label: 'Dropped by the load balancer',
    path: 'M-6,-6 L6,-6 L6,6 L-6,6 Z M-6,6 L6,-6',
    stroke: '#5b3fa0',
  },
  // A circle struck through: nobody home, the host is down.
  hostDown: {
    fate: 'hostDown',
    label: 'Host down',
    path: 'M6.5,0 A6.5,6.5 0 1 1 -6.5,0 A6.5,6.5 0 1 1 6.5,0 M-4.6,4.6 L4.6,-4.6',
    stroke: '#6b717a',
  },
  // A zigzag: a spark at a cut cable.
  unplugged: {
    fate: 'unplugged',
    label: 'Cable cut',
    path: 'M-7,-4 L-2,4 L2,-4 L7,4',
    stroke: '#b0410a',
  },
  // A bar: thrown away for another reason (no such address, no listener, a fragment never completed).
  discarded: {
    fate: 'discarded',
    label: 'Discarded',
    path: 'M-6,0 L6,0 M-6,-3 L-6,3',
    stroke: '#5a5f66',
  },
};

export const DROP_LEGEND_ORDER: DropFate[] = [
  'nlb',
  'martian',
  'balancer',
  'hostDown',
  'unplugged',
  'discarded',
];

/** Fates only a load balancer of today (not NLB) brings about: the legend shows them when one runs. */
export const BALANCER_ONLY_FATES: ReadonlySet<DropFate> = new Set(['martian', 'balancer']);
