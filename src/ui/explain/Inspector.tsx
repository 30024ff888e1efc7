// The packet inspector: what the selected frame carried (headers by layer), what a load balancer
// rewrote in it (addresses as they arrived and as they left), which bucket its client falls in and who owns it, every decision any component made about this packet in order (its
// journey), and the story of its whole connection. Opened by a click on a packet in the drawing or by
// Inspect in the event log.
import { useEffect, useMemo, useRef } from 'react';
import { decisionText } from '../../sim/decisionText';
import { formatIp } from '../../sim/addr';
import type { Decision, DecisionAction, NatKind, NodeId, Topology } from '../../sim/types';
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

type Rewrite = NonNullable<PacketDetail['rewrite']>;

function endpoint(ip: number, port: number): string {
  return port > 0 ? `${formatIp(ip)}:${port}` : formatIp(ip);
}

const NAT_WORDS: Record<NatKind, string> = {
  dnat: 'DNAT',
  dnatSnat: 'DNAT and SNAT',
  unDnat: 'Reply rewritten back (un-DNAT)',
  unSnat: 'Reply rewritten back (un-DNAT and un-SNAT)',
};

/**
 * The rewrite in one line: `DNAT: destination 10.0.0.100:80 → 10.0.0.12:80, source kept`. Worded from
 * what changed, so it says exactly what the table shows.
 */
export function rewriteLine(r: Rewrite): string {
  const src = [endpoint(r.before.src, r.before.srcPort), endpoint(r.after.src, r.after.srcPort)] as const;
  const dst = [endpoint(r.before.dst, r.before.dstPort), endpoint(r.after.dst, r.after.dstPort)] as const;
  const part = (what: string, [before, after]: readonly [string, string]) =>
    before === after ? `${what} kept` : `${what} ${before} → ${after}`;
  return `${NAT_WORDS[r.nat]}: ${part('destination', dst)}, ${part('source', src)}`;
}

/** `10.0.0.11:49152`, which may break after the colon only (a narrow side column). */
function Address({ text }: { text: string }) {
  const colon = text.indexOf(':');
  return (
    <span className="field-value">
      {colon < 0 ? (
        text
      ) : (
        <>
          {text.slice(0, colon + 1)}
          <wbr />
          {text.slice(colon + 1)}
        </>
      )}
    </span>
  );
}

/** What a load balancer did to this frame's addresses: as it arrived, as it left, and in words. */
function RewriteSection({ rewrite, name }: { rewrite: Rewrite; name: (id: NodeId) => string }) {
  const rows = [
    {
      label: 'Source',
      before: endpoint(rewrite.before.src, rewrite.before.srcPort),
      after: endpoint(rewrite.after.src, rewrite.after.srcPort),
    },
    {
      label: 'Destination',
      before: endpoint(rewrite.before.dst, rewrite.before.dstPort),
      after: endpoint(rewrite.after.dst, rewrite.after.dstPort),
    },
  ];
  const self = rewrite.after.src === rewrite.after.dst;
  return (
    <section className="inspector-section" aria-label="Rewrite">
      <h3>Rewrite</h3>
      <table className="layer-table rewrite-table">
        <caption>Rewrite at {name(rewrite.node)}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Arrived</th>
            <th scope="col">Left</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const changed = r.before !== r.after;
            return (
              <tr key={r.label} className={changed ? 'changed' : undefined}>
                <th scope="row">{r.label}</th>
                <td>
                  <Address text={r.before} />
                </td>
                <td>
                  <Address text={r.after} />
                  <span className="field-note">{changed ? 'rewritten' : 'kept'}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="rewrite-line">{rewriteLine(rewrite)}.</p>
      {self && (
        <p className="explain-note">
          Source and destination are now the same address: the balancer picked the caller itself as the
          backend and kept its source. A host drops a packet from the wire with its own source address (Linux:
          a martian, IP_LOCAL_SOURCE), so this connection times out.
        </p>
      )}
    </section>
  );
}

function BucketSection({ detail, nlbOnly }: { detail: PacketDetail; nlbOnly: boolean }) {
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
          {nlbOnly
            ? 'None: this packet was looped back inside its host, so no NLB driver ever saw it (KB Q247768).'
            : 'None: this packet was looped back inside its host (the VIP is a local address there: local capture), so no load balancer ever saw it.'}
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
          buckets
          {nlbOnly
            ? '.'
            : ' (Windows NLB’s). A load balancer of today picks a backend for each new flow itself: see the Journey.'}
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
  const nlbOnly = topology?.clusters.every((c) => c.balancer.kind === 'nlb') ?? true;
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
            {/* What a load balancer changed comes first: it is why this frame looks as it does. */}
            {current.rewrite && <RewriteSection rewrite={current.rewrite} name={name} />}
            <section className="inspector-section" aria-label="Headers">
              <h3>Headers</h3>
              {current.layers.map((l) => (
                <LayerTable key={l.name} layer={l} />
              ))}
            </section>
            <BucketSection detail={current} nlbOnly={nlbOnly} />
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
