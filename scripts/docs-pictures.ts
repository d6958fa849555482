/**
 * Writes the README's example pictures from the bundled transcript:
 * `docs/timeline.png` (`timeline neural networks`) and `docs/quote-card.png` (`card f96Xrg4uNik@766`).
 *
 *     node --import tsx scripts/docs-pictures.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openIndex } from '../src/app/open-index.ts';
import { QuoteBot } from '../src/core/bot.ts';
import { closePictures, drawPicture } from '../src/pictures/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bot = new QuoteBot(await openIndex(`${root}transcripts`));
const user = { platform: 'cli' as const, userId: 'docs' };
for (const [command, file] of [
  ['timeline neural networks', 'docs/timeline.png'],
  ['card f96Xrg4uNik@766', 'docs/quote-card.png'],
] as const) {
  const answer = await bot.handle(bot.parse(command, user));
  if (!answer.picture) throw new Error(`"${command}" answered without a picture: ${answer.text ?? answer.kind}`);
  await writeFile(`${root}${file}`, (await drawPicture(answer.picture)).png);
  console.log(`${command} -> ${file}`);
}
await closePictures();
