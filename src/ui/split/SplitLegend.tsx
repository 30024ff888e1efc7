// Split view's key, beside the two labs: what either lab can show (Lab 2 may run another load
// balancer than Lab 1, with its own drops, heartbeats or balancer node to explain).
import { useSplit, type LabTwo } from '../../state/split/splitStore';
import { useLab1 } from '../../state/store';
import { LegendView, useLegendFeatures, type LegendFeatures } from '../stage/Legend';

/** What either of two labs can show (split view's one key serves both). */
function bothLabs(a: LegendFeatures, b: LegendFeatures): LegendFeatures {
  return {
    udp: a.udp || b.udp,
    igmp: a.igmp || b.igmp,
    icmp: a.icmp || b.icmp,
    nlb: a.nlb || b.nlb,
    balancer: a.balancer || b.balancer,
  };
}

export function SplitLegend() {
  const lab2 = useSplit((s) => s.lab2);
  const lab1 = useLegendFeatures(useLab1);
  // Lab 2's store is made when split view first opens; until then the key is Lab 1's.
  return lab2 ? <BothLabsLegend lab1={lab1} lab2={lab2} /> : <LegendView features={lab1} />;
}

function BothLabsLegend({ lab1, lab2 }: { lab1: LegendFeatures; lab2: LabTwo }) {
  const second = useLegendFeatures(lab2.useLab);
  return <LegendView features={bothLabs(lab1, second)} />;
}
