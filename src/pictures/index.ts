/**
 * Pictures for adapters: draw an `Answer.picture` as a named PNG in a worker thread, and wait for it only
 * briefly, so a slow picture never holds up the text answer and drawing never blocks the event loop.
 *
 * The worker starts on the first picture (or {@link warmPictures}) and stays; idle, it does not keep
 * the process alive. When it cannot run (e.g. without tsx) or crashes, pictures are drawn on this thread
 * instead: slower for the chat, never wrong.
 *
 * @example
 * const drawing = drawPicture(answer.picture);          // starts at once, off the event loop
 * const file = await within(drawing, PICTURE_WAIT_MS);   // undefined when not ready yet: send the text first
 */
import { Worker } from 'node:worker_threads';
import type { Picture } from '../core/types.ts';
import type { DrawReply } from './draw-worker.ts';
import type { PictureFile } from './draw.ts';
import { workerSource } from '../worker-bootstrap.ts';
import { siblingModule } from '../compiled.ts';

export type { PictureFile } from './draw.ts';

/** How long an adapter waits for a picture before it sends the text alone (and the picture after it). */
export const PICTURE_WAIT_MS = 800;

const WORKER_URL = siblingModule('./draw-worker.ts', import.meta.url).href;


/** Draws on this thread (the fallback); the drawing code (resvg, fontkit) loads only if it is needed. */
async function drawInThread(picture: Picture): Promise<PictureFile> {
  const { drawInThread: draw } = await import('./draw.ts');
  return draw(picture);
}

const BOOTSTRAP = workerSource(WORKER_URL);

let worker: Worker | undefined;
/** Set when the worker failed: later pictures are drawn on this thread. */
let workerFailed = false;
let seq = 0;
const pending = new Map<number, { resolve: (f: PictureFile) => void; reject: (e: Error) => void; picture: Picture }>();

function startWorker(): Worker {
  const w = new Worker(BOOTSTRAP, { eval: true });
  w.on('message', (reply: DrawReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    // Idle, the worker must not keep the process alive (a 'message' listener refs it).
    if (pending.size === 0) w.unref();
    if (reply.ok) p.resolve({ ...reply.file, png: Buffer.from(reply.file.png.buffer, reply.file.png.byteOffset, reply.file.png.byteLength) });
    else p.reject(Object.assign(new Error(reply.message), reply.stack ? { stack: reply.stack } : {}));
  });
  const fail = () => {
    // The worker is gone: what it was drawing is drawn here instead.
    workerFailed = true;
    worker = undefined;
    for (const [id, p] of pending) {
      pending.delete(id);
      drawInThread(p.picture).then(p.resolve, p.reject);
    }
  };
  w.on('error', fail);
  w.on('exit', fail);
  return w;
}

/** Draws a picture (in the worker when it runs). Rejects when drawing fails (the caller logs it and keeps the text). */
export function drawPicture(picture: Picture): Promise<PictureFile> {
  if (workerFailed) return drawInThread(picture);
  worker ??= startWorker();
  const id = ++seq;
  const w = worker;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, picture });
    // Busy, it must (or the process could exit with a picture half drawn).
    w.ref();
    w.postMessage({ id, picture });
  });
}

/** Starts the worker and draws one small picture, so the first real one does not pay for loading fonts. Never rejects. */
export async function warmPictures(): Promise<void> {
  await drawPicture({ kind: 'timeline', title: 'warm', subtitle: 'ÀБΓ中ع', bars: [], more: 0 }).catch(() => undefined);
}

/** Stops the worker (if any); the next picture starts a new one. */
export async function closePictures(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) {
    w.removeAllListeners('exit');
    w.removeAllListeners('error');
    await w.terminate();
  }
}

/**
 * What `promise` resolves to if it settles within `ms`, else undefined (the promise keeps running).
 * A rejection within `ms` rejects.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
