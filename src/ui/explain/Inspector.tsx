// The packet inspector: what the selected frame carried (headers by layer), which bucket its client
// falls in and who owns it, every decision any component made about this packet in order (its
// journey), and the story of its whole connection. Opened by a click on a packet in the drawing or by
// Inspect in the event log.
import { useEffect, useMemo, useRef } from 'react';
import { decisionText } from '../../sim/decisionText';
import type { Decision, DecisionAction, NodeId, Topology } from '../../sim/types';
import { readable, useExplain } from '../../state/explainStore';
import { useLab } from '../../state/store';
import './explain.css';
import type { Layer, PacketDetail } from '../../worker/protocol';
import { ExplainPanel } from './ExplainPanel';
import { ActionTag } from './ActionTag';
import { formatTimestamp } from '../../scenario/simTime';

/** Actions that shape a connection's story; the rest (sends, forwards, floods) are in the full list. */
const KEY_ACTIONS: ReadonlySet<DecisionAction> = new Set([
  'open',
  'loopback',
  'accept',
  'retransmit',
  'reset',
  'timeout',
  'complete',
]);

function nodeNamer(topology: Topology | null): (id: NodeId) => string {
  const names = new Map((topology?.nodes ?? []).map((n) => [n.id, n.name]));
  return (id) => names.get(id) ?? id;
}

function DecisionList({ decisions, name }: { decisions: readonly Decision[]; name: (id: NodeId) => string }) {
  return (
    <ol className="decision-list">
      {decisions.map((d) => (
        <li key={d.seq}>
          <span className="decision-meta">
            <span className="num time">{formatTimestamp(d.t)}</span>
            <span className="decision-node">{name(d.node)}</span>
            <ActionTag action={d.action} />
          </span>
          <span className="decision-text">{readable(decisionText(d))}</span>
        </li>
      ))}
    </ol>
  );
}

function LayerTable({ layer }: { layer: Layer }) {
  return (
    <table className="layer-table">
      <caption>{layer.name}</caption>
      <tbody>
        {layer.fields.map((f) => (
          <tr key={f.label}>
            <th scope="row">{f.label}</th>
            <td>
              <span className="field-value">{f.value}</span>
              {f.note && <span className="field-note">{f.note}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BucketSection({ detail }: { detail: PacketDetail }) {
  const b = detail.bucket;
  const illustrative = (
    <p className="explain-note illustrative">
      Illustrative: VIP Lab hashes with its own function; NLB&rsquo;s real bucket hash is not public.
    </p>
  );
  if (detail.loopback) {
    return (
      <section className="inspector-section" aria-label="Bucket">
        <h3>Bucket</h3>
        <p className="bucket-line">
          None: this packet was looped back inside its host, so no NLB driver ever saw it (KB Q247768).
        </p>
        {b && (
          <>
            <p className="explain-note">
              Had it reached the cluster, it would have fallen in bucket {b.bucket} of {b.bucketCount}, owned
              by {b.owner ?? 'no host'}.
            </p>
            {illustrative}
          </>
        )}
      </section>
    );
  }
  return (
    <section className="inspector-section" aria-label="Bucket">
      <h3>Bucket</h3>
      {b ? (
        <>
          <p className="bucket-line">
            Bucket <strong className="num">{b.bucket}</strong> of {b.bucketCount}, owned by{' '}
            <strong>{b.owner ?? 'no host'}</strong>
            {b.owner === null ? ' (every host drops it)' : ''}.
          </p>
          <p className="explain-note">Port rule: {b.rule}.</p>
          {illustrative}
        </>
      ) : (
        <p className="explain-note">
          No bucket: only client traffic to a cluster VIP under a multiple-host port rule is hashed into
          buckets.
        </p>
      )}
    </section>
  );
}

function ConnectionStory({ detail, name }: { detail: PacketDetail; name: (id: NodeId) => string }) {
  const setFilters = useExplain((s) => s.setFilters);
  const key = useMemo(() => detail.connection.filter((d) => KEY_ACTIONS.has(d.action)), [detail.connection]);
  if (detail.connId <= 0) return null;
  return (
    <section className="inspector-section" aria-label={`Connection ${detail.connId}`}>
      <div className="section-head">
        <h3>Connection {detail.connId}</h3>
        <button type="button" className="quiet small" onClick={() => setFilters({ connId: detail.connId })}>
          Show in log
        </button>
      </div>
      {key.length > 0 ? (
        <DecisionList decisions={key} name={name} />
      ) : (
        <p className="explain-note">No key moments recorded yet.</p>
      )}
      {detail.connection.length > key.length && (
        <details className="all-decisions">
          <summary>All {detail.connection.length} decisions about this connection</summary>
          <DecisionList decisions={detail.connection} name={name} />
        </details>
      )}
    </section>
  );
}

export function Inspector() {
  const selected = useLab((s) => s.selectedFrameId);
  const topology = useLab((s) => s.topology);
  const detail = useExplain((s) => s.detail);
  const missing = useExplain((s) => s.missingFrameId);
  const closeInspector = useExplain((s) => s.closeInspector);
  // Closing removes the focused button; hand focus to the panel's heading button instead of the page.
  const close = () => {
    bodyRef.current?.closest('section')?.querySelector<HTMLButtonElement>('.explain-toggle')?.focus();
    closeInspector();
  };
  const name = useMemo(() => nodeNamer(topology), [topology]);
  const bodyRef = useRef<HTMLDivElement>(null);

  const current = detail && detail.frameId === selected ? detail : null;

  // Bring a newly selected packet's details into view by scrolling the side column only (never the
  // page, and never the drawing out of sight).
  useEffect(() => {
    if (selected === null) return;
    const panel = bodyRef.current?.closest('section');
    const column = panel?.closest<HTMLElement>('.side') ?? panel?.parentElement;
    if (!panel || !column) return;
    const top = panel.getBoundingClientRect().top - column.getBoundingClientRect().top;
    if (top < 0 || top > column.clientHeight - 160) column.scrollTop += top - 4;
  }, [selected]);

  const drops = current?.journey.filter((d) => d.action === 'drop').length ?? 0;
  const accepts = current?.journey.filter((d) => d.action === 'accept').length ?? 0;

  return (
    <ExplainPanel
      id="inspector"
      title="Packet inspector"
      className="inspector"
      actions={
        selected !== null ? (
          <button type="button" className="quiet small" onClick={close}>
            Close
          </button>
        ) : null
      }
    >
      {/* Escape inside the inspector closes it, as the Close button does. */}
      <div
        ref={bodyRef}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && selected !== null) {
            e.stopPropagation();
            close();
          }
        }}
      >
        {selected === null ? (
          <p className="explain-note">
            Click a packet in the drawing, or press <strong>Inspect</strong> on a line of the event log, to
            see its headers, its bucket and every decision made about it.
          </p>
        ) : missing === selected ? (
          <p className="explain-note">
            Frame {selected} is no longer kept: it belongs to a bulk run (counted, not traced) or happened too
            long ago.
          </p>
        ) : !current ? (
          <p className="explain-note" aria-busy="true">
            Inspecting frame {selected}…
          </p>
        ) : (
          <>
            <p className="inspector-summary">{readable(current.summary).replace(/\.$/, '')}</p>
            <p className="inspector-meta">
              Frame {current.frameId}
              {current.connId > 0 ? ` · connection ${current.connId}` : ''}
              {current.loopback ? <span className="loop-badge">looped back — never on the wire</span> : null}
            </p>
            <section className="inspector-section" aria-label="Headers">
              <h3>Headers</h3>
              {current.layers.map((l) => (
                <LayerTable key={l.name} layer={l} />
              ))}
            </section>
            <BucketSection detail={current} />
            <section className="inspector-section" aria-label="Journey">
              <h3>
                Journey <span className="section-count">({current.journey.length} decisions)</span>
              </h3>
              {drops > 0 && (
                <p className="explain-note">
                  {accepts} accept{accepts === 1 ? '' : 's'}, {drops} drop{drops === 1 ? '' : 's'}: every host
                  sees a frame for the VIP and decides for itself.
                </p>
              )}
              {current.journey.length > 0 ? (
                <DecisionList decisions={current.journey} name={name} />
              ) : (
                <p className="explain-note">No decisions recorded for this packet yet.</p>
              )}
            </section>
            <ConnectionStory detail={current} name={name} />
          </>
        )}
      </div>
    </ExplainPanel>
  );
}
