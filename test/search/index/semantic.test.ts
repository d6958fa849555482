import { describe, expect, it } from 'vitest';
import { Bm25Builder } from '../../../src/search/index/bm25.ts';
import { BlockSemantics } from '../../../src/search/index/semantic.ts';

/**
 * 3 transcripts x 10 chunks (one passage each). Transcript 0 talks about topic A (terms 1-3) then topic B
 * (terms 4-6); transcripts 1 and 2 teach the associations. Term 0 is filler everywhere.
 */
function setup() {
  const b = new Bm25Builder(16);
  const chunkTranscript: number[] = [];
  const docs: number[][] = [];
  for (let t = 0; t < 3; t++) {
    for (let c = 0; c < 10; c++) {
      const topicA = t === 0 ? c < 5 : c % 2 === 0;
      let doc = topicA ? [1, 2, 3, 0] : [4, 5, 6, 0];
      // In transcript 0, the A part never says term 1, the B part never says term 4.
      if (t === 0) doc = doc.filter((x) => x !== 1 && x !== 4);
      docs.push(doc);
      chunkTranscript.push(t);
    }
  }
  for (const d of docs) b.addDocument(d);
  const index = b.build(8);
  const passageChunk = Int32Array.from(docs, (_, i) => i);
  return BlockSemantics.build({ postings: index, idf: index.idf, passageChunk, chunkTranscript: Int32Array.from(chunkTranscript) });
}

describe('BlockSemantics', () => {
  it('scores a block about the topic above a block about another, without the query word in either', () => {
    const s = setup();
    const q = s.queryVector([{ id: 1, weight: 1 }]);
    const aboutA = s.blockCosine(q, 1, 1); // chunks 0-2 of transcript 0: terms 2, 3
    const aboutB = s.blockCosine(q, 8, 1); // chunks 7-9: terms 5, 6
    expect(aboutA).toBeGreaterThan(0.5);
    expect(aboutA).toBeGreaterThan(aboutB + 0.5);
  });

  it('never lets a block cross into the next transcript', () => {
    const s = setup();
    const q = s.queryVector([{ id: 5, weight: 1 }]);
    // Chunk 9 is the last of transcript 0 (topic B); chunk 10 starts transcript 1 with topic A.
    expect(s.blockCosine(q, 9, 2)).toBeGreaterThan(0.5);
    expect(s.blockCosine(q, 9, 2)).toBeCloseTo(s.blockCosine(q, 8, 1), 6); // both are chunks 7-9 only
  });

  it('returns 0 for an empty query', () => {
    const s = setup();
    expect(s.blockCosine(s.queryVector([]), 3, 2)).toBe(0);
  });
});

describe('BlockSemantics maxDocShare', () => {
  // 120 passages, one per chunk, one transcript each: term 0 is in every passage, terms 1-3 take turns (40 each).
  const b = new Bm25Builder(8);
  const docs = Array.from({ length: 120 }, (_, i) => (i === 0 ? [0] : [0, 1 + (i % 3)]));
  for (const d of docs) b.addDocument(d);
  const index = b.build(4);
  const input = {
    postings: index,
    idf: index.idf,
    passageChunk: Int32Array.from(docs, (_, i) => i),
    chunkTranscript: Int32Array.from(docs, (_, i) => i),
  };
  it('leaves terms found in more than that share of passages (and more than 50) out of block vectors', () => {
    const kept = BlockSemantics.build(input, { maxDocShare: 1 });
    const dropped = BlockSemantics.build(input, { maxDocShare: 0.1 });
    // Chunk 0 holds only the everywhere-term.
    expect(kept.blockCosine(kept.queryVector([{ id: 0, weight: 1 }]), 0, 0)).toBeCloseTo(1, 5);
    expect(dropped.blockCosine(dropped.queryVector([{ id: 0, weight: 1 }]), 0, 0)).toBe(0);
    // Other terms still count.
    expect(dropped.blockCosine(dropped.queryVector([{ id: 1, weight: 1 }]), 3, 0)).toBeGreaterThan(0.5); // chunk 3 says term 1
  });
});
