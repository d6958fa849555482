import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { storedText } from '../../../src/corpus/text.ts';
import { buildIndex } from '../../../src/search/index.ts';
import { keepWordDetails } from '../../../src/search/verify/words.ts';
import { claimsOf, decisionsOf } from '../../../scripts/bench/verify-decisions.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Recorded with the code before verify's word tables kept only ids and packed ranges (main b50b07a). */
const recorded = JSON.parse(readFileSync(`${root}test/fixtures/verify/decisions.json`, 'utf8')) as Array<{ dir: string; verify: unknown[]; timelines: unknown[] }>;

describe("verify's decisions and timelines against the record", () => {
  for (const record of recorded) {
    it(`are the recorded ones on ${record.dir}, with details kept and with every detail rebuilt`, async () => {
      expect(record.verify.length).toBeGreaterThan(10);
      const load = async () => buildIndex(await loadCorpus(`${root}${record.dir}`));
      const index = await load();
      const claims = claimsOf(index.corpus.transcripts.map((t) => storedText(t).text));
      expect(JSON.parse(JSON.stringify(decisionsOf(index, claims)))).toEqual({ verify: record.verify, timelines: record.timelines });
      // A fresh index (new word tables) with no detail kept but the last used: every other use rebuilds it.
      const was = keepWordDetails(0);
      try {
        expect(JSON.parse(JSON.stringify(decisionsOf(await load(), claims)))).toEqual({ verify: record.verify, timelines: record.timelines });
      } finally {
        keepWordDetails(was);
      }
    });
  }
});
