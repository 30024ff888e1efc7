// Export scenario / Import scenario: the scenario as a .json file, and back; the status says what
// was saved or imported (a bad file's problem is shown in the alert).
import { useId, useRef } from 'react';
import { exportScenario, importScenarioFile } from '../../state/sharing/actionsOnDemand';
import { isEmbed } from '../../state/sharing/address';
import { useSharing } from '../../state/sharing/sharingStore';
import './sharing.css';

/** Export scenario / Import scenario: the scenario as a .json file, and back. */
export function ScenarioFiles() {
  const status = useSharing((s) => s.status);
  const file = useRef<HTMLInputElement>(null);
  const titleId = useId();
  if (isEmbed()) return null;
  return (
    <section className="scenario-files" aria-labelledby={titleId}>
      <h2 id={titleId}>Scenario file</h2>
      <div className="scenario-files-row">
        <button type="button" onClick={() => void exportScenario()}>
          Export scenario
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import scenario
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const chosen = e.currentTarget.files?.[0];
            // Cleared, so choosing the same file again is a change too.
            e.currentTarget.value = '';
            if (chosen) void importScenarioFile(chosen);
          }}
        />
      </div>
      <p role="status" className="note">
        {status}
      </p>
    </section>
  );
}
