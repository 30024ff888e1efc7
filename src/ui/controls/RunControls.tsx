// Bulk runs: the Connections field and Run, which opens that many connections from the client as fast
// as the engine can (outcome/RunSummary.tsx announces the outcome).
import { useId, useState } from 'react';
import { DEFAULT_CONNECTIONS, useLab } from '../../state/store';

const MIN_CONNECTIONS = 1;
const MAX_CONNECTIONS = 100_000;

function parseConnections(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= MIN_CONNECTIONS && n <= MAX_CONNECTIONS ? n : null;
}

export function RunControls() {
  const [text, setText] = useState(String(DEFAULT_CONNECTIONS));
  const [showError, setShowError] = useState(false);
  const runConnections = useLab((s) => s.runConnections);
  const errorId = useId();
  const count = parseConnections(text);
  const invalid = count === null;
  return (
    <fieldset className="control-group">
      <legend>Bulk run</legend>
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (count === null) {
            setShowError(true);
            return;
          }
          setShowError(false);
          runConnections(count);
        }}
      >
        <div className="field field-narrow">
          <label htmlFor="connections">Connections</label>
          <input
            id="connections"
            type="number"
            inputMode="numeric"
            min={MIN_CONNECTIONS}
            max={MAX_CONNECTIONS}
            step={1}
            value={text}
            aria-invalid={invalid}
            aria-describedby={invalid && showError ? errorId : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          {invalid && showError && (
            <span id={errorId} className="field-error">
              Enter {MIN_CONNECTIONS}–{MAX_CONNECTIONS.toLocaleString('en')}
            </span>
          )}
        </div>
        <button type="submit" className="primary">
          Run
        </button>
      </form>
    </fieldset>
  );
}
