/**
 * The owner's report for a period: how many questions, the share answered, the most asked topics, the
 * topics nobody could answer (grouped by their content words, so "what about bananas?" and "bananas"
 * are one topic) and the quotes voted most and least helpful. Pure: it reads rows, it names no user.
 *
 * @example
 * reportText(buildReport(questions, votes, { since, until }))
 */
import { parseQuery } from '../search/query/query.ts';
import { stem } from '../search/text/stem.ts';
import type { QuestionRecord } from '../store/questions.ts';
import type { VoteRecord } from '../store/votes.ts';

/** One topic: its content words, an example of how it was asked, and how often. */
export interface TopicCount {
  /** The content word (stemmed) the questions share, e.g. `banana`. */
  key: string;
  /** Up to three wordings, most common first, e.g. `bananas / quantum bananas`. */
  example: string;
  count: number;
}

/** One quote's votes. */
export interface QuoteVotes {
  citation: string;
  helpful: number;
  notHelpful: number;
}

export interface Report {
  since: number;
  until: number;
  asked: number;
  answered: number;
  /** answered / asked, 0 when nothing was asked. */
  answeredShare: number;
  topTopics: TopicCount[];
  /** Questions answered "not covered", plus those whose answer was voted not helpful more than helpful. */
  unanswered: TopicCount[];
  mostHelpful: QuoteVotes[];
  leastHelpful: QuoteVotes[];
}

/** A question's content words (question wrapper and stopwords dropped), e.g. `quantum bananas` for "what about quantum bananas?". */
export function contentWords(question: string): string[] {
  return parseQuery(question).words.filter((w) => w.length > 1);
}

/**
 * Groups questions by shared content words: the word (stemmed) found in the most questions makes the first
 * group, with every question that has it; then the next word among the questions left, and so on. So
 * "bananas", "what about quantum bananas?" and "banana bread" are one topic, `banana`, shown by its most
 * common wording. Questions with no content word are not counted as a topic.
 */
function countTopics(questions: string[], limit: number): TopicCount[] {
  let left = questions.map((q) => {
    const words = contentWords(q);
    return { words, stems: new Set(words.map((w) => stem(w))) };
  }).filter((q) => q.stems.size > 0);
  const out: TopicCount[] = [];
  while (left.length && out.length < limit) {
    const counts = new Map<string, number>();
    for (const q of left) for (const st of q.stems) counts.set(st, (counts.get(st) ?? 0) + 1);
    const [key] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    const members = left.filter((q) => q.stems.has(key));
    left = left.filter((q) => !q.stems.has(key));
    const wordings = new Map<string, number>();
    for (const q of members) {
      const w = q.words.join(' ');
      wordings.set(w, (wordings.get(w) ?? 0) + 1);
    }
    const ranked = [...wordings].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0])).map(([w]) => w);
    out.push({ key, count: members.length, example: ranked.slice(0, 3).join(' / ') });
  }
  return out;
}

/** Builds the report from the period's questions and votes. `limit` topics/quotes per list (default 10). */
export function buildReport(
  questions: QuestionRecord[],
  votes: Array<Omit<VoteRecord, 'userHash'>>,
  period: { since: number; until: number },
  limit = 10,
): Report {
  const answered = questions.filter((q) => q.answered).length;
  const perAnswer = new Map<string, { helpful: number; not: number; question: string }>();
  const perQuote = new Map<string, QuoteVotes>();
  for (const v of votes) {
    const a = perAnswer.get(v.answerId) ?? { helpful: 0, not: 0, question: v.question };
    if (v.helpful) a.helpful++;
    else a.not++;
    perAnswer.set(v.answerId, a);
    for (const citation of v.citations) {
      const q = perQuote.get(citation) ?? { citation, helpful: 0, notHelpful: 0 };
      if (v.helpful) q.helpful++;
      else q.notHelpful++;
      perQuote.set(citation, q);
    }
  }
  const unansweredQuestions = questions.filter((q) => !q.answered).map((q) => q.question);
  const loggedUnanswered = new Set(questions.filter((q) => !q.answered).map((q) => q.answerId));
  for (const [answerId, a] of perAnswer) if (a.not > a.helpful && !loggedUnanswered.has(answerId)) unansweredQuestions.push(a.question);
  const quotes = [...perQuote.values()];
  const net = (q: QuoteVotes) => q.helpful - q.notHelpful;
  return {
    ...period,
    asked: questions.length,
    answered,
    answeredShare: questions.length ? answered / questions.length : 0,
    topTopics: countTopics(questions.map((q) => q.question), limit),
    unanswered: countTopics(unansweredQuestions, limit),
    mostHelpful: quotes.filter((q) => net(q) > 0).sort((a, b) => net(b) - net(a) || a.citation.localeCompare(b.citation)).slice(0, limit),
    leastHelpful: quotes.filter((q) => net(q) < 0).sort((a, b) => net(a) - net(b) || a.citation.localeCompare(b.citation)).slice(0, limit),
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The report as plain text lines (for chat and the command line). */
export function reportText(r: Report): string {
  const lines = [
    `Report ${day(r.since)} to ${day(r.until)}`,
    `Questions asked: ${r.asked}; answered: ${r.answered} (${Math.round(r.answeredShare * 100)}%)`,
  ];
  const topics = (title: string, list: TopicCount[]) => {
    lines.push(`${title}:`);
    if (!list.length) lines.push('  (none)');
    for (const t of list) lines.push(`  ${t.count} x ${t.example}`);
  };
  topics('Most asked topics', r.topTopics);
  topics('Nobody could answer (add videos about these)', r.unanswered);
  const votes = (title: string, list: QuoteVotes[]) => {
    lines.push(`${title}:`);
    if (!list.length) lines.push('  (none)');
    for (const q of list) lines.push(`  ${q.citation}: ${q.helpful} helpful, ${q.notHelpful} not helpful`);
  };
  votes('Quotes voted most helpful', r.mostHelpful);
  votes('Quotes voted least helpful', r.leastHelpful);
  return lines.join('\n');
}
