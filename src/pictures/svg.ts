/** Small helpers for writing SVG by hand: escaping, text runs and number formatting. */
import { fontRuns, textWidth } from './measure.ts';

/** Escapes text for an SVG text node or attribute value (also drops characters XML forbids). */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu, '')
    .replace(/[\ud800-\udfff]/gu, (c, i: number, s: string) => (isPaired(s, i) ? c : ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** True when the surrogate at `i` is half of a valid pair (a lone one is invalid XML). */
function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) return i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
  return i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
}

/** A number for an SVG attribute: at most two decimals. */
export function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** How {@link text} draws a line. */
export interface TextStyle {
  size: number;
  /** Default 400. */
  weight?: 400 | 700;
  fill: string;
  /** `end`: `x` is the right edge. Default start. */
  anchor?: 'start' | 'end';
  opacity?: number;
}

/**
 * One line of text at (`x`, baseline `y`), escaped, as one `<text>` element per bundled family that draws
 * a stretch of it (see `fontRuns`), each placed after the measured width of the ones before.
 */
export function text(x: number, y: number, content: string, style: TextStyle): string {
  const weight = style.weight ?? 400;
  const runs = fontRuns(content, weight);
  let at = style.anchor === 'end' ? x - textWidth(content, style.size, weight) : x;
  const common = `y="${n(y)}" font-size="${n(style.size)}"${weight === 700 ? ' font-weight="700"' : ''} fill="${style.fill}"${style.opacity !== undefined ? ` opacity="${n(style.opacity)}"` : ''}`;
  const out: string[] = [];
  for (const run of runs) {
    out.push(`<text x="${n(at)}" ${common} font-family="${xml(run.family)}" xml:space="preserve">${xml(run.text)}</text>`);
    at += textWidth(run.text, style.size, weight);
  }
  return out.join('');
}
