import { describe, expect, it } from 'vitest';
import { Bm25Builder } from '../../../src/search/index/bm25.ts';
import { TermVectors } from '../../../src/search/index/vectors.ts';
import { expectAll } from '../../helpers/expect-all.ts';

/** Documents (lists of term ids) each in its own context unless `contextOf` says otherwise. */
function postings(docs: number[][]) {
  const b = new Bm25Builder(16);
  for (const d of docs) b.addDocument(d);
  return b.build(20);
}

/** 40 documents: terms 1-3 always together ("battery", "solar", "kinetic"), terms 4-6 together, 7 everywhere. */
function topicalDocs(): number[][] {
  const docs: number[][] = [];
  for (let i = 0; i < 20; i++) docs.push([1, 2, 3, 7, 10 + (i % 5)]);
  for (let i = 0; i < 20; i++) docs.push([4, 5, 6, 7, 10 + (i % 5)]);
  return docs;
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('TermVectors', () => {
  it('puts terms used in the same contexts close together and terms of other contexts apart', () => {
    const docs = topicalDocs();
    const v = TermVectors.build(postings(docs), identity(docs.length));
    expect(v.similarity(1, 2)).toBeGreaterThan(0.9);
    expect(v.similarity(4, 6)).toBeGreaterThan(0.9);
    expect(v.similarity(1, 4)).toBeLessThan(0.2);
  });

  it('removes the shared direction: a term found everywhere is not similar to every term', () => {
    const docs = topicalDocs();
    const v = TermVectors.build(postings(docs), identity(docs.length));
    expect(Math.abs(v.similarity(7, 1))).toBeLessThan(0.5);
  });

  it('gives unit vectors to seen terms, zero vectors to unseen ones, and is deterministic per seed', () => {
    const docs = topicalDocs();
    const a = TermVectors.build(postings(docs), identity(docs.length), { dims: 32, seed: 7 });
    const b = TermVectors.build(postings(docs), identity(docs.length), { dims: 32, seed: 7 });
    expect(a.dims).toBe(32);
    expect(a.similarity(1, 1)).toBeCloseTo(1, 5);
    expect(a.similarity(19, 19)).toBe(0);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const out = new Float32Array(32);
    a.addTo(out, 19, 5);
    a.addTo(out, -1, 5);
    a.addTo(out, 1000, 5);
    expectAll(out, (x) => x === 0);
    expect(TermVectors.cosine(out, out)).toBe(0);
  });

  it('groups documents into contexts (documents of one context count as one co-occurrence)', () => {
    // Terms 1 and 2 never share a document but always share a context (two documents each); so do 3 and 4.
    const docs: number[][] = [];
    for (let i = 0; i < 30; i++) docs.push(i < 16 ? (i % 2 ? [1, 8] : [2, 9]) : i % 2 ? [3, 8] : [4, 9]);
    const contexts = Int32Array.from(docs, (_, i) => i >> 1);
    const v = TermVectors.build(postings(docs), contexts);
    expect(v.similarity(1, 2)).toBeGreaterThan(0.9);
    const apart = TermVectors.build(postings(docs), identity(docs.length));
    expect(apart.similarity(1, 2)).toBeLessThan(v.similarity(1, 2));
  });

  it('bounds build work by sampling contexts past maxPostings and still learns the topics', () => {
    const docs = topicalDocs();
    const v = TermVectors.build(postings(docs), identity(docs.length), { maxPostings: 60 });
    expect(v.similarity(1, 2)).toBeGreaterThan(0.8);
    expect(v.similarity(1, 4)).toBeLessThan(0.3);
  });
});
