// What the switch has learned: one row per source MAC it saw, with the port it was seen on and who is
// at the other end of that port. With source-MAC masking (the default) the cluster MAC never appears
// as a source, so the switch never learns it and floods every frame sent to it.
import { useId } from 'react';
import { useLab } from '../../state/store';

export default function MacTable() {
  const rows = useLab((s) => s.stats?.switchTable);
  const noteId = useId();
  const sorted = [...(rows ?? [])].sort((a, b) => a.port - b.port || a.mac.localeCompare(b.mac));
  return (
    <>
      <p id={noteId} className="explain-note">
        With source-MAC masking on, the cluster MAC never appears here, so the switch floods frames sent to it
        to every port; with masking off it is learned on one port and only that host gets them (KB Q193602).
      </p>
      <table className="mac-table" aria-label="Switch MAC table" aria-describedby={noteId}>
        <thead>
          <tr>
            <th scope="col">MAC</th>
            <th scope="col">Port</th>
            <th scope="col">Connected to</th>
            <th scope="col">What it is</th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={4} className="empty">
                Nothing learned yet: the switch learns a MAC when a frame from it arrives.
              </td>
            </tr>
          ) : (
            sorted.map((r) => (
              <tr key={r.mac}>
                <td className="num">{r.mac}</td>
                <td className="num">{r.port}</td>
                <td>{r.portNode}</td>
                <td>{r.note ?? ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>
  );
}
