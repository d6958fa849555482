import { describe, expect, it } from 'vitest';
import { renderAnswer, safe } from '../../../src/adapters/console/render.ts';
import type { Answer, Quote } from '../../../src/core/types.ts';
import { sampleQuote } from '../sample-quote.ts';

const quote: Quote = sampleQuote({ speaker: 'Ilya', chapter: 'GPUs' });

describe('console rendering', () => {
  it('shows quote, title, time, speaker, chapter, link and citation, without ANSI by default', () => {
    const text = renderAnswer({ kind: 'quotes', title: 'Quotes about "gpus"', quotes: [quote], page: { offset: 0, count: 1, total: 4 }, actions: [{ kind: 'more', label: 'More', token: 'm:1:1:gpus' }] });
    expect(text).toContain('Quotes about "gpus" (1-1 of 4)');
    expect(text).toContain('1. "the gpus appeared in our lab"');
    expect(text).toContain('— Ilya, in "Ilya Sutskever | The era of AI" at ≈4:32 · chapter: GPUs');
    expect(text).toContain('https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s  (f96Xrg4uNik@272)');
    expect(text).toContain('type "more" for the next page');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('uses ANSI styles only when asked (a TTY)', () => {
    expect(renderAnswer({ kind: 'quotes', title: 'T', quotes: [quote] }, { color: true })).toMatch(/\x1b\[1mT\x1b\[22m/);
  });

  it('renders groups with notes, videos, help and errors', () => {
    const timeline: Answer = { kind: 'timeline', title: 'Timeline', groups: [{ heading: 'Video A', notes: ['2 moments'], quotes: [{ ...quote, note: 'first mention' }] }] };
    const t = renderAnswer(timeline);
    expect(t).toMatch(/Video A\n2 moments\n\n {2}"the gpus appeared in our lab"/);
    expect(t).toContain('[first mention]');
    const v = renderAnswer({ kind: 'videos', title: '1 video', videos: [{ id: 'x1', title: 'Talk', durationLabel: '17:49', url: 'https://youtu.be/x1' }] });
    expect(v).toContain('1. Talk\n   17:49 · id x1  https://youtu.be/x1');
    const h = renderAnswer({ kind: 'help', title: 'Help', commands: [{ name: 'quote', usage: 'quote <topic>', description: 'Quotes', examples: ['quote gpus'] }] });
    expect(h).toContain('quote <topic>\n      Quotes\n      e.g. quote gpus');
    expect(renderAnswer({ kind: 'error', text: 'Sorry (E123456)', reference: 'E123456' })).toBe('Sorry (E123456)');
  });

  it('strips terminal control characters from transcript and user text', () => {
    expect(safe('a\x1b[2Jb\x07c')).toBe('a[2Jbc');
    expect(renderAnswer({ kind: 'notice', text: 'No passage mentions "\x1b]0;pwned\x07".' })).not.toMatch(/[\x1b\x07]/);
  });
});
