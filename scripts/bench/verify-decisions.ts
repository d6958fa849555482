/**
 * verify's decisions and the timelines on the small fixture corpora, computed with the code of a checkout:
 * the record `test/search/verify/decisions.test.ts` compares this tree with (claims made from the stored
 * texts: a stretch of words as said, with one word changed, two swapped, the first dropped, and made-up).
 * Regenerate only when a change of answers is intended, from the checkout whose answers are the reference:
 *
 * node --import tsx scripts/bench/verify-decisions.ts ROOT > test/fixtures/verify/decisions.json
 */
import { fileURLToPath } from 'node:url';
import type { Hit, SearchIndex } from '../../src/search/types.ts';

/** The fixture folders the record covers. */
export const DECISION_DIRS = ['transcripts', 'test/fixtures/discord', 'test/fixtures/main'];

/** Timeline topics of the record. */
const TOPICS = ['gpu', 'honey', 'attention', 'scaling', 'bread', 'neural networks', 'AI', 'RL', 'deep learning', 'bees'];

function hitOf(h: Hit | undefined): object | undefined {
  return h && { video: h.video.id, text: h.text, charStart: h.charStart, charEnd: h.charEnd, start: h.start, end: h.end, speaker: h.speaker };
}

/** The claims made from an index's stored texts (see the module comment). */
export function claimsOf(texts: readonly string[]): string[] {
  const claims: string[] = [];
  for (const text of texts) {
    const words = text.split(/\s+/).filter(Boolean);
    for (let k = 0; k + 12 <= words.length; k += 45) {
      const w = words.slice(k, k + 12);
      claims.push(w.join(' '), [...w.slice(0, 2), 'banana', ...w.slice(3)].join(' '), [w[1], w[0], ...w.slice(2)].join(' '), w.slice(1, 9).join(' '));
    }
  }
  return [...claims, 'the moon is made of green cheese', 'it is what it is', 'um so so the the', 'banana banana banana'];
}

/** verify's answer to every claim and the timeline of every topic, as plain data. */
export function decisionsOf(index: SearchIndex, claims: readonly string[]): object {
  const verify = claims.map((claim) => {
    const r = index.verify(claim);
    return { claim, verdict: r.verdict, similarity: r.similarity, differences: r.differences, hit: hitOf(r.hit) };
  });
  const timelines = TOPICS.map((topic) => {
    const r = index.mentions(topic, { limit: 50 });
    return { topic, total: r.total, terms: r.terms, hits: r.hits.map(hitOf) };
  });
  return { verify, timelines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? '.';
  const { loadCorpus } = (await import(`${root}/src/corpus/load.ts`)) as typeof import('../../src/corpus/load.ts');
  const { buildIndex } = (await import(`${root}/src/search/index.ts`)) as typeof import('../../src/search/index.ts');
  const { storedText } = (await import(`${root}/src/corpus/text.ts`)) as typeof import('../../src/corpus/text.ts');
  const out: object[] = [];
  for (const dir of DECISION_DIRS) {
    const index = buildIndex(await loadCorpus(`${root}/${dir}`));
    out.push({ dir, ...decisionsOf(index, claimsOf(index.corpus.transcripts.map((t) => storedText(t).text))) });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
