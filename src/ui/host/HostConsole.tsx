// The host's own view in its panel: combobox `Command` (`wlbs query`, `arp -a`, `netstat -n`,
// `ipconfig`, `route print`, `ping`) and what it prints on that host at the moment on screen, asked
// of the engine again as time moves (at most a few times a second), as plain text a trainer can read
// out. `ping` is an act, not a reading: its address goes into the run log as a change at this moment.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ClusterId } from '../../scenario/types';
import { parseIp } from '../../sim/addr';
import { HOST_COMMANDS, type HostCommand } from '../../sim/hostCommands';
import type { NodeId } from '../../sim/types';
import { useLab } from '../../state/store';

/** Wall ms between two questions to the worker while time moves. */
const REFRESH_WALL_MS = 250;

/** The address field and `Ping` button under `ping`: starts a ping on this host at the moment on screen. */
function PingForm({ cluster, hostIndex }: { cluster: ClusterId; hostIndex: number }) {
  // A first guess worth trying: the next host's dedicated IP (Q197864 in unicast mode).
  const suggestion = useLab((s) => {
    const hosts = s.scenario.clusters.find((c) => c.id === cluster)?.hosts ?? [];
    return hosts[(hostIndex + 1) % Math.max(1, hosts.length)]?.dip ?? '';
  });
  const change = useLab((s) => s.change);
  const [address, setAddress] = useState(suggestion);
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  const problemId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = address.trim();
    if (parseIp(text) === null) {
      setProblem(
        `"${text}" is not an IPv4 address: four numbers 0 to 255 with dots, e.g. ${suggestion || '10.0.0.12'}.`,
      );
      return;
    }
    setProblem(null);
    change([{ type: 'ping', cluster, hostIndex, target: text }]);
  };
  return (
    <form className="ping-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={fieldId}>Address to ping</label>
        <input
          id={fieldId}
          type="text"
          inputMode="decimal"
          spellCheck={false}
          autoComplete="off"
          value={address}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => setAddress(e.target.value)}
        />
      </div>
      <button type="submit">Ping</button>
      {problem && (
        <p id={problemId} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export function HostConsole({
  hostId,
  cluster,
  hostIndex,
}: {
  hostId: NodeId;
  cluster?: ClusterId;
  hostIndex?: number;
}) {
  const [command, setCommand] = useState<HostCommand>('wlbs query');
  const now = useLab((s) => s.stats?.now ?? 0);
  // A change at this moment (a ping, an operation) changes what a command prints without moving time.
  const logLength = useLab((s) => s.runLog.length);
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
  }, [now, logLength, hostId, command, runHostCommand]);

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
      {command === 'ping' && cluster !== undefined && hostIndex !== undefined && (
        <PingForm cluster={cluster} hostIndex={hostIndex} />
      )}
      <span id={outputLabelId} className="visually-hidden">
        Command output
      </span>
      <pre className="host-console-output" aria-labelledby={outputLabelId} tabIndex={0}>
        {shown ? (shown.text ?? 'This host is not in the scenario any more.') : 'Asking the host…'}
      </pre>
    </div>
  );
}
