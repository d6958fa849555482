/**
 * RankMailbox: a query written by the main thread reads back the same on the other side (terms with their
 * flags, the plan, speaker and collection settings, chapter scores, the transcripts to rank), floors round-trip
 * exactly, and a reply reads back the kept candidates and each term's starts in their transcripts.
 */
import { describe, expect, it } from 'vitest';
import { BoxState, RankMailbox } from '../../../src/search/ranking/rank-mailbox.ts';
import type { Plan, RankRequest } from '../../../src/search/ranking/rank.ts';

describe('RankMailbox', () => {
  const sizes = { numTranscripts: 5, numChapters: 3, depth: 4 };

  it('starts as starting, and carries a query across', () => {
    const box = new RankMailbox(RankMailbox.create(sizes));
    expect(box.control[0]).toBe(BoxState.starting);
    const terms = [
      { id: 7, weight: 1, local: true, word: 0, synonym: false },
      { id: 9, weight: 0.15, local: true, word: 0, synonym: true },
      { id: 3, weight: 0.3, local: false, word: -1, synonym: false },
    ];
    const visible = Uint8Array.from([1, 0, 1, 1, 0]);
    const request: RankRequest = { terms, scope: { pFrom: 0, pTo: 40, transcript: -1, visible }, speakerFilter: 2, speakerBoost: 1, phrases: [] };
    const plan: Plan = { deferred: [false, true, false], late: [terms[1]!], early: [terms[0]!, terms[2]!], context: true, phraseScan: false };
    box.writeRequest(7, request, plan, Float32Array.from([0.5, 0, 2]), 2, 5);
    const other = new RankMailbox(box.buffer);
    const job = other.readRequest(40);
    expect(job.request.terms).toEqual(terms);
    expect(job.plan).toEqual(plan);
    expect(Array.from(job.request.scope.visible!)).toEqual([1, 0, 1, 1, 0]);
    expect(job.request).toMatchObject({ speakerFilter: 2, speakerBoost: 1, scope: { pFrom: 0, pTo: 40, transcript: -1 } });
    expect(Array.from(job.chapterScores!)).toEqual([0.5, 0, 2]);
    expect([job.seq, job.from, job.to]).toEqual([7, 2, 5]);
    expect([other.floor(0), other.floor(1)]).toEqual([-Infinity, -Infinity]);
    // Without a collection or chapters, none comes across.
    box.writeRequest(8, { ...request, scope: { pFrom: 0, pTo: 40, transcript: -1 } }, { ...plan, late: [], context: false }, undefined, 0, 2);
    const plain = other.readRequest(40);
    expect(plain.request.scope.visible).toBeUndefined();
    expect(plain.chapterScores).toBeUndefined();
    expect(plain.plan.late).toEqual([]);
    expect(plain.plan.context).toBe(false);
  });

  it('carries floors exactly and a reply back', () => {
    const box = new RankMailbox(RankMailbox.create(sizes));
    box.setFloor(0, 13.358122825622559);
    box.setFloor(1, 1e-300);
    expect([box.floor(0), box.floor(1)]).toEqual([13.358122825622559, 1e-300]);
    const heap = { ids: Int32Array.from([40, 12, 41, 0]), scores: Float64Array.from([9.5, 9.25, 8.125, 0]), size: 3 };
    const transcriptOf = (p: number) => (p >= 40 ? 4 : 1);
    box.writeReply(9, heap, transcriptOf, 2, (i, t) => (i === 1 && t === 4 ? -1 : 100 * t + i), { listed: 5, scored: 3, blocks: 2 });
    const reply = new RankMailbox(box.buffer).readReply();
    expect(reply.seq).toBe(9);
    expect(Array.from(reply.ids)).toEqual([40, 12, 41]);
    expect(Array.from(reply.scores)).toEqual([9.5, 9.25, 8.125]);
    expect(Array.from(reply.transcripts)).toEqual([4, 1]);
    // Term-major: term 0 in transcripts 4 and 1, then term 1.
    expect(Array.from(reply.starts)).toEqual([400, 100, -1, 101]);
    expect(reply.stats).toEqual({ listed: 5, scored: 3, blocks: 2 });
  });
});
