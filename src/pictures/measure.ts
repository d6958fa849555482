/**
 * Measuring and wrapping text before it is drawn (SVG has no automatic line breaks). Text is split into
 * runs by the bundled family that has each character ({@link fontRuns}); each run is shaped and measured
 * with that font (fontkit) and drawn with it (`svg.ts`), so a measured line is the width it is drawn.
 */
import { openSync, type Font } from 'fontkit';
import { bundledFonts } from './fonts.ts';

interface Face {
  font: Font;
  weight: 400 | 700;
}

let faces: Face[] | undefined;

function loadFaces(): Face[] {
  faces ??= bundledFonts().map((f) => ({ font: openSync(f.file), weight: f.weight }));
  return faces;
}

/** The face that draws `codePoint` at `weight`: the first family that has it, preferring the weight. */
function faceFor(codePoint: number, weight: 400 | 700): Face | undefined {
  const all = loadFaces();
  let fallback: Face | undefined;
  for (const face of all) {
    if (!face.font.hasGlyphForCodePoint(codePoint)) continue;
    if (face.weight === weight) return face;
    // Families without this weight: resvg picks the nearest weight of the same family.
    const sameFamilyHasWeight = all.some((o) => o.font.familyName === face.font.familyName && o.weight === weight);
    if (!sameFamilyHasWeight) return face;
    fallback ??= face;
  }
  return fallback;
}

/** Laid-out widths in em of runs already measured (bounded: cleared when it grows past 20,000). */
const runCache = new Map<string, number>();

/** Width in em of a run drawn by one face, shaped (ligatures, Arabic joining, kerning) by fontkit. */
function runWidth(face: Face | undefined, text: string): number {
  if (!face) return [...text].length * 0.6;
  const key = `${face.font.familyName}:${face.weight}:${text}`;
  let w = runCache.get(key);
  if (w === undefined) {
    w = face.font.layout(text).advanceWidth / face.font.unitsPerEm;
    if (runCache.size > 20_000) runCache.clear();
    runCache.set(key, w);
  }
  return w;
}

/**
 * Width in pixels of `text` at `size` px and `weight`, as drawn run by run with {@link fontRuns}.
 *
 * @example textWidth('Hello', 20) // about 54
 */
export function textWidth(text: string, size: number, weight: 400 | 700 = 400): number {
  let em = 0;
  for (const run of faceRuns(text, weight)) em += runWidth(run.face, run.text);
  return em * size;
}

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Cuts `text` to fit `maxWidth`, ending with "…" when it was cut (at a word boundary when one is near,
 * else between characters). Returns the text unchanged when it fits.
 */
export function fitLine(text: string, maxWidth: number, size: number, weight: 400 | 700 = 400): string {
  if (textWidth(text, size, weight) <= maxWidth) return text;
  return withEllipsis(text, maxWidth, size, weight);
}

/** `text` cut to leave room for "…" within `maxWidth`, then "…" (always added). */
function withEllipsis(text: string, maxWidth: number, size: number, weight: 400 | 700): string {
  const room = maxWidth - textWidth(ELLIPSIS, size, weight);
  let out = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment, size, weight);
    if (width + w > room) break;
    out += segment;
    width += w;
  }
  const space = out.lastIndexOf(' ');
  if (space > out.length * 0.7) out = out.slice(0, space);
  return out.replace(/[\s,;:.\-–—]+$/u, '') + ELLIPSIS;
}

/** Pieces a line may break after: words with the spaces and punctuation that follow them. */
function breakUnits(text: string): string[] {
  const units: string[] = [];
  let current = '';
  for (const { segment, isWordLike } of words.segment(text)) {
    // A word starts a new unit; spaces and punctuation stick to the word before them.
    if (isWordLike && current && !/^\s*$/u.test(current) && /[\s\p{P}]$/u.test(current)) {
      units.push(current);
      current = '';
    } else if (isWordLike && current && isIdeographic(segment)) {
      units.push(current);
      current = '';
    }
    current += segment;
  }
  if (current) units.push(current);
  return units;
}

/** Scripts written without spaces, where a line may break between any two words the segmenter finds. */
function isIdeographic(s: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(s);
}

/** The result of {@link wrapText}. */
export interface Wrapped {
  lines: string[];
  /** True when the text did not fit in `maxLines` and the last line ends with "…". */
  truncated: boolean;
}

/**
 * Wraps `text` into lines at most `maxWidth` wide, at most `maxLines` of them; text that does not fit is
 * cut at a word boundary with "…". Breaks between words (any script the ICU word segmenter knows, so
 * Chinese and Thai break between words too) and inside a word only when it is wider than a line.
 *
 * @example wrapText('the gpus appeared in our lab', 120, 20, 3).lines // ['the gpus', 'appeared in', 'our lab']
 */
export function wrapText(text: string, maxWidth: number, size: number, maxLines: number, weight: 400 | 700 = 400): Wrapped {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  // Widths are summed unit by unit (each unit measured once), so a long quote wraps in linear time.
  const width = (s: string) => textWidth(s, size, weight);
  const units = breakUnits(clean);
  let i = 0;
  for (; i < units.length && lines.length < maxLines; i++) {
    const unit = units[i]!;
    const unitWidth = width(unit.trimEnd());
    if (lineWidth + unitWidth <= maxWidth) {
      line += unit;
      lineWidth += width(unit);
      continue;
    }
    if (line.trim()) {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      if (lines.length >= maxLines) break;
    }
    // The unit alone: split it between graphemes while it is wider than a line.
    let piece = unit;
    while (width(piece.trimEnd()) > maxWidth && lines.length < maxLines) {
      let fit = '';
      for (const { segment } of graphemes.segment(piece)) {
        if (width(fit + segment) > maxWidth) break;
        fit += segment;
      }
      if (!fit) fit = [...piece][0]!;
      lines.push(fit);
      piece = piece.slice(fit.length);
    }
    if (lines.length >= maxLines) {
      units[i] = piece;
      break;
    }
    line = piece;
    lineWidth = width(piece);
  }
  const rest = units.slice(i).join('');
  if (!rest.trim() && line.trim() && lines.length < maxLines) {
    lines.push(line.trimEnd());
    return { lines, truncated: false };
  }
  if (!rest.trim() && !line.trim()) return { lines, truncated: false };
  // Cut: the last line gets "…" (what did not fit is left out).
  if (line.trim() && lines.length < maxLines) lines.push(line.trimEnd());
  const last = lines.length - 1;
  lines[last] = withEllipsis(`${lines[last]} ${rest.trimStart()}`, maxWidth, size, weight);
  return { lines, truncated: true };
}

/** A stretch of text that one bundled family draws. */
export interface FontRun {
  family: string;
  text: string;
}

/** {@link fontRuns} with the face itself (undefined for text no bundled family has). */
function faceRuns(text: string, weight: 400 | 700): Array<{ face: Face | undefined; text: string }> {
  const runs: Array<{ face: Face | undefined; text: string }> = [];
  for (const ch of text) {
    const neutral = /[\s\p{M}\p{Cf}]/u.test(ch);
    const face = neutral ? undefined : faceFor(ch.codePointAt(0)!, weight);
    const last = runs[runs.length - 1];
    if (last && (neutral || face === last.face || (!face && !last.face))) last.text += ch;
    else if (last && !last.face && face && /^[\s\p{M}\p{Cf}]*$/u.test(last.text)) {
      last.face = face;
      last.text += ch;
    } else runs.push({ face, text: ch });
  }
  return runs;
}

/**
 * Splits `text` into runs by the bundled family that draws each character (the same choice
 * {@link textWidth} measures with). Spaces and marks stay in the current run. Each run is drawn as its
 * own text element: resvg's own per-character fallback leaves Thai as boxes, and a `tspan` holding
 * right-to-left text next to others makes the whole line disappear.
 */
export function fontRuns(text: string, weight: 400 | 700 = 400): FontRun[] {
  const primary = bundledFonts()[0]!.family;
  return faceRuns(text, weight).map((r) => ({ family: r.face?.font.familyName ?? primary, text: r.text }));
}
