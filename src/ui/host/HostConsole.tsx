// The host's own view in its panel: combobox `Command` (`wlbs query`, `arp -a`, `netstat -n`,
// `ipconfig`, `route print`) and what it prints on that host at the moment on screen, asked of the
// engine again as time moves (at most a few times a second), as plain text a trainer can read out.
import { useEffect, useId, useRef, useState } from 'react';
import { HOST_COMMANDS, type HostCommand } from '../../sim/hostCommands';
import type { NodeId } from '../../sim/types';
import { useLab } from '../../state/store';

/** Wall ms between two questions to the worker while time moves. */
const REFRESH_WALL_MS = 250;

export function HostConsole({ hostId }: { hostId: NodeId }) {
  const [command, setCommand] = useState<HostCommand>('wlbs query');
  const now = useLab((s) => s.stats?.now ?? 0);
  const output = useLab((s) => s.hostCommand);
  const runHostCommand = useLab((s) => s.runHostCommand);
  const selectId = useId();
  const outputLabelId = useId();
  const lastAsked = useRef(0);

  // Ask now for a new host or command; while time moves, again at most every REFRESH_WALL_MS.
  useEffect(() => {
    lastAsked.current = performance.now();
    runHostCommand(hostId, command);
  }, [hostId, command, runHostCommand]);
  useEffect(() => {
    const wait = REFRESH_WALL_MS - (performance.now() - lastAsked.current);
    const timer = setTimeout(
      () => {
        lastAsked.current = performance.now();
        runHostCommand(hostId, command);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [now, hostId, command, runHostCommand]);

  const shown = output && output.host === hostId && output.command === command ? output : null;
  return (
    <div className="host-console">
      <div className="field">
        <label htmlFor={selectId}>Command</label>
        <select id={selectId} value={command} onChange={(e) => setCommand(e.target.value as HostCommand)}>
          {HOST_COMMANDS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <span id={outputLabelId} className="visually-hidden">
        Command output
      </span>
      <pre className="host-console-output" aria-labelledby={outputLabelId} tabIndex={0}>
        {shown ? (shown.text ?? 'This host is not in the scenario any more.') : 'Asking the host…'}
      </pre>
    </div>
  );
}
