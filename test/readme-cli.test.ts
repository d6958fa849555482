/**
 * Every `npx quotebot <command>` line in README.md that runs offline on the bundled transcript is run here
 * (spawned through bin/quotebot.js, as npx runs it) and must exit as documented with a meaningful output. Lines
 * that need the network, platform tokens or ../shared are listed in {@link SKIPPED} with the reason; a README
 * line whose command is in neither list fails the test, so a new example cannot go unchecked.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED_DIR, SEED_ID } from './core/helpers.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
/** A working directory without a .env (a developer's tokens must not switch `start` to a platform). */
const CWD = mkdtempSync(join(tmpdir(), 'quotebot-readme-cli-'));
const ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TRANSCRIPTS_DIR: SEED_DIR,
  QUOTEBOT_CACHE_DIR: 'off',
  QUOTEBOT_DB: join(CWD, 'quotebot.db'),
};

/**
 * A transcripts folder with one collection (`interview/`, the bundled transcript): lines that name a
 * collection (`--collection <name>`) run against it, since the bundled folder has none.
 */
const COLLECTIONS = join(CWD, 'collections');
const COLLECTION = 'interview';
mkdirSync(join(COLLECTIONS, COLLECTION), { recursive: true });
for (const f of readdirSync(SEED_DIR)) copyFileSync(join(SEED_DIR, f), join(COLLECTIONS, COLLECTION, f));

/** Commands whose README lines are not run, and why. */
const SKIPPED: Record<string, string> = {
  add: 'fetches captions from YouTube with yt-dlp (network)',
  update: 'asks YouTube what the followed channels uploaded (network)',
  remove: 'takes the id or URL of a video added with add (VIDEO_ID / <id|url> are placeholders) and deletes its files',
  'deploy-commands': 'registers slash commands with Discord (DISCORD_TOKEN, network)',
  shard: 'runs the Discord bot under ShardingManager (DISCORD_TOKEN, network)',
};
/** Lines that read ../shared (the evaluation corpora, not in a fresh clone). */
const NEEDS_SHARED = /\.\.\/shared\//;

/** One README occurrence: the command and its arguments as written (comments cut off). */
interface Line {
  command: string;
  rest: string;
  written: string;
}

/** Every `npx quotebot ...` in README.md; `update | sources | remove` lines name several commands. */
function readmeLines(): Line[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const out: Line[] = [];
  for (const m of readme.matchAll(/npx quotebot ([^`#\n]*)/g)) {
    for (const part of m[1]!.trim().split(/\s+\|\s+/)) {
      const [command = '', ...rest] = part.trim().split(/\s+/);
      out.push({ command, rest: rest.join(' '), written: `npx quotebot ${m[1]!.trim()}` });
    }
  }
  return out;
}

/**
 * How a README command line is run: its arguments (optional `[...]` parts and `< file` left out, a
 * collection `<name>` read as {@link COLLECTION}), stdin, and the transcripts folder.
 */
function argsOf(line: Line): { args: string[]; input: string; transcripts: string } {
  const stdin = /<\s*(\S+\.jsonl)\s*$/.exec(line.rest);
  const named = /--collection\s+<name>/.test(line.rest);
  const rest = line.rest
    .replace(/<\s*\S+\.jsonl\s*$/, '')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/--collection\s+<name>/, `--collection ${COLLECTION}`);
  // Quoted arguments stay one argument, as the shell passes them.
  const args = [...rest.matchAll(/"([^"]*)"|(\S+)/g)].map((a) => a[1] ?? a[2]!);
  let input = '';
  if (stdin?.[1] === 'lines.jsonl') input = `${JSON.stringify({ id: 'a', text: 'quote gpus' })}\n${JSON.stringify({ id: 'b', text: 'timeline imagenet' })}\n`;
  else if (stdin?.[1] === 'queries.jsonl') input = `${JSON.stringify({ id: 'q', query: 'gpus' })}\n`;
  else if (line.command === 'start') input = '/quote gpus\n'; // the console chat, piped: answers and exits at end of input
  return { args: [line.command, ...args], input, transcripts: named ? COLLECTIONS : SEED_DIR };
}

/** What each runnable command must print (exit code 0 unless said). */
const EXPECT: Record<string, (out: { code: number | null; stdout: string; stderr: string }) => void> = {
  start: (r) => {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Quotes about "gpus"/);
    expect(r.stdout).toMatch(/GPU/i);
  },
  ask: (r) => {
    expect(r.code).toBe(0);
    if (r.stdout.trimStart().startsWith('{')) {
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; answer: { kind: string; quotes?: unknown[] } });
      expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
      expect(lines[0]!.answer.kind).toBe('quotes');
      expect(lines[0]!.answer.quotes?.length).toBeGreaterThan(0);
      expect(lines[1]!.answer.kind).toBe('timeline');
    } else {
      expect(r.stdout).toMatch(/^Quotes about "(how did GPUs help\?|gpus)"/);
      expect(r.stdout).toMatch(/^1\. ".*gpus/im);
    }
  },
  index: (r) => {
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(SEED_ID);
    expect(r.stdout).toMatch(/Total: 1 transcript\(s\)/);
  },
  search: (r) => {
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as { id: string; results: Array<{ video: string; text: string }> };
    expect(line.id).toBe('q');
    expect(line.results.length).toBeGreaterThan(0);
    expect(line.results[0]!.video).toBe(SEED_ID);
    expect(line.results[0]!.text).toMatch(/gpu/i);
  },
  sources: (r) => {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No followed sources/);
  },
  report: (r) => {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Report \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    expect(r.stdout).toMatch(/Questions asked: \d+/);
  },
  // No bot runs here: health says so and exits 1, as documented ("exit 0 yes, 1 no").
  health: (r) => {
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/unhealthy: no health file/);
  },
};

describe('README command lines on the bundled transcript', () => {
  const lines = readmeLines();

  it('finds the README command lines, and each is run or skipped with a reason', () => {
    expect(lines.length).toBeGreaterThan(10);
    const unknown = lines.filter((l) => !NEEDS_SHARED.test(l.rest) && !(l.command in SKIPPED) && !(l.command in EXPECT));
    expect(unknown.map((l) => l.written)).toEqual([]);
  });

  const runnable = readmeLines().filter((l) => !NEEDS_SHARED.test(l.rest) && l.command in EXPECT);
  // One run per distinct command line (the same line may appear twice in the README).
  const distinct = [...new Map(runnable.map((l) => [`${l.command} ${l.rest}`, l])).values()];
  it.each(distinct.map((l) => [`${l.command} ${l.rest}`.trim(), l] as const))('npx quotebot %s', (_name, line) => {
    const { args, input, transcripts } = argsOf(line);
    expect(args.join(' '), 'a placeholder left in the arguments').not.toMatch(/<[a-z|]+>/);
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, input, encoding: 'utf8', env: { ...ENV, TRANSCRIPTS_DIR: transcripts }, timeout: 90_000 });
    expect(r.error, `${line.written}: ${r.error?.message}`).toBeUndefined();
    EXPECT[line.command]!({ code: r.status, stdout: r.stdout, stderr: r.stderr });
  });

  it('skips only what needs the network, tokens or ../shared, and says so', () => {
    const skipped = lines.filter((l) => NEEDS_SHARED.test(l.rest) || l.command in SKIPPED);
    expect(skipped.map((l) => l.command).sort()).toEqual(expect.arrayContaining(['add', 'deploy-commands', 'remove', 'shard', 'update']));
    for (const l of skipped) expect(NEEDS_SHARED.test(l.rest) || SKIPPED[l.command]!.length > 10).toBe(true);
  });
});
