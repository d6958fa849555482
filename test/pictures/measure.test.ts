import { describe, expect, it } from 'vitest';
import { fitLine, fontRuns, textWidth, wrapText } from '../../src/pictures/measure.ts';

describe('measuring and wrapping', () => {
  it('wraps at word boundaries within the width, keeping every word in order', () => {
    const text = 'the gpus appeared in our lab in our Toronto lab thanks to Jeff';
    const { lines, truncated } = wrapText(text, 160, 20, 10);
    expect(truncated).toBe(false);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(textWidth(line, 20)).toBeLessThanOrEqual(160);
  });

  it('cuts with "…" when the lines run out, and splits a word wider than a line', () => {
    const cut = wrapText('one two three four five six seven eight nine ten', 100, 20, 2);
    expect(cut.truncated).toBe(true);
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[1]!.endsWith('…')).toBe(true);
    const long = wrapText('pneumonoultramicroscopicsilicovolcanoconiosis', 120, 20, 5);
    expect(long.lines.length).toBeGreaterThan(1);
    expect(long.lines.join('')).toBe('pneumonoultramicroscopicsilicovolcanoconiosis');
  });

  it('breaks Chinese between words and measures it with the CJK font', () => {
    const { lines } = wrapText('深度学习改变了一切我们在实验室里看到了这一点', 120, 20, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('深度学习改变了一切我们在实验室里看到了这一点');
    expect(fontRuns('GPU 深度学习 مرحبا').map((r) => r.family)).toEqual(['Noto Sans', 'Noto Sans SC', 'Noto Sans Arabic']);
  });

  it('fitLine leaves fitting text alone and ends cut text with "…"', () => {
    expect(fitLine('short', 200, 16)).toBe('short');
    const cut = fitLine('a title that is far too long to fit in the space given to it', 150, 16);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 16)).toBeLessThanOrEqual(150);
  });
});
