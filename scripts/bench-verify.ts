/**
 * Measures `verify`: accuracy on mutated real lines, false `near`/`verbatim` on lines from another corpus,
 * the similarity distributions behind NEAR_SIMILARITY, and milliseconds per verify; then the speed on
 * claims of 5-400 words (real, mutated and word salad) and on 6,000-character junk (issue 7: any query up
 * to 6,000 characters within 50 ms), as wall-clock and CPU milliseconds (CPU time is less disturbed by a
 * busy machine).
 *
 * Usage: npx tsx scripts/bench-verify.ts [transcripts-dir] [negatives-dir] [n]
 * e.g.   QUOTEBOT_CACHE_DIR=off npx tsx scripts/bench-verify.ts ../shared/corpus/3b1b transcripts 500
 */
import { loadCorpus } from '../src/corpus/load.ts';
import { storedText } from '../src/corpus/text.ts';
import { buildIndex } from '../src/search/index.ts';
import { NEAR_SIMILARITY, verifyClaim } from '../src/search/verify/verify.ts';

const [dir = 'transcripts', negDir = '', nArg = '300'] = process.argv.slice(2);
const n = Number(nArg);
let seed = 42;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;

const corpus = await loadCorpus(dir);
const index = buildIndex(corpus);
const texts = corpus.transcripts.map((t) => ({ t, text: storedText(t).text })).filter((x) => x.text.length > 500);
const wordsOf = (text: string) => [...text.matchAll(/\S+/g)].map((m) => ({ w: m[0], start: m.index, end: m.index + m[0].length }));

function span(text: string) {
  const words = wordsOf(text);
  const len = 8 + Math.floor(rand() * 23);
  const first = Math.floor(rand() * (words.length - len));
  return { words: words.slice(first, first + len), start: words[first]!.start, end: words[first + len - 1]!.end };
}

const times: number[] = [];
const timed = (claim: string) => {
  const t0 = performance.now();
  const r = verifyClaim(index, claim);
  times.push(performance.now() - t0);
  return r;
};

const tally: Record<string, Record<string, number>> = {};
const sims: Record<string, number[]> = {};
const count = (kind: string, verdict: string, sim: number) => {
  (tally[kind] ??= {})[verdict] = (tally[kind][verdict] ?? 0) + 1;
  (sims[kind] ??= []).push(sim);
};
let misplaced = 0;
for (let k = 0; k < n; k++) {
  const { t, text } = pick(texts);
  const s = span(text);
  const exact = text.slice(s.start, s.end);
  const r0 = timed(exact);
  count('exact', r0.verdict, r0.similarity);
  const claim = s.words.map((x) => x.w);
  const edits = 1 + Math.floor(rand() * 2);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(rand() * claim.length);
    const kind = pick(['drop', 'replace', 'insert']);
    const other = pick(wordsOf(pick(texts).text)).w;
    if (kind === 'drop') claim.splice(pos, 1);
    else if (kind === 'replace') claim[pos] = other;
    else claim.splice(pos, 0, other);
  }
  const r = timed(claim.join(' ').toUpperCase());
  count(`mutated x${edits}`, r.verdict, r.similarity);
  if (r.hit && (r.hit.transcript !== t || r.hit.charStart >= s.end || r.hit.charEnd <= s.start)) misplaced++;
}
if (negDir) {
  const neg = await loadCorpus(negDir);
  const negTexts = neg.transcripts.map((t) => storedText(t).text).filter((x) => x.length > 500);
  for (let k = 0; k < n; k++) {
    const s = span(pick(negTexts));
    const claim = s.words.map((x) => x.w).join(' ');
    const r = timed(claim);
    count('unrelated', r.verdict, r.similarity);
    if (r.verdict !== 'none') console.log(`unrelated line called ${r.verdict}: "${claim}" ~ "${r.hit?.text}"`);
  }
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`corpus ${dir}: ${corpus.transcripts.length} transcripts; NEAR_SIMILARITY ${NEAR_SIMILARITY}; ${n} spans of 8-30 words`);
for (const [kind, verdicts] of Object.entries(tally)) {
  const s = sims[kind]!;
  console.log(`${kind.padEnd(12)} ${JSON.stringify(verdicts)}  similarity p1 ${pct(s, 1).toFixed(2)} p5 ${pct(s, 5).toFixed(2)} median ${pct(s, 50).toFixed(2)} p95 ${pct(s, 95).toFixed(2)} p99 ${pct(s, 99).toFixed(2)} max ${Math.max(...s).toFixed(2)}`);
}
console.log(`mutated hits outside the original span: ${misplaced}`);
console.log(`ms per verify: median ${pct(times, 50).toFixed(2)}, p95 ${pct(times, 95).toFixed(2)}, max ${Math.max(...times).toFixed(2)}`);

// Speed by claim length. Run after the accuracy figures so those keep their random draws.
const speed: Record<string, { wall: number[]; cpu: number[] }> = {};
const timeClaim = (kind: string, claim: string): void => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  verifyClaim(index, claim);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const entry = (speed[kind] ??= { wall: [], cpu: [] });
  entry.wall.push(wall);
  entry.cpu.push((cpu.user + cpu.system) / 1000);
};
const allWords = texts.flatMap(({ text }) => wordsOf(text).slice(0, 2000).map((x) => x.w));
const SPEED_RUNS = Math.max(10, Math.round(n / 10));
for (const len of [5, 12, 30, 100, 400]) {
  for (let k = 0; k < SPEED_RUNS; k++) {
    const words = wordsOf(pick(texts).text);
    const first = Math.floor(rand() * Math.max(1, words.length - len));
    const real = words.slice(first, first + len).map((x) => x.w);
    timeClaim(`${len} words, real`, real.join(' '));
    real[Math.floor(rand() * real.length)] = pick(allWords);
    timeClaim(`${len} words, mutated`, real.join(' '));
    timeClaim(`${len} words, salad`, Array.from({ length: len }, () => pick(allWords)).join(' '));
  }
}
const OPERATORS = "'!^=|*.+?()[]{}\\";
for (let k = 0; k < SPEED_RUNS; k++) {
  let junk = '';
  while (junk.length < 6000) {
    if (k % 3 === 0) junk += String.fromCharCode(32 + Math.floor(rand() * 95));
    else if (k % 3 === 1) junk += `${OPERATORS[Math.floor(rand() * OPERATORS.length)]}${pick(allWords)} `;
    else junk += 'the ';
  }
  timeClaim('6,000 chars junk', junk.slice(0, 6000));
  const words = wordsOf(pick(texts).text);
  const first = Math.floor(rand() * Math.max(1, words.length - 1200));
  timeClaim('6,000 chars real', words.slice(first, first + 1200).map((x) => x.w).join(' ').slice(0, 6000));
}
const all = { wall: Object.values(speed).flatMap((x) => x.wall), cpu: Object.values(speed).flatMap((x) => x.cpu) };
const line = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1).padStart(5)} p99 ${pct(xs, 99).toFixed(1).padStart(5)} max ${Math.max(...xs).toFixed(1).padStart(5)}`;
console.log(`speed, ${SPEED_RUNS} claims per kind (ms): wall | cpu`);
for (const [kind, x] of [...Object.entries(speed), ['all', all] as const]) console.log(`  ${kind.padEnd(20)} ${line(x.wall)} | ${line(x.cpu)}`);
