// Hosts the drawing: an <svg> that d3 fills with the topology and a <canvas> above it for packets.
// React only supplies the DOM nodes, the size and the data; d3 and the packet layer do the drawing.
// The drawing pans and zooms (d3-zoom, loaded just after the first draw; the Zoom in / Zoom out / Fit
// buttons are its keyboard twins),
// a click on a packet opens it in the inspector, and the client badge can be dragged onto a host or
// off the cluster (the `Client location` combobox is the keyboard twin).
import { clientHostOf, clientLoopsBack, drawnTopology } from '../../view/clientPlacement';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { select } from 'd3-selection';
import type { D3ZoomEvent, ZoomBehavior, ZoomTransform } from 'd3-zoom';
import { useLab } from '../../state/store';
import { useSharing } from '../../state/sharing/sharingStore';
import { hostName } from '../../state/scenarioEdit';
import type { ClientLocation } from '../../scenario/types';
import type { Hop, HostStats, NodeId, PacketKind, Topology } from '../../sim/types';
import { registerViewSource } from '../../view/viewSource';
import type { Layout, NodeBox } from '../../view/layout';
import { fitLayout, type StageTransform } from '../../view/stageFit';
import type { PacketLayer } from '../../view/packetLayer';
import { createTopologyView, type TopologyView } from '../../view/topologyView';
import { formatTimestamp } from '../../scenario/simTime';
import { ScenarioNotices } from './ScenarioNotices';

interface Tip {
  x: number;
  y: number;
  frameId: number;
  text: string;
}

interface DragGhost {
  x: number;
  y: number;
  /** The host under the pointer, or null: off the cluster. */
  target: NodeBox | null;
}

/** Pointer travel (px) before a press on the client badge becomes a drag rather than a click. */
const DRAG_THRESHOLD_PX = 5;
const ZOOM_STEP = 1.3;
/** How far the user may zoom out and in, relative to the fitted scale. */
const ZOOM_OUT_LIMIT = 0.5;
const ZOOM_IN_LIMIT = 5;
/** How close (screen px) a click must be to a packet to pick it. */
const PICK_RADIUS_PX = 12;

/** Simulated time, in the drawing's free top-right corner where the room is already looking. */
function SimClock() {
  const now = useLab((s) => s.stats?.now ?? 0);
  return (
    <p className="sim-clock">
      Simulated time <span className="num">{formatTimestamp(now)}</span>
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
  udp: 'UDP datagram',
  fragment: 'UDP fragment',
  igmp: 'IGMP report',
  icmp: 'Ping (ICMP echo)',
};

/** What a hovered packet is, in words: kind, hop and connection. */
function describeHop(hop: Hop, topology: Topology | null): string {
  const name = (id: NodeId) => topology?.nodes.find((n) => n.id === id)?.name ?? id;
  const where =
    hop.loopback || hop.from === hop.to
      ? `looped back inside ${name(hop.from)}`
      : `${name(hop.from)} → ${name(hop.to)}`;
  return `${KIND_WORD[hop.kind]} ${where}${hop.connId ? `, connection ${hop.connId}` : ''} — click to inspect`;
}

/** The host box under layout point (x, y), if any. */
function hostAt(layout: Layout, x: number, y: number): NodeBox | null {
  for (const box of layout.nodes.values()) {
    if (box.node.kind !== 'host') continue;
    if (x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h) return box;
  }
  return null;
}

/** Pan and zoom: layout point p is drawn at p * k + (x, y). */
type Pan = StageTransform;
const NO_PAN: Pan = { k: 1, x: 0, y: 0 };

/** Whether two transforms draw the same picture (to the nearest tenth of a pixel). */
function samePan(a: Pan, b: Pan): boolean {
  return Math.abs(a.k - b.k) < 1e-4 && Math.abs(a.x - b.x) < 0.1 && Math.abs(a.y - b.y) < 0.1;
}

/** What the drawing shows that no source states: NLB's bucket hash, a balancer's inferred parts. */
function illustrativeNote(topology: Topology | null): string {
  const notes = new Set<string>();
  for (const c of topology?.clusters ?? []) {
    if (c.balancer.kind === 'nlb') notes.add('Bucket hash: illustrative (the real NLB hash is not public)');
    else if (c.balancer.illustrative)
      notes.add(`${c.balancer.name}: illustrative: ${c.balancer.illustrative}`);
  }
  return notes.size > 0
    ? [...notes].join(' · ')
    : 'Bucket hash: illustrative (the real NLB hash is not public)';
}

export function TopologyStage() {
  const topology = useLab((s) => s.topology);
  const hosts = useLab((s) => s.stats?.hosts);
  const selectedId = useLab((s) => s.selectedHostId);
  const location = useLab((s) => s.scenario.client.location);
  const target = useLab((s) => s.scenario.client.target);
  const selectHost = useLab((s) => s.selectHost);
  const selectPacket = useLab((s) => s.selectPacket);
  const selectedFrameId = useLab((s) => s.selectedFrameId);
  const reducedMotion = useLab((s) => s.reducedMotion);
  const setReducedMotion = useLab((s) => s.setReducedMotion);
  const setClientLocation = useLab((s) => s.setClientLocation);
  const presenter = useSharing((s) => s.presenter);

  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const packetsRef = useRef<PacketLayer | null>(null);
  const zoomRef = useRef<{ behaviour: ZoomBehavior<SVGSVGElement, unknown>; identity: ZoomTransform } | null>(
    null,
  );
  /** Settles once d3-zoom is loaded and attached (the zoom buttons wait for it if pressed earlier). */
  const zoomReady = useRef<Promise<void> | null>(null);
  const transformRef = useRef<Pan>(NO_PAN);
  /** The transform that fills the stage with the drawing (what Fit returns to). */
  const fitRef = useRef<Pan>(NO_PAN);
  /** The user has zoomed or panned away from the fit: a new layout then keeps their view. */
  const zoomedRef = useRef(false);
  const layoutRef = useRef<Layout | null>(null);
  /** Set when a drag just ended, so the click that follows does not also select a host. */
  const suppressClick = useRef(false);
  const cornerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  /** The corner controls' size (CSS px) plus their gap from the edges, for the fit to keep clear of. */
  const [corner, setCorner] = useState({ w: 0, h: 0 });
  const [tip, setTip] = useState<Tip | null>(null);
  const [ghost, setGhost] = useState<DragGhost | null>(null);
  const [zoomed, setZoomed] = useState(false);

  // Follow the container's size (and the corner controls'); the layout is recomputed from them.
  useEffect(() => {
    const el = containerRef.current;
    const cornerEl = cornerRef.current;
    if (!el || !cornerEl) return;
    const observer = new ResizeObserver(() => {
      setSize({ width: Math.floor(el.clientWidth), height: Math.floor(el.clientHeight) });
      const box = cornerEl.getBoundingClientRect();
      const stage = el.getBoundingClientRect();
      // From the corner controls' left and bottom edges to the stage's top-right corner, plus a gap.
      const w = Math.ceil(stage.right - box.left + 6);
      const h = Math.ceil(box.bottom - stage.top + 6);
      setCorner((c) => (c.w === w && c.h === h ? c : { w, h }));
    });
    observer.observe(el);
    observer.observe(cornerEl);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (!svg || !canvas) return;
    const view = createTopologyView(svg, (id) => {
      if (suppressClick.current) return;
      selectHost(id);
    });
    viewRef.current = view;
    let live = true;
    /** A part loaded after the first paint failed to arrive: say so rather than look frozen. */
    const failedToLoad = (what: string) => (error: unknown) => {
      if (!live) return;
      const why = error instanceof Error ? error.message : String(error);
      useLab.setState({ error: `${what} could not be loaded (${why}). Reload the page.` });
    };
    // Nothing moves before the first paint, so the packet canvas (and its sprite code) loads after
    // it, like d3-zoom below; it then catches up with the layout, zoom and settings of the moment.
    import('../../view/packetLayer')
      .then(({ createPacketLayer }) => {
        if (!live) return;
        const packets = createPacketLayer(canvas);
        const { reducedMotion: reduce, selectedFrameId: selected } = useLab.getState();
        if (layoutRef.current) packets.setLayout(layoutRef.current);
        packets.setTransform(transformRef.current);
        packets.setReducedMotion(reduce);
        packets.setSelected(selected);
        packetsRef.current = packets;
      })
      .catch(failedToLoad('The moving packets'));
    // Pan and zoom are not needed for the first paint: d3-zoom (and what it brings) loads after it.
    zoomReady.current = import('d3-zoom')
      .then(({ zoom, zoomIdentity }) => {
        if (!live) return;
        const fitK = fitRef.current.k;
        const behaviour = zoom<SVGSVGElement, unknown>()
          .scaleExtent([fitK * ZOOM_OUT_LIMIT, fitK * ZOOM_IN_LIMIT])
          // Presses on the client badge start a drag of the client, not a pan.
          .filter((event: Event & { button?: number; ctrlKey?: boolean }) => {
            const target = event.target as Element | null;
            if (target?.closest('.drag-client')) return false;
            return (!event.ctrlKey || event.type === 'wheel') && !event.button;
          })
          .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
            const { k, x, y } = event.transform;
            transformRef.current = { k, x, y };
            view.setTransform(event.transform);
            packetsRef.current?.setTransform(event.transform);
            const moved = !samePan(transformRef.current, fitRef.current);
            zoomedRef.current = moved;
            setZoomed(moved);
          });
        select(svg).call(behaviour).on('dblclick.zoom', null);
        zoomRef.current = { behaviour, identity: zoomIdentity };
        // d3-zoom keeps its own copy of the transform: start it at the fit already drawn.
        const f = fitRef.current;
        select(svg).call(behaviour.transform, zoomIdentity.translate(f.x, f.y).scale(f.k));
      })
      .catch(failedToLoad('Pan and zoom'));
    return () => {
      live = false;
      zoomReady.current = null;
      select(svg).on('.zoom', null);
      packetsRef.current?.destroy();
      packetsRef.current = null;
      viewRef.current = null;
      zoomRef.current = null;
      transformRef.current = NO_PAN;
      zoomedRef.current = false;
      // d3 appended its layers; remove them so a remount (StrictMode) starts clean.
      while (svg.firstChild) svg.removeChild(svg.firstChild);
    };
  }, [selectHost]);

  const drawn = useMemo(() => drawnTopology(topology, location), [topology, location]);
  // Presenter mode lets the hosts' text grow further: the room reads it from the back.
  const fitted = useMemo(
    () =>
      drawn && size.width > 0 && size.height > 0
        ? fitLayout(drawn, size.width, size.height, {
            maxHostFontPx: presenter ? 60 : 44,
            topRight: corner,
            // The honesty note along the bottom-left edge.
            bottomPx: 12,
          })
        : null,
    [drawn, size, presenter, corner],
  );
  const layout = fitted?.layout ?? null;
  const hostStats = useMemo(() => new Map<NodeId, HostStats>((hosts ?? []).map((h) => [h.id, h])), [hosts]);
  const clientHostId = useMemo(() => clientHostOf(topology, location), [location, topology]);
  const loopbackInUse = clientLoopsBack(topology, location, target);

  useEffect(() => {
    layoutRef.current = layout;
    if (!layout || !drawn) return;
    viewRef.current?.update({
      layout,
      topology: drawn,
      hostStats,
      selectedId,
      clientHostId,
      loopbackInUse,
      dropTargetId: ghost?.target?.node.id ?? null,
    });
  }, [layout, drawn, hostStats, selectedId, clientHostId, loopbackInUse, ghost]);

  useEffect(() => {
    if (!layout) return;
    packetsRef.current?.setLayout(layout);
    const svg = svgRef.current;
    if (!svg) return;
    registerViewSource({
      svg,
      packetPixels: () => packetsRef.current?.pixels() ?? Promise.resolve(null),
      width: layout.width,
      height: layout.height,
      transform: () => transformRef.current,
      snapshot: () =>
        packetsRef.current?.snapshot() ?? Promise.resolve({ packets: [], drops: [], loops: [] }),
    });
    return () => registerViewSource(null);
  }, [layout]);

  /** Shows the drawing at `t`: through d3-zoom once it is loaded (so it knows), directly before. */
  const applyTransform = useCallback((t: Pan) => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (svg && z) {
      select(svg).call(z.behaviour.transform, z.identity.translate(t.x, t.y).scale(t.k));
      return;
    }
    transformRef.current = t;
    viewRef.current?.setTransform(t);
    packetsRef.current?.setTransform(t);
  }, []);

  // A new layout (the stage resized, hosts added, presenter mode) is fitted again, unless the user
  // has zoomed or panned: their view stays until they press Fit.
  useEffect(() => {
    if (!fitted) return;
    fitRef.current = fitted.fit;
    zoomRef.current?.behaviour.scaleExtent([fitted.fit.k * ZOOM_OUT_LIMIT, fitted.fit.k * ZOOM_IN_LIMIT]);
    if (!zoomedRef.current) applyTransform(fitted.fit);
  }, [fitted, applyTransform]);

  useEffect(() => packetsRef.current?.setReducedMotion(reducedMotion), [reducedMotion]);
  useEffect(() => packetsRef.current?.setSelected(selectedFrameId), [selectedFrameId]);

  // The operating system's setting changing while the page is open moves the toggle with it.
  useEffect(() => {
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    const onChange = (e: MediaQueryListEvent) => setReducedMotion(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [setReducedMotion]);

  /** Container px -> layout coordinates (undoing pan and zoom). */
  const toLayout = useCallback((clientX: number, clientY: number) => {
    const rect = containerRef.current?.getBoundingClientRect();
    const sx = clientX - (rect?.left ?? 0);
    const sy = clientY - (rect?.top ?? 0);
    const { k, x: tx, y: ty } = transformRef.current;
    const x = (sx - tx) / k;
    const y = (sy - ty) / k;
    return { sx, sy, x, y };
  }, []);

  // Dragging the client: a press on the badge (or the outside client's box), then a drop on a host
  // places the client there; a drop anywhere else places it outside the cluster.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onDown = (event: PointerEvent) => {
      const handle = (event.target as Element | null)?.closest('.drag-client');
      if (!handle || event.button !== 0) return;
      event.preventDefault();
      const startX = event.clientX;
      const startY = event.clientY;
      let dragging = false;
      let target: NodeBox | null = null;
      const move = (e: PointerEvent) => {
        if (!dragging && Math.hypot(e.clientX - startX, e.clientY - startY) < DRAG_THRESHOLD_PX) return;
        dragging = true;
        const p = toLayout(e.clientX, e.clientY);
        const l = layoutRef.current;
        target = l ? hostAt(l, p.x, p.y) : null;
        setGhost({ x: p.sx, y: p.sy, target });
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', cancel);
        if (!dragging) return;
        setGhost(null);
        suppressClick.current = true;
        setTimeout(() => (suppressClick.current = false), 0);
        const node = target?.node;
        const next: ClientLocation =
          node && node.cluster !== undefined && node.hostIndex !== undefined
            ? { kind: 'host', cluster: node.cluster, hostIndex: node.hostIndex }
            : { kind: 'outside' };
        // The store drops a move to where the client already is.
        setClientLocation(next);
      };
      const cancel = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', cancel);
        setGhost(null);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', cancel);
    };
    svg.addEventListener('pointerdown', onDown);
    return () => svg.removeEventListener('pointerdown', onDown);
  }, [toLayout, setClientLocation]);

  /** Runs `act` with the zoom behaviour, once d3-zoom has loaded if it has not yet. */
  const withZoom = (act: (svg: SVGSVGElement, z: NonNullable<typeof zoomRef.current>) => void) => {
    const run = () => {
      const svg = svgRef.current;
      if (svg && zoomRef.current) act(svg, zoomRef.current);
    };
    if (zoomRef.current) run();
    else void zoomReady.current?.then(run);
  };
  const zoomBy = (factor: number) => withZoom((svg, z) => select(svg).call(z.behaviour.scaleBy, factor));
  const fit = () => withZoom(() => applyTransform(fitRef.current));

  const pick = (clientX: number, clientY: number): Hop | null => {
    const p = toLayout(clientX, clientY);
    return packetsRef.current?.hitTest(p.x, p.y, PICK_RADIUS_PX / transformRef.current.k) ?? null;
  };

  return (
    <div className="topology-wrap">
      <div
        className={`topology-stage${tip ? ' over-packet' : ''}${ghost ? ' dragging' : ''}`}
        ref={containerRef}
        // Mouse users can point at a packet to name it; the event log says the same for everyone.
        onPointerMove={(e) => {
          if (ghost) return;
          const hop = pick(e.clientX, e.clientY);
          const { sx: x, sy: y } = toLayout(e.clientX, e.clientY);
          if (!hop) {
            if (tip) setTip(null);
          } else if (!tip || tip.frameId !== hop.frameId || Math.hypot(tip.x - x, tip.y - y) > 24) {
            setTip({ x, y, frameId: hop.frameId, text: describeHop(hop, topology) });
          }
        }}
        onPointerLeave={() => setTip(null)}
        // A click on a packet opens it in the inspector (and does not also select the host under it).
        onClickCapture={(e) => {
          if (suppressClick.current) {
            e.stopPropagation();
            return;
          }
          const hop = pick(e.clientX, e.clientY);
          if (hop) {
            e.stopPropagation();
            selectPacket(hop.frameId);
          }
        }}
      >
        <svg ref={svgRef} className="topology-svg" role="group" aria-label="Topology" />
        <canvas ref={canvasRef} className="packet-canvas" aria-hidden="true" />
        {!topology && <p className="stage-waiting">Starting the simulation…</p>}
        <p className="stage-note">{illustrativeNote(topology)}</p>
        {tip && (
          <p className="packet-tip" aria-hidden="true" style={{ left: tip.x + 14, top: tip.y + 14 }}>
            {tip.text}
          </p>
        )}
        {ghost && (
          <p className="drag-ghost" aria-hidden="true" style={{ left: ghost.x, top: ghost.y }}>
            {ghost.target?.node.cluster !== undefined && ghost.target.node.hostIndex !== undefined
              ? `Client on ${hostName(ghost.target.node.cluster, ghost.target.node.hostIndex)}`
              : 'Client outside the cluster'}
          </p>
        )}
      </div>
      {/* What the app changed on the user's behalf, over the drawing so nothing below moves. */}
      <ScenarioNotices />
      {/* The clock and the zoom buttons share the top-right corner; the fit keeps the drawing clear of it. */}
      <div className="stage-corner" ref={cornerRef}>
        <SimClock />
        <div className="zoom-controls" role="group" aria-label="Zoom">
          <button type="button" aria-label="Zoom in" title="Zoom in" onClick={() => zoomBy(ZOOM_STEP)}>
            <span aria-hidden="true">+</span>
          </button>
          <button type="button" aria-label="Zoom out" title="Zoom out" onClick={() => zoomBy(1 / ZOOM_STEP)}>
            <span aria-hidden="true">−</span>
          </button>
          <button type="button" onClick={fit} disabled={!zoomed} title="Fit the drawing to the stage">
            Fit
          </button>
        </div>
      </div>
    </div>
  );
}
