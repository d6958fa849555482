/** `verify <claim>`: was this said word for word, nearly (with the differing words), or not at all. */
import type { SearchIndex, VerifyResult } from '../../search/types.ts';
import { cleanTopic, notice, show } from '../answer.ts';
import { toQuote } from '../quote.ts';
import type { Answer, CommandSpec } from '../types.ts';
import { contextAction } from './context.ts';
import { text, type Handler } from './types.ts';

export const spec: CommandSpec = {
  name: 'verify',
  description: 'Was this really said? Checks a claimed quote against the transcripts',
  options: [{ name: 'claim', type: 'string', description: 'The quote as you remember it', required: true, rest: true }],
  examples: ['verify "the gpus appeared in our lab"'],
};

export const handler: Handler = (args, ctx) => verifyAnswer(ctx.index, text(args, 'claim') ?? '');

/** The verdict in a few words, the same on every platform (adapters show it as the verdict's label). */
export const VERDICT_LABELS: Record<VerifyResult['verdict'], string> = {
  verbatim: 'Said word for word',
  near: 'Said, with small differences',
  none: 'Not found in the transcripts',
};

/** Removes one pair of surrounding quotes from a claim. */
function unquote(claim: string): string {
  const t = claim.trim();
  return /^".*"$/s.test(t) && t.length >= 2 ? t.slice(1, -1).trim() : t.replace(/^"|"$/g, '').trim();
}

/** The answer's heading: the verdict as a sentence, with the share of matching words. */
function verdictTitle(result: VerifyResult, hasPassage: boolean): string {
  const percent = Math.round(result.similarity * 100);
  if (result.verdict === 'verbatim') return 'Yes: this was said word for word.';
  if (result.verdict === 'near') return `Nearly: this was said with small differences (${percent}% of the words match).`;
  return hasPassage ? `Not found: nothing close enough was said (best match ${percent}%).` : 'Not found: no transcript has anything like this.';
}

/** The `verify` answer, with the closest passage. */
export function verifyAnswer(index: SearchIndex, rawClaim: string): Answer {
  const claim = cleanTopic(unquote(String(rawClaim ?? '')));
  if (!claim) return notice('Give the quote to check, e.g. verify "the gpus appeared in our lab".');
  const result = index.verify(claim);
  const quotes = result.hit ? [toQuote(result.hit, index.params.bounds)] : [];
  const answer: Answer = {
    kind: 'verify',
    title: verdictTitle(result, quotes.length > 0),
    quotes,
    verify: { verdict: result.verdict, label: VERDICT_LABELS[result.verdict], similarity: result.similarity, differences: result.differences },
    ephemeral: false,
  };
  if (result.verdict === 'near' && result.differences.length) {
    answer.text = result.differences
      .slice(0, 8)
      .map((d) => `claimed "${show(d.claimed || '(nothing)', 40)}", said "${show(d.said || '(nothing)', 40)}"`)
      .join('\n');
  } else if (result.verdict === 'none' && quotes.length) {
    answer.text = 'The closest passage is below.';
  }
  const first = quotes[0];
  if (first) answer.actions = contextAction(first.videoId, first.start);
  return answer;
}
