/** The corpus lexicon, timeline mentions and topic coverage, on small hand-written transcripts. */
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/corpus/types.ts';
import { topicCoverage } from '../../../src/search/query/coverage.ts';
import { Lexicon, acronymOf, inflectionBases, lexiconOf, lexiconSteps } from '../../../src/search/text/lexicon.ts';
import { findMentions, topicPattern } from '../../../src/search/quotes/mentions.ts';
import { SPELLS } from '../../../src/search/text/acronym-spelling.ts';
import { wordCount, wordId } from '../../../src/search/verify/words.ts';

/** A timed transcript whose cues are the given lines, one every 5 seconds. */
function transcript(id: string, lines: string[]): Transcript {
  return {
    file: `${id}.srt`,
    format: 'srt',
    approximate: false,
    meta: { id, title: `Video ${id}` },
    cues: lines.map((text, i) => ({ start: i * 5, end: i * 5 + 4, text })),
    warnings: [],
  } as unknown as Transcript;
}

const lines = [
  'The determinant of a transformation measures how it scales area.',
  'A transformer is a different thing entirely, and transformers use attention.',
  'We trained neural networks on GPUs. The GPU made the network fast.',
  'Reinforcement learning is not deep learning, nor machine learning.',
  'The eigenvectors of this matrix stay on their own span. Each eigenvector is special.',
  'Open AI trained a convolutional neural network, the network we discussed.',
  'This compression is useful: compress it, and we compressed the file again.',
  'We probably want the probability of heads, and probabilities add up.',
];
const corpus = [transcript('a', lines.slice(0, 4)), transcript('b', lines.slice(4))];

describe('lexicon', () => {
  const lex = new Lexicon(corpus);
  it('finds word forms without stemmer conflation', () => {
    expect(inflectionBases('gpus')).toContain('gpu');
    expect(lex.forms('gpus').sort()).toEqual(['gpu', 'gpus']);
    expect(lex.forms('transformer').sort()).toEqual(['transformer', 'transformers']);
    expect(lex.forms('probability').sort()).toEqual(['probabilities', 'probability']);
    expect(lex.forms('compression').sort()).toEqual(['compress', 'compressed', 'compression']);
    expect(lex.forms('determinant')).toEqual(['determinant']);
  });
  it('learns acronyms, joined and split words from the captions', () => {
    expect(lex.acronym('RL')).toEqual(['reinforcement', 'learning']);
    expect(lex.acronym('CNN')).toEqual(['convolutional', 'neural', 'network']);
    expect(lex.acronym('XQZ')).toBeUndefined();
    expect(lex.joined(['eigen', 'vectors'])).toBe('eigenvectors');
    expect(lex.split('openai')).toEqual(['open', 'ai']);
  });
});

describe('timeline mentions', () => {
  it('lists every moment a form of the topic is said, in every video, and nothing else', () => {
    const transformer = findMentions(corpus, 'transformer');
    expect(transformer.hits.map((h) => h.video.id)).toEqual(['a']);
    expect(transformer.hits.every((h) => /transformer/i.test(h.text))).toBe(true);
    const gpus = findMentions(corpus, 'gpus');
    expect(gpus.hits.length).toBeGreaterThan(0);
    expect(gpus.hits.map((h) => h.text).join(' ')).toMatch(/GPUs.*GPU/);
    expect(findMentions(corpus, 'eigen vectors').hits.map((h) => h.video.id)).toEqual(['b']);
    expect(findMentions(corpus, 'RL').hits.length).toBe(1);
    expect(findMentions(corpus, 'timeline of chess').hits).toEqual([]);
  });
  it('counts a two-word topic\'s last word alone only when it mostly follows the first', () => {
    const lex = new Lexicon(corpus);
    expect(topicPattern(lex, 'neural networks')!.sequences.length).toBe(2); // "network" mostly after "neural"
    expect(topicPattern(lex, 'reinforcement learning')!.sequences.length).toBe(1); // "learning" goes with others
  });
});

describe('topic coverage', () => {
  it('says which real words are never said, and never reads them as look-alikes', () => {
    expect(topicCoverage(corpus, 'what does he say about food?').missing).toEqual(['food']);
    expect(topicCoverage(corpus, 'wine').missing).toEqual(['wine']);
    expect(topicCoverage(corpus, 'what about the determinant safety?').missing).toEqual(['safety']);
  });
  it('reads typos, acronyms and joined words as what is said', () => {
    expect(topicCoverage(corpus, 'determinent').missing).toEqual([]);
    expect(topicCoverage(corpus, 'RL').query).toBe('reinforcement learning');
    expect(topicCoverage(corpus, 'eigen vectors').query).toBe('eigenvectors');
    expect(topicCoverage(corpus, 'What is a network?').missing).toEqual([]);
  });
  it('leaves a question verb dropped as wrapper out of the query searched (the quotes are about the rest)', () => {
    const c = topicCoverage(corpus, 'how did GPUs help?');
    expect(c.dropped).toEqual(['help']);
    expect(c.query).toBe('GPUs');
    expect(topicCoverage(corpus, 'why do transformers need the GPU?').query).toBe('transformers GPU');
    expect(topicCoverage(corpus, 'GPUs').query).toBeUndefined();
  });
});

describe('acronyms that are said themselves', () => {
  // "GPT" is said three times; the initials also spell "given point in time", said once. "AI" is said, and
  // "adding" ("add" + "ing", both said) would spell it with its own letters. "ML" is said once, "machine learning" twice.
  const said = [
    transcript('g', [
      'GPT stands for generative pretrained transformer. GPT models predict text, and GPT writes well.',
      'At any given point in time the model predicts the next word.',
      'An AI assistant answers you. Adding more data helps the AI.',
      'Machine learning is everywhere. Thanks for the question, ML. Machine learning needs data.',
      'Add the suffix ing to a verb.',
    ]),
  ];
  const lex = new Lexicon(said);
  it('reads a said acronym as itself, not as a run its initials happen to spell', () => {
    expect(acronymOf(lex, 'GPT')).toBeUndefined();
    expect(topicCoverage(said, 'GPT').query).toBeUndefined();
    expect(topicCoverage(said, 'GPT').readAs).toEqual({});
    expect(topicPattern(lex, 'GPT')!.terms).toEqual(['gpt']);
    expect(topicCoverage(said, 'AI').readAs).toEqual({});
  });
  it('never reads one word as an acronym ("adding" is not "AI")', () => {
    expect(lex.acronym('AI')).toBeUndefined();
  });
  it('still reads an acronym as its words when those are said more often than it (ML -> machine learning)', () => {
    expect(acronymOf(lex, 'ML')).toEqual(['machine', 'learning']);
    expect(topicCoverage(said, 'ML').query).toBe('machine learning');
    expect(topicCoverage(corpus, 'RL').query).toBe('reinforcement learning');
  });
});

describe('acronyms never expanded to a chance run of words', () => {
  // "CNN" is spelled once each by two unrelated runs, "DNA" only across "that" (no linking word), and
  // "TV" is said in one video while "two vectors" is said, often, in another.
  const chance = [
    transcript('c', [
      'Complex numbers are each number with two parts. A complicated neural network learns, in a clever new notation.',
      'Different numbers that add up. Take two vectors, then two vectors again, and two vectors more.',
      'Reinforcement learning from human feedback tunes the model.',
    ]),
    transcript('d', ['I saw it on TV last night.']),
  ];
  const lex = new Lexicon(chance);
  it('says an acronym never said is not covered when no run stands out (CNN, DNA)', () => {
    expect(acronymOf(lex, 'CNN')).toBeUndefined();
    expect(acronymOf(lex, 'DNA')).toBeUndefined();
    expect(topicCoverage(chance, 'CNN').missing).toEqual(['cnn']);
    expect(topicCoverage(chance, 'DNA').missing).toEqual(['dna']);
  });
  it('reads a said acronym as a run only where one transcript says both (TV is not two vectors)', () => {
    expect(acronymOf(lex, 'TV')).toBeUndefined();
    expect(topicCoverage(chance, 'TV').readAs).toEqual({});
  });
  it('still skips the linking words of a name (RLHF)', () => {
    expect(acronymOf(lex, 'RLHF')).toEqual(['reinforcement', 'learning', 'from', 'human', 'feedback']);
  });
});

describe('acronym runs the scan must not miss', () => {
  // A first word that spells two letters ("multilayer": "multi" and "layer" are said), so its next word
  // has the third letter; a run after linking words; a run that ends the transcript.
  const runs = [
    transcript('g', [
      'A multilayer perceptron, then another multilayer perceptron.',
      'A multi step plan with one layer, and the law of large numbers again: the law of large numbers.',
    ]),
    transcript('h', ['We end with the singular value decomposition']),
  ];
  const lex = new Lexicon(runs);
  it('finds them all', () => {
    expect(lex.acronym('MLP')).toEqual(['multilayer', 'perceptron']);
    expect(lex.acronym('LLN')).toEqual(['law', 'of', 'large', 'numbers']);
    expect(lex.acronym('SVD')).toEqual(['singular', 'value', 'decomposition']);
  });
});

describe('the word kinds table', () => {
  it('is one table for every lexicon, and learns the words said after it was made', () => {
    const first = new Lexicon([transcript('k1', ['Reinforcement learning, again reinforcement learning.'])]);
    expect(first.acronym('RL')).toEqual(['reinforcement', 'learning']);
    // The table now holds every word id so far; the next corpus says words no transcript said before.
    first.kinds.kind(wordCount() - 1);
    const before = wordCount();
    const second = new Lexicon([transcript('k2', ['Quuxification zorblation, twice: quuxification zorblation.'])]);
    expect(second.kinds).toBe(first.kinds);
    expect(second.acronym('QZ')).toEqual(['quuxification', 'zorblation']);
    expect(wordId('zorblation')).toBeGreaterThanOrEqual(before);
    expect(first.kinds.kind(wordId('zorblation'))).toBe(SPELLS);
    expect(String.fromCharCode(first.kinds.initial(wordId('quuxification')))).toBe('q');
    expect(first.acronym('RL')).toEqual(['reinforcement', 'learning']);
  });
});

describe('an acronym spelled once where chance would spell it', () => {
  // Sixty lines of words beginning with s, d and g (never in the order s, g, d) and one "solid grasp of
  // determinants": chance alone would spell SGD about 15 times in a corpus of this shape.
  const filler = Array.from({ length: 60 }, () => 'sand dune grass sand dune grass sand dune grass.');
  const busy = [transcript('e', [...filler, 'Without a solid grasp of determinants this is hard.'])];
  const quiet = [transcript('f', ['Today: stochastic gradient descent, and why it works.', 'We then train the model.'])];
  it('is not read as the letters\' meaning in a corpus where such runs are common', () => {
    const lex = new Lexicon(busy);
    expect(lex.chanceSpellings('sgd')).toBeGreaterThan(1);
    expect(lex.acronym('SGD')).toBeUndefined();
    expect(topicCoverage(busy, 'SGD').missing).toEqual(['sgd']);
  });
  it('is read as its words where chance would hardly spell the letters', () => {
    const lex = new Lexicon(quiet);
    expect(lex.chanceSpellings('sgd')).toBeLessThan(0.25);
    expect(acronymOf(lex, 'SGD')).toEqual(['stochastic', 'gradient', 'descent']);
  });
});

describe('where runs of words start, counted in steps', () => {
  const lines = ['Sand dune grass and a solid grasp of determinants.', 'Deep green sea, then salt, gold and dust.'];
  const several = Array.from({ length: 6 }, (_, i) => transcript(`r${i}`, lines));
  it('counts as at once, one transcript at least per step', () => {
    const once = new Lexicon(several);
    const stepped = new Lexicon(several);
    let steps = 0;
    for (const _ of stepped.runPlaceSteps(1)) steps++;
    expect(steps).toBe(6);
    expect(stepped.runPlacesCounted).toBe(true);
    expect(stepped.chanceSpellings('sgd')).toBe(once.chanceSpellings('sgd'));
    expect(stepped.chanceSpellings('sgd')).toBeGreaterThan(0);
  });
  it('stops once a query has counted them', () => {
    const lex = new Lexicon(several);
    const steps = lex.runPlaceSteps(1);
    steps.next();
    const counted = lex.chanceSpellings('sgd');
    let left = 0;
    while (!steps.next().done) left++;
    expect(left).toBe(0);
    expect(lex.chanceSpellings('sgd')).toBe(counted);
  });
});

describe('lexiconSteps', () => {
  const copy = (): Transcript[] => corpus.map((t) => ({ ...t, cues: t.cues.map((c) => ({ ...c })) }));
  const shape = (lex: Lexicon): unknown => [[...lex.counts], ['gpus', 'compression', 'probability', 'eigenvectors'].map((w) => lex.forms(w)), lex.acronym('CNN')];

  it('builds in many small steps a lexicon equal to one built at once (same word order), and caches it', () => {
    const transcripts = copy();
    const steps = lexiconSteps(transcripts, 3);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    expect(yields).toBeGreaterThan(20);
    expect(shape(next.value)).toEqual(shape(new Lexicon(copy())));
    expect(lexiconOf(transcripts)).toBe(next.value);
  });

  it('stops and returns the lexicon lexiconOf built meanwhile', () => {
    const transcripts = copy();
    const steps = lexiconSteps(transcripts, 3);
    steps.next();
    const meanwhile = lexiconOf(transcripts);
    let next = steps.next();
    while (!next.done) next = steps.next();
    expect(next.value).toBe(meanwhile);
  });
});
