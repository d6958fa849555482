/**
 * Worker thread side of `drawPicture` (src/pictures/index.ts): measures, lays out and renders pictures,
 * so loading the fonts (tens of megabytes) and measuring text never block the chat's event loop.
 *
 * Protocol: `{ id, picture }` in; `{ id, ok: true, file }` (the PNG's buffer transferred) or
 * `{ id, ok: false, message, stack }` out.
 */
import { parentPort } from 'node:worker_threads';
import type { Picture } from '../core/types.ts';
import { drawInThread, type PictureFile } from './draw.ts';

export interface DrawRequest {
  id: number;
  picture: Picture;
}

export type DrawReply = { id: number; ok: true; file: PictureFile } | { id: number; ok: false; message: string; stack?: string };

parentPort?.on('message', (request: DrawRequest) => {
  drawInThread(request.picture).then(
    (file) => {
      const png = new Uint8Array(file.png.buffer, file.png.byteOffset, file.png.byteLength);
      parentPort!.postMessage({ id: request.id, ok: true, file: { ...file, png } } satisfies { id: number; ok: true; file: unknown }, [png.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort!.postMessage({ id: request.id, ok: false, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } satisfies DrawReply);
    },
  );
});
