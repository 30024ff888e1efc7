// Lab 2's drawing in split view: the topology (src/view/topologyView.ts, as Lab 1's) fitted to its
// half of the stage, with its own packets (packetLayer.ts, from Lab 2's packet feed) and its clock.
// Reads the lab of its region (useLab under Lab 2's provider). A click on a host selects it in Lab 1:
// the host's operations (Crash, Drainstop, ...) act on the run both labs share.
import { clientHostOf, clientLoopsBack, drawnTopology } from '../../view/clientPlacement';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { formatTimestamp } from '../../scenario/simTime';
import type { HostStats, NodeId } from '../../sim/types';
import type { PacketFeed } from '../../state/packetFeed';
import { useLab, useLab1 } from '../../state/store';
import { fitLayout } from '../../view/stageFit';
import { createTopologyView, type TopologyView } from '../../view/topologyView';
import { createPacketLayer, type PacketLayer } from '../../view/packetLayer';

/** The global function that reads Lab 2's packet pixels, whoever draws them (the browser tests). */
export const LAB2_PIXELS_HOOK = '__vipLab2PacketPixels';
/** The global function that counts the packet frames Lab 2 presented (the render bench). */
export const LAB2_FRAME_COUNT_HOOK = '__vipLab2PacketFrameCount';

/**
 * The corner kept clear at the drawing's top right (stage px): Lab 1's clock and zoom buttons take
 * about this much in split view, so both labs' drawings are fitted alike and compare at a glance.
 */
const LAB_CORNER = { w: 250, h: 32 };

/** The lab's simulated time, over its drawing's top-right corner (as Lab 1's). */
function LabClock() {
  const now = useLab((s) => s.stats?.now ?? 0);
  return (
    <p className="sim-clock">
      Simulated time <span className="num">{formatTimestamp(now)}</span>
    </p>
  );
}

export function LabStage({
  feed,
  label,
  children,
}: {
  feed: PacketFeed;
  label: string;
  children?: ReactNode;
}) {
  const topology = useLab((s) => s.topology);
  const hosts = useLab((s) => s.stats?.hosts);
  const location = useLab((s) => s.scenario.client.location);
  const target = useLab((s) => s.scenario.client.target);
  const reducedMotion = useLab((s) => s.reducedMotion);
  // Selection is Lab 1's: the host panel beside the labs acts on the run both labs share.
  const selectedId = useLab1((s) => s.selectedHostId);

  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const packetsRef = useRef<PacketLayer | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: Math.floor(el.clientWidth), height: Math.floor(el.clientHeight) }),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (!svg || !canvas) return;
    viewRef.current = createTopologyView(svg, (id) => useLab1.getState().selectHost(id));
    // Drawn by a drawing worker of its own, as Lab 1's packets are (the page's fallback where none).
    packetsRef.current = createPacketLayer(canvas, {
      feed,
      pixelsHook: LAB2_PIXELS_HOOK,
      frameCountHook: LAB2_FRAME_COUNT_HOOK,
    });
    return () => {
      packetsRef.current?.destroy();
      packetsRef.current = null;
      viewRef.current = null;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
    };
  }, [feed]);

  const drawn = useMemo(() => drawnTopology(topology, location), [topology, location]);
  const fitted = useMemo(
    () =>
      drawn && size.width > 0 && size.height > 0
        ? fitLayout(drawn, size.width, size.height, { maxHostFontPx: 36, topRight: LAB_CORNER, bottomPx: 12 })
        : null,
    [drawn, size],
  );
  const hostStats = useMemo(() => new Map<NodeId, HostStats>((hosts ?? []).map((h) => [h.id, h])), [hosts]);
  const clientHostId = useMemo(() => clientHostOf(topology, location), [location, topology]);
  const loopbackInUse = clientLoopsBack(topology, location, target);

  useEffect(() => {
    if (!fitted || !drawn) return;
    const view = viewRef.current;
    view?.update({
      layout: fitted.layout,
      topology: drawn,
      hostStats,
      selectedId,
      clientHostId,
      loopbackInUse,
      dropTargetId: null,
    });
    view?.setTransform(fitted.fit);
  }, [fitted, drawn, hostStats, selectedId, clientHostId, loopbackInUse, feed]);

  // These and the view's update above run on `feed` too: a new feed makes a new view and layer (the
  // effect that makes them runs first), which need the layout and settings of the moment.
  useEffect(() => {
    if (!fitted) return;
    packetsRef.current?.setLayout(fitted.layout);
    packetsRef.current?.setTransform(fitted.fit);
  }, [fitted, feed]);

  useEffect(() => packetsRef.current?.setReducedMotion(reducedMotion), [reducedMotion, feed]);

  return (
    <div className="topology-wrap lab-stage-wrap">
      <div className="topology-stage lab-stage" ref={containerRef}>
        <svg ref={svgRef} className="topology-svg" role="group" aria-label={label} />
        <canvas ref={canvasRef} className="packet-canvas" aria-hidden="true" />
        {!topology && <p className="stage-waiting">Starting the simulation…</p>}
        {children}
      </div>
      <div className="stage-corner">
        <LabClock />
      </div>
    </div>
  );
}
