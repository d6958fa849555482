/**
 * How long pictures take to draw, and how much drawing blocks the event loop: in the worker (what the
 * adapters use) against on the main thread (the fallback). Prints medians and the ratio of the worst
 * event-loop stall, so the figure holds on a busy machine.
 *
 *     node --import tsx scripts/bench-pictures.ts [rounds=10]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openIndex } from '../src/app/open-index.ts';
import { QuoteBot } from '../src/core/bot.ts';
import type { Picture } from '../src/core/types.ts';
import { drawInThread } from '../src/pictures/draw.ts';
import { closePictures, drawPicture, warmPictures } from '../src/pictures/index.ts';

const rounds = Number(process.argv[2] ?? 10);
const root = fileURLToPath(new URL('..', import.meta.url));
const bot = new QuoteBot(await openIndex(`${root}transcripts`));
const user = { platform: 'cli' as const, userId: 'bench' };
const pictures: Picture[] = [];
for (const command of ['timeline neural networks', 'card f96Xrg4uNik@766']) {
  const answer = await bot.handle(bot.parse(command, user));
  if (answer.picture) pictures.push(answer.picture);
}
const long: Picture = { kind: 'card', quote: { ...(pictures[1] as Extract<Picture, { kind: 'card' }>).quote, text: 'so I think the most important thing about scaling is that you really have to believe in it '.repeat(25).slice(0, 2000) } };
pictures.push(long);

async function measure(label: string, draw: (p: Picture) => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  const times: number[] = [];
  histogram.enable();
  for (let i = 0; i < rounds; i++) {
    for (const p of pictures) {
      const t = performance.now();
      await draw(p);
      times.push(performance.now() - t);
    }
  }
  histogram.disable();
  times.sort((a, b) => a - b);
  const stall = histogram.max / 1e6;
  console.log(`${label}: median ${times[times.length >> 1]!.toFixed(0)} ms per picture, worst event-loop stall ${stall.toFixed(0)} ms`);
  return stall;
}

await warmPictures();
await drawInThread(pictures[0]!); // load fonts on this thread too, so both sides are warm
const worker = await measure('worker     ', drawPicture);
const thread = await measure('main thread', drawInThread);
console.log(`event-loop stall, main thread / worker: ${(thread / worker).toFixed(1)}x`);
await closePictures();
