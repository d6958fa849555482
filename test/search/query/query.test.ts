import { describe, expect, it } from 'vitest';
import { findSpeaker, parseQuery, positionIntent } from '../../../src/search/query/query.ts';
import { tokenize } from '../../../src/search/text/tokenize.ts';

describe('parseQuery', () => {
  it('strips the question wrapper', () => {
    expect(parseQuery('what did he say about scaling laws?').words).toEqual(['scaling', 'laws']);
    expect(parseQuery('How did GPUs help?').words).toEqual(['gpus', 'help']);
    expect(parseQuery('Summarize the discussion of the remote design').words).toEqual(['remote', 'design']);
    expect(parseQuery('What did the group think about rubber buttons?').words).toEqual(['rubber', 'buttons']);
  });
  it('reads "double quotes" (straight or curly) as exact phrases', () => {
    expect(parseQuery('"the era of AI" now').phrases).toEqual([['the', 'era', 'of', 'ai']]);
    expect(parseQuery('“GTX 580”').phrases).toEqual([['gtx', '580']]);
  });
  it('splits off a "when discussing" clause as context', () => {
    const q = parseQuery('What did Marketing think of the finder when discussing the user requirements?');
    expect(q.words).toEqual(['marketing', 'finder']);
    expect(q.context).toEqual(['user', 'requirements']);
  });
  it('survives hostile input quickly', () => {
    for (const s of ['', '😀😀', "'^!=|", 'x'.repeat(6000), '"unclosed', '(?:)*+[']) {
      const q = parseQuery(s);
      expect(q.words.length).toBeLessThanOrEqual(24);
    }
  });
});

describe('findSpeaker', () => {
  const speakers = ['Project Manager', 'Marketing', 'Industrial Designer', 'PhD B', 'Professor C'];
  const find = (q: string) => findSpeaker(tokenize(q), speakers)?.speaker;
  it('finds a full speaker name', () => {
    expect(find('What did the Project Manager think about the budget?')).toBe('Project Manager');
    expect(find('What did PhD B think about queries?')).toBe('PhD B');
  });
  it('takes the first named speaker', () => {
    expect(find('What did the Industrial Designer propose about the marketing plan?')).toBe('Industrial Designer');
  });
  it('accepts a name word one edit off, preferring an exact name', () => {
    const grads = ['Grad E', 'Grad F', 'PhD A'];
    expect(findSpeaker(tokenize('What did Grade E think about sonorance?'), grads)).toEqual({ speaker: 'Grad E', words: ['grade', 'e'] });
    expect(findSpeaker(tokenize('What did Grad F think?'), grads)?.speaker).toBe('Grad F');
    expect(findSpeaker(tokenize('What did the grader say?'), ['Grad E'])).toBeUndefined();
  });
  it('reads a capital letter as the speaker whose name ends with it, given the text', () => {
    const q = 'What did F think about the XML format?';
    const people = ['Grad C', 'PhD F', 'PhD A'];
    expect(findSpeaker(tokenize(q), people, q)).toEqual({ speaker: 'PhD F', words: ['f'] });
    expect(findSpeaker(tokenize(q), people)).toBeUndefined();
    const lower = 'what did f think';
    expect(findSpeaker(tokenize(lower), people, lower)).toBeUndefined();
    const twoFs = 'What did F think?';
    expect(findSpeaker(tokenize(twoFs), ['PhD F', 'Grad F'], twoFs)).toBeUndefined();
    const first = 'A remote with a screen';
    expect(findSpeaker(tokenize(first), ['PhD A'], first)).toBeUndefined();
    const speakerC = 'What did Speaker C say about speech?';
    expect(findSpeaker(tokenize(speakerC), ['PhD C', 'Grad A'], speakerC)?.speaker).toBe('PhD C');
  });
  it('matches a distinctive word naming one speaker', () => {
    expect(find('what did the professor think about latencies')).toBe('Professor C');
    expect(find('what about the budget')).toBeUndefined();
  });
});

describe('positionIntent', () => {
  it('recognises openings', () => {
    for (const q of ['Meeting agenda and team building', 'Self-introduction and getting acquainted', 'Meeting Preliminaries', 'Warm-up game', 'Opening remarks', 'Recap of the last meeting']) {
      expect(positionIntent(q), q).toBe('opening');
    }
  });
  it('recognises closings, and "conclusion" only on its own', () => {
    for (const q of ['Wrap-up of the meeting', 'Meeting conclusion', 'Closing of the meeting', 'What would the team talk about in the next meeting?', 'Final remarks', "What were the professor's concluding comments?"]) {
      expect(positionIntent(q), q).toBe('closing');
    }
    expect(positionIntent('What is the conclusion of the discussion about the casing?')).toBeUndefined();
    expect(positionIntent('What were the preliminary recognition results?')).toBeUndefined();
    expect(positionIntent('battery versus kinetic')).toBeUndefined();
  });
  it('takes the intent said first, and parseQuery carries it', () => {
    expect(positionIntent('Agenda and wrap-up')).toBe('opening');
    expect(positionIntent('Next meeting and its agenda')).toBe('closing');
    expect(parseQuery('Introduction and the overall agenda').position).toBe('opening');
    expect(parseQuery('what about the budget').position).toBeUndefined();
  });
});
