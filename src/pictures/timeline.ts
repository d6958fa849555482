/**
 * The timeline picture: one bar per video (title at the left, bar length to scale with the video's
 * length), a mark at every moment the topic is said (taller and more opaque where it is discussed at
 * length), the most extensive discussion shaded, and the first mention and the most extensive
 * discussion labelled with their times. Up to {@link MAX_BARS} videos, then "and N more".
 *
 * Drawn in an 800-unit-wide layout and rendered at {@link SCALE}x, so it stays sharp when opened and
 * readable when a chat shows it at preview size (about 400-550 pixels wide).
 */
import type { TimelineBar, TimelinePicture } from '../core/types.ts';
import { formatDuration } from '../core/quote.ts';
import { fitLine, textWidth, wrapText } from './measure.ts';
import { renderPng } from './png.ts';
import { n, text, xml } from './svg.ts';
import { FONT_STACK } from './fonts.ts';
import { THEME } from './theme.ts';

/** Most bars drawn; more videos are summarised as "and N more". */
export const MAX_BARS = 20;
/** Output pixels per layout unit. */
export const SCALE = 2;

const WIDTH = 800;
const PAD = 24;
const HEADER = 78;
const ROW = 80;
const TITLE_W = 214;
const BAR_X = PAD + TITLE_W + 18;
const BAR_MAX = WIDTH - PAD - 58 - BAR_X;
const LABEL_SIZE = 14;

/** Where one moment's mark is drawn (layout units). */
export interface MarkBox {
  x: number;
  width: number;
  top: number;
  bottom: number;
  opacity: number;
}

/** Where one bar and its parts are drawn (layout units); tests read pixels at these places. */
export interface BarLayout {
  bar: TimelineBar;
  /** Top of the row. */
  y: number;
  /** Bar track: left x, width, vertical centre. */
  x: number;
  width: number;
  cy: number;
  marks: MarkBox[];
  /** Label boxes (x, baseline y, width, text). */
  labels: Array<{ x: number; y: number; width: number; text: string; color: string }>;
  /** The shaded extent of the most extensive discussion, when there is one. */
  band?: { x: number; width: number };
}

/** The computed geometry of a timeline picture. */
export interface TimelineLayout {
  width: number;
  height: number;
  scale: number;
  rows: BarLayout[];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Computes where everything goes. Pure; {@link timelineSvg} draws it. */
export function timelineLayout(picture: TimelinePicture): TimelineLayout {
  const bars = picture.bars.slice(0, MAX_BARS);
  const longest = Math.max(1, ...bars.map((b) => b.duration));
  const rows: BarLayout[] = bars.map((bar, i) => {
    const y = PAD + HEADER + i * ROW;
    const duration = Math.max(bar.duration, ...bar.moments.map((m) => m.end), 1);
    const width = Math.max(48, (BAR_MAX * duration) / longest);
    const cy = y + 22;
    const at = (t: number) => BAR_X + (clamp(t, 0, duration) / duration) * width;
    const marks = bar.moments.map((m) => {
      const w = clamp(m.weight, 0, 1);
      const half = 8 + 8 * w;
      const x = at(m.start);
      return { x, width: clamp(at(m.end) - x, 3, 14), top: cy - half, bottom: cy + half, opacity: 0.5 + 0.5 * w };
    });
    const labels: BarLayout['labels'] = [];
    const labelY = y + 56;
    const right = BAR_X + BAR_MAX + 40;
    const place = (text: string, at: number, color: string) => {
      const w = textWidth(text, LABEL_SIZE, 700);
      return { x: clamp(at - 6, BAR_X - 4, right - w), y: labelY, width: w, text, color };
    };
    const first = place(`first ${bar.first.label}`, at(bar.first.start), THEME.first);
    labels.push(first);
    let band: BarLayout['band'];
    if (bar.extensive) {
      const bx = at(bar.extensive.start);
      band = { x: bx - 3, width: Math.max(6, at(bar.extensive.end) - bx + 6) };
      const ext = place(`most discussed ${bar.extensive.label}`, bx, THEME.accent);
      const overlaps = ext.x < first.x + first.width + 10 && first.x < ext.x + ext.width + 10;
      if (overlaps) {
        if (first.x + first.width + 12 + ext.width <= right) ext.x = first.x + first.width + 12;
        else ext.x = Math.max(BAR_X - 4, first.x - 12 - ext.width);
      }
      labels.push(ext);
    }
    return { bar, y, x: BAR_X, width, cy, marks, labels, ...(band ? { band } : {}) };
  });
  const extra = picture.more > 0 || picture.bars.length > MAX_BARS ? 34 : 0;
  const height = PAD + HEADER + rows.length * ROW + extra + PAD - 8;
  return { width: WIDTH, height, scale: SCALE, rows };
}

/** The SVG document of a timeline picture. */
export function timelineSvg(picture: TimelinePicture): string {
  const layout = timelineLayout(picture);
  const { width: W, height: H } = layout;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W * SCALE}" height="${H * SCALE}" viewBox="0 0 ${W} ${H}" font-family="${xml(FONT_STACK)}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${THEME.panelTop}"/><stop offset="1" stop-color="${THEME.panelBottom}"/></linearGradient></defs>`,
    `<rect x="0.5" y="0.5" width="${W - 1}" height="${H - 1}" rx="${THEME.radius}" fill="url(#bg)" stroke="${THEME.border}"/>`,
    text(PAD, PAD + 26, fitLine(picture.title, W - 2 * PAD - 250, 24, 700), { size: 24, weight: 700, fill: THEME.text }),
    text(PAD, PAD + 50, fitLine(picture.subtitle, W - 2 * PAD - 250, 15), { size: 15, fill: THEME.muted }),
  );
  // Legend, top right.
  const lx = W - PAD - 236;
  out.push(
    `<rect x="${lx}" y="${PAD + 8}" width="3" height="14" rx="1.5" fill="${THEME.accent}" opacity="0.55"/>`,
    `<text x="${lx + 9}" y="${PAD + 20}" font-size="13" fill="${THEME.muted}">mention</text>`,
    `<rect x="${lx + 72}" y="${PAD + 3}" width="5" height="24" rx="2" fill="${THEME.accent}"/>`,
    `<text x="${lx + 83}" y="${PAD + 20}" font-size="13" fill="${THEME.muted}">discussed at length</text>`,
    `<line x1="${PAD}" y1="${PAD + HEADER - 12}" x2="${W - PAD}" y2="${PAD + HEADER - 12}" stroke="${THEME.border}" stroke-width="1"/>`,
  );
  for (const row of layout.rows) {
    const { bar } = row;
    const count = `${bar.moments.length} moment${bar.moments.length === 1 ? '' : 's'}`;
    out.push(
      ...wrapText(bar.title, TITLE_W, 16, 2, 700).lines.map((line, i) => text(PAD, row.y + 20 + i * 20, line, { size: 16, weight: 700, fill: THEME.text })),
      text(PAD, row.y + (wrapText(bar.title, TITLE_W, 16, 2, 700).lines.length > 1 ? 62 : 42), fitLine(`${count} · ${formatDuration(bar.duration)}`, TITLE_W, 13), { size: 13, fill: THEME.muted }),
      `<rect x="${n(row.x)}" y="${n(row.cy - 5)}" width="${n(row.width)}" height="10" rx="5" fill="${THEME.track}"/>`,
    );
    if (row.band) {
      out.push(`<rect x="${n(row.band.x)}" y="${n(row.cy - 17)}" width="${n(row.band.width)}" height="34" rx="4" fill="${THEME.accent}" opacity="0.2"/>`);
    }
    for (const m of row.marks) {
      out.push(`<rect x="${n(m.x)}" y="${n(m.top)}" width="${n(m.width)}" height="${n(m.bottom - m.top)}" rx="1.5" fill="${THEME.accent}" opacity="${n(m.opacity)}"/>`);
    }
    const firstMark = row.marks[0];
    if (firstMark) {
      out.push(`<path d="M${n(firstMark.x - 5)} ${n(firstMark.top - 7)} h10 l-5 6 z" fill="${THEME.first}"/>`);
    }
    out.push(text(row.x + row.width + 8, row.cy + 5, formatDuration(bar.duration), { size: 13, fill: THEME.muted }));
    for (const l of row.labels) {
      out.push(text(l.x, l.y, l.text, { size: LABEL_SIZE, weight: 700, fill: l.color }));
    }
  }
  const hidden = Math.max(picture.more, 0) + Math.max(0, picture.bars.length - MAX_BARS);
  if (hidden > 0) {
    const y = PAD + HEADER + layout.rows.length * ROW + 14;
    out.push(`<text x="${PAD}" y="${y}" font-size="16" fill="${THEME.muted}">and ${hidden} more video${hidden === 1 ? '' : 's'}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The timeline picture as PNG bytes. */
export function renderTimeline(picture: TimelinePicture): Promise<Buffer> {
  return renderPng(timelineSvg(picture));
}
