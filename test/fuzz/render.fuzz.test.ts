/**
 * Any Answer, rendered for Discord and for Slack, stays within the platform's limits, pings nobody and
 * carries no broken or injected link markup (issue 7, item 4). Two sources of answers: arbitrary ones
 * (fast-check, with hostile text everywhere and 10k-character quotes), and real ones from the bot over a
 * corpus whose transcripts, titles, channels and speakers are hostile.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer as renderDiscord } from '../../src/adapters/discord/render.ts';
import { renderAnswer as renderSlack } from '../../src/adapters/slack/render.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import type { Answer, Requester } from '../../src/core/types.ts';
import { buildIndex } from '../../src/search/index.ts';
import { answerUrls, anyAnswer, CORPUS_WORDS, discordProblems, hostilePiece, fuzzTimeout, runs, slackProblems, writeHostileCorpus } from './hostile.ts';

const DISCORD_USER = '123456789012345678';
const SLACK_USER = 'U0ASKER01';

/** Renders an answer every way the adapters do and returns every problem found. */
function problemsOf(answer: Answer): string[] {
  const urls = answerUrls(answer);
  const problems: string[] = [];
  for (const surface of ['interaction', 'message'] as const) {
    const payload = renderDiscord(answer, { askerId: DISCORD_USER, surface });
    problems.push(...discordProblems(payload, urls).map((p) => `discord/${surface}: ${p}`));
  }
  for (const share of [true, false]) {
    const message = renderSlack(answer, { asker: SLACK_USER, share });
    problems.push(...slackProblems(message, urls).map((p) => `slack/share=${share}: ${p}`));
  }
  return problems;
}

describe('the checks themselves catch what they are meant to catch', () => {
  it('flags a live mention, a broken link and an oversized message', () => {
    const urls = new Set(['https://youtu.be/x']);
    const bad = {
      content: 'hi @everyone [x](https://evil.example)'.padEnd(2100, '.'),
      embeds: [], components: [], flags: 0, allowed_mentions: { parse: [] as [], replied_user: false as const },
    };
    const found = discordProblems(bad, urls).join('\n');
    expect(found).toMatch(/2100 > 2000/);
    expect(found).toMatch(/live mention "@everyone"/);
    expect(found).toMatch(/masked link to "https:\/\/evil.example"/);
    const slack = slackProblems(
      { text: 'ok', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hey <!here> see <https://youtu.be/x|cut' } }], unfurl_links: false, unfurl_media: false },
      urls,
    ).join('\n');
    expect(slack).toMatch(/"<!here>" is not a link/);
    expect(slack).toMatch(/stray "<"/);
    // And the renderers' own output for a plain answer passes.
    expect(problemsOf({ kind: 'quotes', title: 'Quotes about "gpus"', quotes: [] })).toEqual([]);
  });
});

describe('arbitrary answers', () => {
  it('render within limits, with no live mention and no broken link markup', { timeout: fuzzTimeout(60_000) }, () => {
    fc.assert(
      fc.property(anyAnswer, (answer) => {
        expect(problemsOf(answer)).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('real answers over a hostile corpus', () => {
  let bot: QuoteBot;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const hostile = await writeHostileCorpus();
    cleanup = hostile.cleanup;
    const corpus = await loadCorpus(hostile.dir);
    bot = new QuoteBot(buildIndex(corpus), { cooldownSeconds: 0 });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('the corpus really is hostile (so this test can fail)', async () => {
    const stored = bot.index.corpus.transcripts.flatMap((t) => [t.meta.title, t.meta.channel ?? '', ...t.cues.map((c) => c.text)]).join('\n');
    for (const bit of ['@everyone', '<@123456789012345678>', '<!channel>', '<!subteam^S1|@team>', '[Talk](https://evil.example)', '||spoiler||', '<https://evil.example|label>']) {
      expect(stored).toContain(bit);
    }
    expect(bot.index.corpus.transcripts.some((t) => t.cues.some((c) => c.text.length > 5000))).toBe(true);
    const answer = await bot.handle(bot.parse('quote welcome show gpus', { platform: 'discord', userId: '1' }));
    expect(answer.quotes?.some((q) => /@everyone|<@|<!/.test(q.text + q.videoTitle))).toBe(true);
  });

  const command = fc.oneof(
    fc.array(fc.oneof(fc.constantFrom(...CORPUS_WORDS), hostilePiece), { minLength: 1, maxLength: 6 }).map((w) => `quote ${w.join(' ')}`),
    fc.constantFrom(...CORPUS_WORDS).map((w) => `timeline ${w}`),
    fc.constantFrom(...CORPUS_WORDS).map((w) => `quote ${w} count:10`),
    fc.constantFrom('videos', 'random', 'help', 'help quote', 'context ab_cd-EF_12@30', 'context ab_cd-EF_12@45 before:5 after:5', 'more'),
    fc.array(fc.constantFrom(...CORPUS_WORDS), { minLength: 3, maxLength: 12 }).map((w) => `verify ${w.join(' ')}`),
  );

  it('render within limits, with no live mention and no broken link markup', { timeout: fuzzTimeout(60_000) }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(command, async (line) => {
        const user: Requester = { platform: n % 2 ? 'discord' : 'slack', userId: `u${n++}` };
        const answer = await bot.handle(bot.parse(line, user));
        expect(answer.kind).not.toBe('error');
        expect(problemsOf(answer)).toEqual([]);
        // Buttons resume into answers that render safely too.
        for (const action of answer.actions ?? []) {
          const next = await bot.handle({ command: 'resume', args: { token: action.token }, user });
          expect(next.kind).not.toBe('error');
          expect(problemsOf(next)).toEqual([]);
        }
      }),
      { numRuns: runs(120) },
    );
  });
});
