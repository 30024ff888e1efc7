// Lab 2's moving packets: a small canvas layer drawing the hops of a packet feed it is given, on the
// main thread (a split-view lab shows a few hundred packets). The picture is composed, stamped and
// presented by the same modules as Lab 1's (packetScene.ts, packetStamper.ts, packetOverlays.ts), so
// both labs draw the same pixels.
import type { PacketFeed } from '../../state/packetFeed';
import type { Layout } from '../../view/layout';
import { PacketPresenter } from '../../view/packetOverlays';
import { PacketScene, type ViewTransform } from '../../view/packetScene';
import { PixelFrame } from '../../view/packetSprites';
import { stampInto } from '../../view/packetStamper';
import { SpriteSets } from '../../view/spriteSets';

export interface LabPacketLayer {
  setLayout(layout: Layout): void;
  setTransform(transform: ViewTransform): void;
  setReducedMotion(on: boolean): void;
  destroy(): void;
}

export function createLabPacketLayer(canvas: HTMLCanvasElement, feed: PacketFeed): LabPacketLayer {
  const ctx = canvas.getContext('2d');
  const scene = new PacketScene(feed);
  const sprites = new SpriteSets();
  const presenter = new PacketPresenter();
  let pixels: PixelFrame | null = null;
  let image: ImageData | null = null;
  let view: ViewTransform = { k: 1, x: 0, y: 0 };
  let reduceMotion = false;
  let drawnVersion = -1;
  let dirty = true;
  let frame = 0;
  /** The frame's packets as (sprite code, device x, device y) triples, reused from frame to frame. */
  let stamps = new Int32Array(0);

  const draw = () => {
    frame = requestAnimationFrame(draw);
    const layout = scene.getLayout();
    if (!ctx || !layout || !pixels || !image) return;
    const running = feed.isRunning();
    if (!running && !dirty && drawnVersion === feed.version) return;
    dirty = false;
    if (stamps.length < feed.hops.count * 3)
      stamps = new Int32Array(Math.max(feed.hops.count * 3, 3 * 256) * 2);
    const dpr = canvas.width / layout.width;
    const composed = scene.compose({ view, dpr, reduceMotion, selected: null, stamps }, running);
    if (!composed) return;
    pixels.clear();
    stampInto(pixels, sprites.forScale(composed.overlays.scale), stamps, composed.stampCount);
    // Only the rows that held anything last frame or hold something now go to the canvas.
    presenter.presentFrame(ctx, image, pixels.dirtyRows(), composed.overlays);
    drawnVersion = feed.version;
  };
  frame = requestAnimationFrame(draw);

  return {
    setLayout(next) {
      scene.setLayout(next);
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(next.width * dpr));
      const h = Math.max(1, Math.round(next.height * dpr));
      if (canvas.width !== w || canvas.height !== h) {
        // Setting the size clears the canvas.
        canvas.width = w;
        canvas.height = h;
        presenter.reset();
      }
      if (!pixels || pixels.width !== w || pixels.height !== h) {
        pixels = new PixelFrame(w, h);
        image = new ImageData(pixels.clamped, w, h);
      }
      canvas.style.width = `${next.width}px`;
      canvas.style.height = `${next.height}px`;
      dirty = true;
    },
    setTransform(next) {
      view = { k: next.k, x: next.x, y: next.y };
      dirty = true;
    },
    setReducedMotion(on) {
      reduceMotion = on;
      dirty = true;
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
}
