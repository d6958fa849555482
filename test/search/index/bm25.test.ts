import { describe, expect, it } from 'vitest';
import { Bm25Builder } from '../../../src/search/index/bm25.ts';

function run(docs: number[][], terms: number[]) {
  const b = new Bm25Builder(4);
  for (const d of docs) b.addDocument(d);
  const index = b.build(10);
  const acc = new Float32Array(docs.length);
  const mask = new Int32Array(docs.length);
  const touched = { data: new Int32Array(docs.length), length: 0 };
  terms.forEach((t, i) => index.scoreTerm(t, 1, 0, docs.length, acc, touched, mask, 1 << i));
  return { index, acc, mask, touched: Array.from(touched.data.subarray(0, touched.length)) };
}

describe('BM25', () => {
  it('scores documents containing the term, rarer terms higher', () => {
    const { acc, touched } = run([[1, 2], [1, 3], [1, 1, 2], [4]], [1]);
    expect(touched).toEqual([0, 1, 2]);
    expect(acc[3]).toBe(0);
    expect(acc[2]).toBeGreaterThan(acc[0]!); // tf 2 beats tf 1 at similar length
    const rare = run([[1, 2], [1, 3], [1, 2], [4]], [3]);
    expect(rare.acc[1]).toBeGreaterThan(run([[1, 2], [1, 3], [1, 2], [4]], [1]).acc[1]!);
  });
  it('records which query terms matched and skips stopwords (negative ids)', () => {
    const { mask, index } = run([[1, -1, 2], [2]], [1, 2]);
    expect(mask[0]).toBe(3);
    expect(mask[1]).toBe(2);
    expect(index.lengths[0]).toBe(2);
  });
  it('restricts scoring to a document range via binary search', () => {
    const b = new Bm25Builder();
    for (let d = 0; d < 100; d++) b.addDocument([5]);
    const index = b.build();
    const acc = new Float32Array(100);
    const touched = { data: new Int32Array(100), length: 0 };
    index.scoreTerm(5, 1, 40, 60, acc, touched, new Int32Array(100), 1);
    expect(touched.length).toBe(20);
    expect(touched.data[0]).toBe(40);
  });
  it('finds the first posting at or after a document from a known earlier posting as the binary search does', () => {
    const b = new Bm25Builder();
    // Term 5 in every third document, term 6 in documents 0-9 only, term 7 nowhere after the first.
    for (let d = 0; d < 300; d++) b.addDocument([d % 3 === 0 ? 5 : 8, d < 10 ? 6 : 8, d === 0 ? 7 : 8]);
    const index = b.build();
    let checked = 0;
    for (const term of [5, 6, 7]) {
      const [first, end] = [index.offsets[term]!, index.offsets[term + 1]!];
      for (let doc = 0; doc <= 301; doc += 7) {
        const answer = index.lowerBound(term, doc);
        for (let from = first; from <= answer; from += 1 + Math.floor((answer - first) / 5)) {
          expect(index.lowerBoundFrom(term, doc, from)).toBe(answer);
          checked++;
        }
        expect(index.lowerBoundFrom(term, doc, answer)).toBe(answer);
      }
      expect(index.lowerBoundFrom(term, 1000, first)).toBe(end);
    }
    expect(checked).toBeGreaterThan(100);
  });
  it('ignores unknown term ids', () => {
    const { touched } = run([[1]], [999]);
    expect(touched).toEqual([]);
  });
});
