/**
 * The answers `quote` and `timeline` share when a topic cannot be answered from the transcripts: a topic
 * word they never say ("not covered", never a look-alike word), or a topic of only common words.
 */
import { topicCoverage, type TopicCoverage } from '../search/query/coverage.ts';
import type { SearchIndex } from '../search/types.ts';
import { notice, show } from './answer.ts';
import type { Answer } from './types.ts';

/** Speaker names and video titles: words a topic may use that need not be said in the captions. */
export function knownNames(index: SearchIndex): string[] {
  return [...index.speakers(), ...index.corpus.transcripts.map((t) => t.meta.title)];
}

/** Whether each word of `topic` stands for something the (visible) transcripts say. */
export function coverageOf(index: SearchIndex, topic: string): TopicCoverage {
  return topicCoverage(index.corpus.transcripts, topic, knownNames(index));
}

/**
 * The notice for a topic that cannot be searched or is not covered, or undefined when it can be answered:
 * no topic word at all (`quote the`, emoji), or a word the transcripts never say in any form.
 *
 * @example
 * uncovered(coverageOf(index, 'favorite food'), 'favorite food') // notice: No passage mentions "food". Not covered: ...
 */
export function uncovered(coverage: TopicCoverage, topic: string, command = 'quote'): Answer | undefined {
  if (!coverage.words.length) {
    return notice(`"${show(topic, 40)}" has no word to search for (only common words such as "the" or "what", or symbols). Give a topic, e.g. ${command} scaling laws.`);
  }
  if (!coverage.missing.length) return undefined;
  const missing = [...new Set(coverage.missing)].map((w) => `"${show(w, 40)}"`);
  // What they say, not what was typed: "compresion" is listed as "compression".
  const said = [...new Set(coverage.words.filter((w) => !coverage.missing.includes(w)).map((w) => coverage.readAs[w] ?? w))];
  const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} or ${missing[missing.length - 1]}` : missing[0]!;
  const rest = said.length ? ` (they do say ${said.map((w) => `"${show(w, 40)}"`).join(', ')})` : '';
  return notice(`No passage mentions ${list}. Not covered: the transcripts never say ${missing.length > 1 ? 'these words' : 'it'} in any form${rest}, so there is nothing to quote. Try other words, or type videos to see what is covered.`);
}
