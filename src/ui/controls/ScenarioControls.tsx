// The scenario controls: where the client runs and what it connects to. Each choice is a change of
// the run at the moment on screen (the client's next connection follows it); the select's value is
// read back into a typed location or target here. The cluster's own settings are in ClusterSettings.
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../state/store';
import {
  locationOptions,
  locationValue,
  parseLocation,
  parseTarget,
  targetOptions,
  targetValue,
} from '../../state/scenarioEdit';

export function ScenarioControls() {
  const scenario = useLab((s) => s.scenario);
  const { setClientLocation, setTarget } = useLab(
    useShallow((s) => ({ setClientLocation: s.setClientLocation, setTarget: s.setTarget })),
  );
  return (
    <fieldset className="control-group">
      <legend>Scenario</legend>
      <div className="field">
        <label htmlFor="client-location">Client location</label>
        <select
          id="client-location"
          value={locationValue(scenario.client.location)}
          onChange={(e) => {
            const location = parseLocation(e.target.value);
            if (location) setClientLocation(location);
          }}
        >
          {locationOptions(scenario).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="connect-to">Connect to</label>
        <select
          id="connect-to"
          value={targetValue(scenario.client.target)}
          onChange={(e) => {
            const target = parseTarget(e.target.value);
            if (target) setTarget(target);
          }}
        >
          {targetOptions(scenario).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
