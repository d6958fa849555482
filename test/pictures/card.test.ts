import { describe, expect, it } from 'vitest';
import type { Quote } from '../../src/core/types.ts';
import { cardLayout, cardSvg, renderCard } from '../../src/pictures/card.ts';
import { textWidth } from '../../src/pictures/measure.ts';
import { decode, inkIn } from './helpers.ts';

const quote: Quote = {
  text: 'the gpus appeared in our lab in our Toronto lab thanks to Jeff Hinton who said we should try them',
  videoId: 'f96Xrg4uNik',
  videoTitle: 'Ilya Sutskever | The era of AI will come in full swing',
  channel: 'Sohn Conference',
  start: 272,
  end: 289,
  approximate: true,
  url: 'https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s',
  timeLabel: '≈4:32',
  citation: 'f96Xrg4uNik@272',
};

describe('quote card', () => {
  it('is a 1200x630 PNG with the quote, title, channel, time and link', async () => {
    const png = decode(await renderCard({ kind: 'card', quote }));
    expect([png.width, png.height]).toEqual([1200, 630]);
    const svg = cardSvg({ kind: 'card', quote });
    for (const part of ['Sohn Conference', '≈', '4:32', 'www.youtube.com/watch?v=f96Xrg4uNik&amp;t=272s', 'Toronto']) expect(svg).toContain(part);
    const layout = cardLayout({ kind: 'card', quote });
    expect(layout.truncated).toBe(false);
    expect(layout.lines.join(' ')).toBe(quote.text);
    // The quote area and the footer have ink.
    expect(inkIn(png, 120, layout.firstBaseline - layout.size, 1100, layout.lastBaseline + 8)).toBeGreaterThan(2000);
    expect(inkIn(png, 64, 500, 900, 600)).toBeGreaterThan(1000);
  });

  it('shows the clean verbatim display (fillers and repeats left out) when the quote has one', () => {
    const spoken = { ...quote, text: 'you had the you had the uh insight that bigger is better', display: 'you had the insight that bigger is better' };
    const layout = cardLayout({ kind: 'card', quote: spoken });
    expect(layout.lines.join(' ')).toBe('you had the insight that bigger is better');
  });

  it('fits a 2,000-character quote: smaller type, cut with "…", nothing past the quote area', async () => {
    const long = { ...quote, text: 'so I think that the most important thing about scaling is that you really have to believe in it and then '.repeat(25).slice(0, 2000) };
    const layout = cardLayout({ kind: 'card', quote: long });
    expect(layout.truncated).toBe(true);
    expect(layout.lines.at(-1)!.endsWith('…')).toBe(true);
    for (const line of layout.lines) expect(textWidth(line, layout.size)).toBeLessThanOrEqual(1200 - 120 - 64 + 0.5);
    // Every shown word is the quote's own, in order.
    const shown = layout.lines.join(' ').replace(/…$/, '');
    expect(long.text.startsWith(shown.replace(/\s+/g, ' ').trim())).toBe(true);
    expect(layout.lastBaseline).toBeLessThan(470);
    const png = decode(await renderCard({ kind: 'card', quote: long }));
    expect([png.width, png.height]).toEqual([1200, 630]);
    // The band between the quote and the footer rule stays empty.
    expect(inkIn(png, 120, layout.lastBaseline + 14, 1100, 484)).toBe(0);
  });

  it('draws text in other scripts with the bundled fonts (no missing-glyph boxes)', async () => {
    const scripts = { ...quote, text: 'Привет — Καλημέρα — 深度学习 — 日本語 — 한국어 — مرحبا بالعالم — שלום — नमस्ते — สวัสดี', videoTitle: 'Видео 视频' };
    const svg = cardSvg({ kind: 'card', quote: scripts });
    for (const family of ['Noto Sans SC', 'Noto Sans KR', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Thai']) expect(svg).toContain(`font-family="${family}"`);
    const png = decode(await renderCard({ kind: 'card', quote: scripts }));
    expect(png.width).toBe(1200);
  });

  it('leaves the link line out when the video has no link', () => {
    const { url: _url, ...noUrl } = quote;
    expect(cardSvg({ kind: 'card', quote: noUrl })).not.toContain('youtube');
  });
});
