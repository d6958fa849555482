/**
 * The quote card: one quote as a 1200x630 image (the size link previews use), to share in a channel.
 * The quote's own words, wrapped, in the largest size that fits (down to a floor, then cut with "…"),
 * then the video title, channel and time, and the link as text.
 */
import type { CardPicture } from '../core/types.ts';
import { FONT_STACK } from './fonts.ts';
import { fitLine, wrapText } from './measure.ts';
import { renderPng } from './png.ts';
import { n, text, xml } from './svg.ts';
import { THEME } from './theme.ts';

const WIDTH = 1200;
const HEIGHT = 630;
const PAD = 64;
const TEXT_X = PAD + 56;
const TEXT_W = WIDTH - TEXT_X - PAD;
const TEXT_TOP = PAD + 10;
const TEXT_BOTTOM = 452;
/** Quote sizes tried, largest first; the last one cuts the quote with "…" if it still does not fit. */
const SIZES = [46, 40, 35, 31, 27];
const LINE_HEIGHT = 1.36;

/** Where the quote text went (for tests and callers that want to know if it was shortened). */
export interface CardLayout {
  width: number;
  height: number;
  size: number;
  lines: string[];
  truncated: boolean;
  /** Baseline of the first and last quote line. */
  firstBaseline: number;
  lastBaseline: number;
}

/** Picks the quote's size and lines. Pure. */
export function cardLayout(picture: CardPicture): CardLayout {
  const text = picture.quote.display ?? picture.quote.text;
  for (const [i, size] of SIZES.entries()) {
    const maxLines = Math.max(1, Math.floor((TEXT_BOTTOM - TEXT_TOP) / (size * LINE_HEIGHT)));
    const wrapped = wrapText(text, TEXT_W, size, maxLines);
    if (!wrapped.truncated || i === SIZES.length - 1) {
      const firstBaseline = TEXT_TOP + size;
      return {
        width: WIDTH,
        height: HEIGHT,
        size,
        lines: wrapped.lines,
        truncated: wrapped.truncated,
        firstBaseline,
        lastBaseline: firstBaseline + (wrapped.lines.length - 1) * size * LINE_HEIGHT,
      };
    }
  }
  throw new Error('unreachable: the last size always returns');
}

/** The SVG document of a quote card. */
export function cardSvg(picture: CardPicture): string {
  const q = picture.quote;
  const layout = cardLayout(picture);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${xml(FONT_STACK)}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${THEME.panelTop}"/><stop offset="1" stop-color="${THEME.panelBottom}"/></linearGradient></defs>`,
    `<rect x="1" y="1" width="${WIDTH - 2}" height="${HEIGHT - 2}" rx="${THEME.radius * 1.5}" fill="url(#bg)" stroke="${THEME.border}" stroke-width="2"/>`,
    // The opening quotation mark, in the accent colour, beside the first line.
    `<text x="${PAD - 6}" y="${PAD + 84}" font-size="112" font-weight="700" fill="${THEME.accent}">“</text>`,
  );
  layout.lines.forEach((line, i) => {
    const y = layout.firstBaseline + i * layout.size * LINE_HEIGHT;
    out.push(text(TEXT_X, y, line, { size: layout.size, fill: THEME.text }));
  });
  const footerY = 488;
  out.push(`<line x1="${PAD}" y1="${footerY}" x2="${WIDTH - PAD}" y2="${footerY}" stroke="${THEME.border}" stroke-width="1.5"/>`);
  out.push(text(PAD, footerY + 42, fitLine(q.videoTitle, WIDTH - 2 * PAD - 150, 28, 700), { size: 28, weight: 700, fill: THEME.text }));
  const meta = [q.speaker, q.channel, q.timeLabel].filter((s): s is string => Boolean(s && s.trim())).join('  ·  ');
  out.push(text(PAD, footerY + 76, fitLine(meta, WIDTH - 2 * PAD, 22), { size: 22, fill: THEME.muted }));
  if (q.url) {
    out.push(text(PAD, footerY + 108, fitLine(q.url.replace(/^https?:\/\//, ''), WIDTH - 2 * PAD, 20), { size: 20, fill: THEME.first }));
  }
  out.push(`<text x="${WIDTH - PAD}" y="${footerY + 42}" text-anchor="end" font-size="18" font-weight="700" fill="${THEME.accent}" opacity="0.85">quotebot</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** The quote card as PNG bytes. */
export function renderCard(picture: CardPicture): Promise<Buffer> {
  return renderPng(cardSvg(picture));
}
