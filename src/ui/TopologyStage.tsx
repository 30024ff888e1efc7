// Hosts the drawing: an <svg> that d3 fills with the topology and a <canvas> above it for packets.
// React only supplies the DOM nodes, the size and the data; d3 and the packet layer do the drawing.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab } from '../state/store';
import type { Hop, HostStats, NodeId, PacketKind, Topology } from '../sim/types';
import { computeLayout } from '../view/layout';
import { createPacketLayer, type PacketLayer } from '../view/packetLayer';
import { createTopologyView, type TopologyView } from '../view/topologyView';
import { formatSimTime } from './format';

interface Tip {
  x: number;
  y: number;
  frameId: number;
  text: string;
}

/** Simulated time, in the drawing's free top-right corner where the room is already looking. */
function SimClock() {
  const now = useLab((s) => s.stats?.now ?? 0);
  return (
    <p className="sim-clock">
      Simulated time <span className="num">{formatSimTime(now)}</span>
    </p>
  );
}

const KIND_WORD: Record<PacketKind, string> = {
  syn: 'SYN',
  synack: 'SYN-ACK',
  ack: 'ACK',
  data: 'Data',
  fin: 'FIN',
  rst: 'RST',
  arp: 'ARP',
  heartbeat: 'Heartbeat',
};

/** What a hovered packet is, in words: kind, hop and connection. */
function describeHop(hop: Hop, topology: Topology | null): string {
  const name = (id: NodeId) => topology?.nodes.find((n) => n.id === id)?.name ?? id;
  const where =
    hop.loopback || hop.from === hop.to
      ? `looped back inside ${name(hop.from)}`
      : `${name(hop.from)} → ${name(hop.to)}`;
  return `${KIND_WORD[hop.kind]} ${where}${hop.connId ? `, connection ${hop.connId}` : ''}`;
}

export function TopologyStage() {
  const topology = useLab((s) => s.topology);
  const hosts = useLab((s) => s.stats?.hosts);
  const selectedId = useLab((s) => s.selectedHostId);
  const location = useLab((s) => s.scenario.client.location);
  const selectHost = useLab((s) => s.selectHost);

  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const packetsRef = useRef<PacketLayer | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [tip, setTip] = useState<Tip | null>(null);

  // Follow the container's size; the layout is recomputed from it.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect;
      if (rect) setSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (!svg || !canvas) return;
    viewRef.current = createTopologyView(svg, (id) => selectHost(id));
    packetsRef.current = createPacketLayer(canvas);
    return () => {
      packetsRef.current?.destroy();
      packetsRef.current = null;
      viewRef.current = null;
      // d3 appended its layers; remove them so a remount (StrictMode) starts clean.
      while (svg.firstChild) svg.removeChild(svg.firstChild);
    };
  }, [selectHost]);

  // A client that runs on a host is drawn inside that host, so the outside client box goes away.
  const drawn = useMemo(() => {
    if (!topology || location.kind !== 'host') return topology;
    const nodes = topology.nodes.filter((n) => n.kind !== 'client');
    const ids = new Set(nodes.map((n) => n.id));
    return { ...topology, nodes, links: topology.links.filter((l) => ids.has(l.a) && ids.has(l.b)) };
  }, [topology, location]);
  const layout = useMemo(
    () => (drawn && size.width > 0 && size.height > 0 ? computeLayout(drawn, size.width, size.height) : null),
    [drawn, size],
  );
  const hostStats = useMemo(() => new Map<NodeId, HostStats>((hosts ?? []).map((h) => [h.id, h])), [hosts]);
  const clientHostId = useMemo(() => {
    if (location.kind !== 'host' || !topology) return null;
    const node = topology.nodes.find(
      (n) => n.kind === 'host' && n.cluster === location.cluster && n.hostIndex === location.hostIndex,
    );
    return node?.id ?? null;
  }, [location, topology]);

  useEffect(() => {
    if (!layout || !drawn) return;
    viewRef.current?.update({ layout, topology: drawn, hostStats, selectedId, clientHostId });
  }, [layout, drawn, hostStats, selectedId, clientHostId]);

  useEffect(() => {
    if (layout) packetsRef.current?.setLayout(layout);
  }, [layout]);

  return (
    <div
      className="topology-stage"
      ref={containerRef}
      // Mouse users can point at a packet to name it; the event log says the same for everyone.
      onPointerMove={(e) => {
        const rect = e.currentTarget.getBoundingClientRect();
        const x = e.clientX - rect.left;
        const y = e.clientY - rect.top;
        const hop = packetsRef.current?.hitTest(x, y, 12) ?? null;
        if (!hop) {
          if (tip) setTip(null);
        } else if (!tip || tip.frameId !== hop.frameId || Math.hypot(tip.x - x, tip.y - y) > 24) {
          setTip({ x, y, frameId: hop.frameId, text: describeHop(hop, topology) });
        }
      }}
      onPointerLeave={() => setTip(null)}
    >
      <svg ref={svgRef} className="topology-svg" role="group" aria-label="Topology" />
      <canvas ref={canvasRef} className="packet-canvas" aria-hidden="true" />
      {!topology && <p className="stage-waiting">Starting the simulation…</p>}
      <SimClock />
      {tip && (
        <p className="packet-tip" aria-hidden="true" style={{ left: tip.x + 14, top: tip.y + 14 }}>
          {tip.text}
        </p>
      )}
    </div>
  );
}
