// Capture and exports: a pcap of what a chosen capture point saw (the engine writes it), the event
// log as CSV or JSON, and the drawing as PNG or SVG. Each says what it saved in a polite status.
import { useId, useState } from 'react';
import { saveBlob, saveText } from '../../state/download';
import { archivedDecisions, decisionsToCsv, decisionsToJson } from '../../state/logArchive';
import { useLab } from '../../state/store';
import { exportPngBlob, exportSvgText } from '../../view/exportView';

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export function ExportPanel() {
  const capturePoints = useLab((s) => s.capturePoints);
  const capture = useLab((s) => s.capture);
  const status = useLab((s) => s.exportStatus);
  const setStatus = useLab((s) => s.setExportStatus);
  const [chosen, setChosen] = useState('switch');
  const titleId = useId();
  const pointId = capturePoints.some((p) => p.id === chosen) ? chosen : (capturePoints[0]?.id ?? '');

  const exportLog = (format: 'csv' | 'json') => {
    const { decisions, dropped, topology } = archivedDecisions();
    const fileName = `vip-lab-log-${stamp()}.${format}`;
    if (format === 'csv') saveText(decisionsToCsv(decisions, topology), fileName, 'text/csv');
    else saveText(decisionsToJson(decisions, topology, dropped), fileName, 'application/json');
    setStatus(
      `Saved ${decisions.length} event${decisions.length === 1 ? '' : 's'} to ${fileName}` +
        (decisions.length === 0 ? ' (press Step or Play first: bulk runs are counted, not logged)' : ''),
    );
  };

  const exportView = async (format: 'png' | 'svg') => {
    const fileName = `vip-lab-view-${stamp()}.${format}`;
    if (format === 'svg') {
      const text = await exportSvgText();
      if (!text) return setStatus('The drawing is not ready yet.');
      saveText(text, fileName, 'image/svg+xml');
    } else {
      try {
        const blob = await exportPngBlob();
        if (!blob) return setStatus('The drawing is not ready yet.');
        saveBlob(blob, fileName);
      } catch (error) {
        return setStatus(error instanceof Error ? error.message : String(error));
      }
    }
    setStatus(`Saved the drawing to ${fileName}`);
  };

  return (
    <section className="export-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Capture and export</h2>
      <div className="field">
        <label htmlFor="capture-point">Capture point</label>
        <select id="capture-point" value={pointId} onChange={(e) => setChosen(e.target.value)}>
          {capturePoints.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="export-row">
        <button type="button" className="primary" disabled={!pointId} onClick={() => capture(pointId)}>
          Download capture
        </button>
        <p className="note">
          A .pcap for Wireshark of what that point saw so far. Looped-back traffic is only on the host&apos;s
          loopback.
        </p>
      </div>
      <div className="export-row" role="group" aria-label="Export log">
        <span className="export-label" aria-hidden="true">
          Export log
        </span>
        <button type="button" aria-label="Export log as CSV" onClick={() => exportLog('csv')}>
          CSV
        </button>
        <button type="button" aria-label="Export log as JSON" onClick={() => exportLog('json')}>
          JSON
        </button>
      </div>
      <div className="export-row" role="group" aria-label="Export view">
        <span className="export-label" aria-hidden="true">
          Export view
        </span>
        <button type="button" aria-label="Export view as PNG" onClick={() => void exportView('png')}>
          PNG
        </button>
        <button type="button" aria-label="Export view as SVG" onClick={() => void exportView('svg')}>
          SVG
        </button>
      </div>
      <p role="status" className="export-status">
        {status}
      </p>
    </section>
  );
}
