// The packet drawing worker. Where the page could transfer the packet canvas to it (OffscreenCanvas),
// it draws every frame itself in its own animation frames, from a copy of the page's feed kept level
// by the feed's changes (workerDrawing.ts): the page does no per-frame work for its packets (with tens
// of thousands in flight the page composes and this stamps and presents each frame). Else it
// stamps the frames the page sends (packetStamper.ts) and hands back the stamped rows' pixels (a
// transferred buffer) for one putImageData. Not an ImageBitmap: making one in a worker took 70-700
// wall ms per frame in headless Chromium without a GPU, where copying the rows takes about one.
/// <reference lib="webworker" />
import { STAMP_WORKER_ALIVE_WALL_MS, Stamper, type FromStamper, type ToStamper } from './packetStamper';
import { WorkerDrawing } from './workerDrawing';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const stamper = new Stamper();
const post = (message: FromStamper, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
/** Row buffers the main thread handed back, for the next answers (no 4 MB allocation per frame). */
const spares: ArrayBuffer[] = [];
/** The transferred packet canvas and the drawing on it, once the page sent it. */
let surface: {
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
  drawing: WorkerDrawing;
} | null = null;

/** The worker's animation frames where it has them (Chromium, Firefox), else about 60 a second. */
const requestFrame = (callback: () => void) => {
  if (typeof scope.requestAnimationFrame === 'function') scope.requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

const fail = (error: unknown) => {
  surface = null;
  post({ type: 'failed', seq: -1, message: error instanceof Error ? error.message : String(error) });
};

/** The drawing on the transferred canvas; a message for it before the canvas came is an error. */
const drawing = (): WorkerDrawing => {
  if (!surface) throw new Error('no canvas transferred');
  return surface.drawing;
};

post({ type: 'ready', ok: true });

function handle(message: ToStamper): void {
  switch (message.type) {
    case 'sprites':
      stamper.setSprites(message.key, message.sprites);
      return;
    case 'forget':
      stamper.forget(message.key);
      return;
    case 'spare':
      if (spares.length < 3) spares.push(message.buffer);
      return;
    case 'canvas': {
      const ctx = message.canvas.getContext('2d');
      // Without a 2D context nothing can be drawn here: the page draws on the main thread again.
      if (!ctx) throw new Error('no 2D context on the transferred canvas');
      const own = new WorkerDrawing(message.canvas, ctx, requestFrame, fail, () => post({ type: 'slow' }));
      surface = { canvas: message.canvas, ctx, drawing: own };
      own.apply(message.feed);
      // The page's patience with a worker that stopped answering (it has no per-frame answers to miss).
      setInterval(() => {
        if (surface) post({ type: 'alive' });
      }, STAMP_WORKER_ALIVE_WALL_MS);
      return;
    }
    case 'feed':
      drawing().apply(message.op);
      return;
    case 'pace':
      drawing().setPacedByPage(message.byPage);
      return;
    case 'present': {
      const { job } = message;
      drawing().presentJob(job, message.overlays);
      post({ type: 'presented', seq: job.seq, stamps: job.stamps, workMs: drawing().jobWallMs }, [
        job.stamps.buffer,
      ]);
      return;
    }
    case 'layout':
      drawing().setLayout(message.layout, message.dpr);
      return;
    case 'view':
      drawing().setView(message.view);
      return;
    case 'motion':
      drawing().setReducedMotion(message.reduceMotion);
      return;
    case 'selected':
      drawing().setSelected(message.frameId);
      return;
    case 'snapshot':
      post({ type: 'snapshot', id: message.id, snapshot: drawing().snapshot() });
      return;
    case 'count':
      post({ type: 'count', id: message.id, frames: drawing().presented });
      return;
    case 'read': {
      const width = surface?.canvas.width ?? 0;
      const height = surface?.canvas.height ?? 0;
      const data =
        surface && width > 0 && height > 0
          ? surface.ctx.getImageData(0, 0, width, height).data
          : new Uint8ClampedArray(0);
      post({ type: 'pixels', id: message.id, width, height, data }, [data.buffer]);
      return;
    }
    case 'frame': {
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
        post({
          type: 'failed',
          seq: job.seq,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

scope.onmessage = (event: MessageEvent<ToStamper>) => {
  try {
    handle(event.data);
  } catch (error) {
    // Anything the drawing on the canvas could not take: the page draws from now on.
    fail(error);
  }
};
