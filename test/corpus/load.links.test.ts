import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';

const srt = (text: string) => `1\n00:00:01,000 --> 00:00:04,000\n${text}\n`;

describe('loadCorpus and symlinks', () => {
  let corpus: Corpus;

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'qb-links-'));
    const dir = join(base, 'transcripts');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    // Outside the folder: a "secret" file (like the bot's .env) and a sidecar.
    writeFileSync(join(base, 'dot-env.txt'), 'DISCORD_TOKEN=MTIzNDU2.outside-secret-token\n');
    writeFileSync(join(base, 'outside.srt'), srt('words from outside the folder'));
    writeFileSync(join(base, 'evil.info.json'), JSON.stringify({ id: 'evil0000001', title: 'SECRET TITLE FROM OUTSIDE' }));
    writeFileSync(join(dir, 'real talk.srt'), srt('words from the real talk'));
    writeFileSync(join(dir, 'sub', 'inner.srt'), srt('words from the inner file'));
    symlinkSync(join(base, 'dot-env.txt'), join(dir, 'env.txt'));
    symlinkSync(join(base, 'outside.srt'), join(dir, 'sub', 'outside-link.srt'));
    // A relative link that climbs out of the folder.
    symlinkSync('../../dot-env.txt', join(dir, 'sub', 'climb.txt'));
    // Links that stay inside are fine.
    symlinkSync(join(dir, 'sub', 'inner.srt'), join(dir, 'alias.srt'));
    symlinkSync('real talk.srt', join(dir, 'relative alias.srt'));
    // A sidecar linked from outside is refused; its caption file still loads.
    writeFileSync(join(dir, 'captioned.srt'), srt('words of the captioned talk'));
    symlinkSync(join(base, 'evil.info.json'), join(dir, 'captioned.info.json'));
    corpus = await loadCorpus(dir);
  });

  it('never reads a file whose real path is outside the folder', () => {
    const all = JSON.stringify(corpus.transcripts.map((t) => [t.meta, t.cues]));
    expect(all).not.toContain('outside-secret-token');
    expect(all).not.toContain('words from outside the folder');
    expect(all).not.toContain('SECRET TITLE FROM OUTSIDE');
  });

  it('names every refused link in a warning', () => {
    const refused = corpus.skipped.filter((s) => s.message.includes('outside the transcripts folder')).map((s) => s.file).sort();
    expect(refused).toEqual(['env.txt', 'sub/climb.txt', 'sub/outside-link.srt']);
    const captioned = corpus.transcripts.find((t) => t.file === 'captioned.srt')!;
    expect(captioned.warnings.map((w) => w.message).join('\n')).toMatch(/sidecar captioned\.info\.json refused: .*outside the transcripts folder/);
  });

  it('reads links that stay inside the folder', () => {
    expect(corpus.transcripts.map((t) => t.file).sort()).toEqual(['alias.srt', 'captioned.srt', 'real talk.srt', 'relative alias.srt', 'sub/inner.srt']);
    expect(corpus.transcripts.find((t) => t.file === 'alias.srt')!.cues[0]!.text).toBe('words from the inner file');
  });
});
