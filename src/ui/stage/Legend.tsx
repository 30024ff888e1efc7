// The key to the packet drawing: each packet kind's shape and colour, a mark for each way a frame is
// lost (dropped by NLB, host down, cable unplugged), the loopback ring and, when a cluster has one,
// the load balancer node's six-sided box. An unplugged cable is
// drawn cut at its host, whose box also says "unplugged". In split view one key serves both labs
// (src/ui/split/SplitLegend.tsx).
import type { ReactNode } from 'react';
import { BALANCER_ONLY_FATES, DROP_LEGEND_ORDER, DROP_MARKS } from '../../view/dropFate';
import {
  LEGEND_ORDER,
  PACKET_OUTLINE,
  PACKET_STYLES,
  UDP_LEGEND,
  type PacketGroup,
} from '../../view/packetStyle';
import { useLab, type LabStoreHook } from '../../state/store';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="legend-icon" width="20" height="20" viewBox="-10 -10 20 20" aria-hidden="true">
      {children}
    </svg>
  );
}

/** What the key has to explain, as a lab's run can show it. */
export interface LegendFeatures {
  /** UDP and IGMP shapes only when the scenario can show them, so the key stays short for TCP. */
  udp: boolean;
  igmp: boolean;
  /** The ping's echo once someone has pinged in this run (the run log says so). */
  icmp: boolean;
  /** Heartbeats and NLB's drops only where a cluster runs Windows NLB. */
  nlb: boolean;
  /** The balancer node's shape and its drops where a cluster runs a load balancer of today. */
  balancer: boolean;
}

/** The key's features of the lab the component is rendered in (Lab 2's region has its own). */
export function useLegendFeatures(useLabStore: LabStoreHook = useLab): LegendFeatures {
  const udp = useLabStore((s) => s.scenario.client.protocol === 'udp');
  const igmp = useLabStore((s) => s.scenario.clusters.some((c) => c.mode === 'igmp'));
  const icmp = useLabStore((s) => s.runLog.some((e) => e.change.type === 'ping'));
  const nlb = useLabStore((s) => s.scenario.clusters.some((c) => (c.balancer?.kind ?? 'nlb') === 'nlb'));
  const balancer = useLabStore((s) => s.scenario.clusters.some((c) => (c.balancer?.kind ?? 'nlb') !== 'nlb'));
  return { udp, igmp, icmp, nlb, balancer };
}

export function Legend() {
  return <LegendView features={useLegendFeatures()} />;
}

export function LegendView({ features }: { features: LegendFeatures }) {
  const { udp, igmp, icmp, nlb, balancer } = features;
  const groups: PacketGroup[] = [
    ...LEGEND_ORDER.filter((g) => nlb || g !== 'heartbeat'),
    ...(udp ? UDP_LEGEND : []),
    ...(igmp ? (['igmp'] as const) : []),
    ...(icmp ? (['icmp'] as const) : []),
  ];
  return (
    <div className="legend">
      <h2 className="legend-title">Key</h2>
      <ul>
        {groups.map((group) => {
          const style = PACKET_STYLES[group];
          return (
            <li key={group}>
              <Icon>
                {style.hollow ? (
                  <path d={style.path} fill="none" stroke={style.fill} strokeWidth={3} />
                ) : (
                  <path d={style.path} fill={style.fill} stroke={PACKET_OUTLINE} strokeWidth={1.25} />
                )}
              </Icon>
              {style.label}
            </li>
          );
        })}
        {DROP_LEGEND_ORDER.filter(
          (fate) => (nlb || fate !== 'nlb') && (balancer || !BALANCER_ONLY_FATES.has(fate)),
        ).map((fate) => (
          <li key={fate}>
            <Icon>
              <path
                d={DROP_MARKS[fate].path}
                fill="none"
                stroke={DROP_MARKS[fate].stroke}
                strokeWidth={2.5}
                strokeLinecap="round"
              />
            </Icon>
            {DROP_MARKS[fate].label}
          </li>
        ))}
        <li>
          <Icon>
            <circle r={6.5} fill="none" stroke="#0072B2" strokeWidth={2} strokeDasharray="3 2" />
          </Icon>
          Loopback
        </li>
        {balancer && (
          <li>
            <Icon>
              <path d="M-5,-7 H5 L9,0 L5,7 H-5 L-9,0 Z" fill="#f1ecfa" stroke="#4b2d83" strokeWidth={1.8} />
            </Icon>
            Load balancer node
          </li>
        )}
      </ul>
    </div>
  );
}
