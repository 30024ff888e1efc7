// A lab's own `Client location` and `Connect to` (split view has one pair in each lab): where its
// client runs and what it connects to, read back into a typed location or target. The options come
// from the lab's scenario; what a choice does is the caller's (Lab 1 changes its run at the moment on
// screen; Lab 2 changes its own settings, from time zero).
import { useId } from 'react';
import type { ClientLocation, ClientTarget, Scenario } from '../../scenario/types';
import {
  locationOptions,
  locationValue,
  parseLocation,
  parseTarget,
  targetOptions,
  targetValue,
} from '../../state/scenarioEdit';

export interface LabClientControlsProps {
  scenario: Scenario;
  location: ClientLocation;
  target: ClientTarget;
  onLocation: (location: ClientLocation) => void;
  onTarget: (target: ClientTarget) => void;
}

export function LabClientControls({
  scenario,
  location,
  target,
  onLocation,
  onTarget,
}: LabClientControlsProps) {
  const locationId = useId();
  const targetId = useId();
  // The options follow the lab's own choice (a target outside is listed only while chosen).
  const shown: Scenario = { ...scenario, client: { ...scenario.client, location, target } };
  return (
    <>
      <div className="field">
        <label htmlFor={locationId}>Client location</label>
        <select
          id={locationId}
          value={locationValue(location)}
          onChange={(e) => {
            const next = parseLocation(e.target.value);
            if (next) onLocation(next);
          }}
        >
          {locationOptions(shown).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={targetId}>Connect to</label>
        <select
          id={targetId}
          value={targetValue(target)}
          onChange={(e) => {
            const next = parseTarget(e.target.value);
            if (next) onTarget(next);
          }}
        >
          {targetOptions(shown).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
