/**
 * `quotebot index`: what the loader made of each file (format, cues, words, warnings) and totals, so a
 * user adding transcripts sees at once what was read and what was skipped.
 */
import type { Corpus } from '../corpus/types.ts';
import { storedText } from '../corpus/text.ts';
import { formatDuration } from '../core/quote.ts';
import { formatWarning } from '../app/open-index.ts';

function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/** The report as lines of plain text. */
export function indexReport(corpus: Corpus, dir: string): string[] {
  const lines: string[] = [`Transcripts in ${dir}`];
  let cues = 0;
  let words = 0;
  let warnings = 0;
  const transcripts = [...corpus.transcripts].sort((a, b) => a.file.localeCompare(b.file));
  for (const t of transcripts) {
    const w = countWords(storedText(t).text);
    cues += t.cues.length;
    words += w;
    warnings += t.warnings.length;
    const parts = [
      t.format.padEnd(7),
      `${String(t.cues.length).padStart(6)} cues`,
      `${String(w).padStart(7)} words`,
      t.meta.duration !== undefined ? formatDuration(t.meta.duration).padStart(8) : '       ?',
      t.approximate ? 'approx. times' : '',
    ].filter(Boolean);
    lines.push(`  ${t.file}`);
    lines.push(`    ${parts.join('  ')}  id ${t.meta.id}${t.meta.url ? '' : ' (no link)'}  "${t.meta.title}"`);
    for (const warning of t.warnings) lines.push(`    warning: ${formatWarning(warning)}`);
  }
  for (const skipped of corpus.skipped) lines.push(`  skipped: ${formatWarning(skipped)}`);
  lines.push(
    `Total: ${transcripts.length} transcript(s), ${new Set(transcripts.map((t) => t.meta.id)).size} video(s), ` +
      `${cues} cues, ${words} words, ${warnings} warning(s), ${corpus.skipped.length} file(s) skipped.`,
  );
  return lines;
}
