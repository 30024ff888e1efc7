// The stamping worker: stamps each frame's packets (packetStamper.ts) off the main thread and hands
// back the stamped rows' pixels (a transferred buffer), which the main thread puts with one
// putImageData. Not an ImageBitmap: making one in a worker took 70-700 wall ms per frame in headless
// Chromium without a GPU, where copying the rows takes about one.
/// <reference lib="webworker" />
import { Stamper, type FromStamper, type ToStamper } from './packetStamper';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const stamper = new Stamper();
const post = (message: FromStamper, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
/** Row buffers the main thread handed back, for the next answers (no 4 MB allocation per frame). */
const spares: ArrayBuffer[] = [];

post({ type: 'ready', ok: true });

scope.onmessage = (event: MessageEvent<ToStamper>) => {
  const message = event.data;
  if (message.type === 'sprites') stamper.setSprites(message.key, message.sprites);
  else if (message.type === 'forget') stamper.forget(message.key);
  else if (message.type === 'spare') {
    if (spares.length < 3) spares.push(message.buffer);
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
