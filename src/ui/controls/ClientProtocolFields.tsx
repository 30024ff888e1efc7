// The client application's protocol: TCP connections, or UDP queries balanced by NLB one datagram at a
// time, with the query size that decides whether IPv4 fragments them (KB Q229064).
import { useId } from 'react';
import { withClient } from '../../state/scenarioEdit';
import { useLab } from '../../state/store';
import { NumberField } from '../common/NumberField';
import { DEFAULT_DATAGRAM_BYTES, MAX_IP_PAYLOAD, UDP_HEADER_BYTES } from '../../sim/packets';
import { apply } from './applyEdit';

/** UDP data bytes that still fit one Ethernet frame (1,500 - 20 IPv4 - 8 UDP). */
const ONE_FRAME_BYTES = MAX_IP_PAYLOAD - UDP_HEADER_BYTES;

export function ClientProtocolFields() {
  const client = useLab((s) => s.scenario.client);
  const selectId = useId();
  const hintId = useId();
  const udp = client.protocol === 'udp';
  const bytes = client.datagramBytes ?? DEFAULT_DATAGRAM_BYTES;
  const fragments = Math.ceil((bytes + UDP_HEADER_BYTES) / MAX_IP_PAYLOAD);
  return (
    <>
      <div className="field">
        <label htmlFor={selectId}>Client protocol</label>
        <select
          id={selectId}
          className="select-short"
          value={udp ? 'udp' : 'tcp'}
          onChange={(e) =>
            apply((s) => withClient(s, { protocol: e.target.value === 'udp' ? 'udp' : 'tcp' }))
          }
        >
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
        </select>
      </div>
      {udp && (
        <>
          <NumberField
            label="UDP query size (bytes)"
            className="field-mid"
            value={bytes}
            min={1}
            max={65507}
            onCommit={(datagramBytes) => apply((s) => withClient(s, { datagramBytes }))}
          />
          <p id={hintId} className="note settings-note" aria-live="polite">
            {bytes > ONE_FRAME_BYTES
              ? `Each query leaves as ${fragments} IPv4 fragments; only the first carries the port (KB Q229064).`
              : 'Each query fits one frame.'}{' '}
            UDP is balanced query by query: NLB keeps no connection for it.
          </p>
        </>
      )}
    </>
  );
}
