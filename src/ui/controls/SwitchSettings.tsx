// The switch's own setting: IGMP snooping, which lets IGMP multicast mode keep a cluster's frames to
// its member ports (a rebuild of the run to this moment, like the other settings of the start).
import { useId } from 'react';
import { useLab } from '../../state/store';
import { apply } from './applyEdit';

export function SwitchSettings() {
  const snooping = useLab((s) => s.scenario.network.igmpSnooping ?? false);
  const igmp = useLab((s) => s.scenario.clusters.some((c) => c.mode === 'igmp'));
  const noteId = useId();
  return (
    <fieldset className="settings-cluster">
      <legend>Switch</legend>
      <div className="settings-row">
        <div className="option-block">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={snooping}
              aria-describedby={noteId}
              onChange={(e) =>
                apply((s) => ({ ...s, network: { ...s.network, igmpSnooping: e.target.checked } }))
              }
            />
            IGMP snooping
          </label>
          <p id={noteId} className="note settings-note">
            The switch reads the hosts&apos; IGMP reports and sends a multicast group&apos;s frames only to
            the ports that joined it.{' '}
            {igmp
              ? 'A cluster in IGMP multicast mode then reaches its own hosts only.'
              : 'It matters in IGMP multicast mode (Cluster mode); other modes send no IGMP reports.'}
          </p>
        </div>
      </div>
    </fieldset>
  );
}
