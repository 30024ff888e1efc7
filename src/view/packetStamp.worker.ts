// The stamping worker: stamps each frame's packets (packetStamper.ts) off the main thread and hands
// back the stamped rows' pixels (a transferred buffer), which the main thread puts with one
// putImageData. Not an ImageBitmap: making one in a worker took 70-700 wall ms per frame in headless
// Chromium without a GPU, where copying the rows takes about one. Where the page could transfer the
// packet canvas to it (OffscreenCanvas), it instead puts the rows and paints the overlays itself, and
// the main thread only places the packets: no per-frame canvas work left there.
/// <reference lib="webworker" />
import { PacketPresenter } from './packetOverlays';
import { Stamper, type FromStamper, type StampJob, type ToStamper } from './packetStamper';
import type { Overlays } from './packetOverlays';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const stamper = new Stamper();
const post = (message: FromStamper, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
/** Row buffers the main thread handed back, for the next answers (no 4 MB allocation per frame). */
const spares: ArrayBuffer[] = [];
/** The transferred packet canvas and what it shows, once the page sent it. */
let surface: {
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
  presenter: PacketPresenter;
  image: ImageData | null;
} | null = null;

/** Stamps `job` and presents it with its overlays on the transferred canvas. */
function present(job: StampJob, overlays: Overlays): void {
  if (!surface) throw new Error('no canvas transferred');
  const { canvas, ctx, presenter } = surface;
  if (canvas.width !== job.width || canvas.height !== job.height) {
    // Setting the size clears the canvas.
    canvas.width = job.width;
    canvas.height = job.height;
    presenter.reset();
  }
  const frame = stamper.render(job);
  // The frame's own memory as ImageData: no copy of the rows.
  if (!surface.image || surface.image.data !== frame.clamped) {
    surface.image = new ImageData(frame.clamped, frame.width, frame.height);
  }
  presenter.presentFrame(ctx, surface.image, frame.dirtyRows(), overlays);
}

post({ type: 'ready', ok: true });

scope.onmessage = (event: MessageEvent<ToStamper>) => {
  const message = event.data;
  if (message.type === 'sprites') stamper.setSprites(message.key, message.sprites);
  else if (message.type === 'forget') stamper.forget(message.key);
  else if (message.type === 'spare') {
    if (spares.length < 3) spares.push(message.buffer);
  } else if (message.type === 'canvas') {
    const ctx = message.canvas.getContext('2d');
    // Without a 2D context every 'present' fails, and the page draws on the main thread again.
    if (ctx) surface = { canvas: message.canvas, ctx, presenter: new PacketPresenter(), image: null };
  } else if (message.type === 'present') {
    const { job } = message;
    try {
      present(job, message.overlays);
      post({ type: 'presented', seq: job.seq, stamps: job.stamps }, [job.stamps.buffer]);
    } catch (error) {
      post({ type: 'failed', seq: job.seq, message: error instanceof Error ? error.message : String(error) });
    }
  } else if (message.type === 'read') {
    const width = surface?.canvas.width ?? 0;
    const height = surface?.canvas.height ?? 0;
    const data =
      surface && width > 0 && height > 0
        ? surface.ctx.getImageData(0, 0, width, height).data
        : new Uint8ClampedArray(0);
    post({ type: 'pixels', id: message.id, width, height, data }, [data.buffer]);
  } else {
    const { job } = message;
    try {
      const frame = stamper.render(job);
      const rows = frame.dirtyRows();
      const transfer: Transferable[] = [job.stamps.buffer];
      let pixels: Uint8ClampedArray<ArrayBuffer> | null = null;
      if (rows) {
        const bytes = (rows.bottom - rows.top + 1) * job.width * 4;
        let buffer = spares.pop();
        while (buffer && buffer.byteLength < bytes) buffer = spares.pop();
        pixels = new Uint8ClampedArray(buffer ?? new ArrayBuffer(bytes), 0, bytes);
        pixels.set(frame.clamped.subarray(rows.top * job.width * 4, (rows.bottom + 1) * job.width * 4));
        transfer.push(pixels.buffer);
      }
      post({ type: 'drawn', seq: job.seq, pixels, top: rows?.top ?? 0, stamps: job.stamps }, transfer);
    } catch (error) {
      post({ type: 'failed', seq: job.seq, message: error instanceof Error ? error.message : String(error) });
    }
  }
};
