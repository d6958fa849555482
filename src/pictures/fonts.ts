/**
 * The fonts pictures are drawn with: bundled Noto families from npm, loaded by file path. Host fonts are
 * never used (resvg runs with `loadSystemFonts: false`), so a picture looks the same on every machine.
 *
 * Coverage: Noto Sans (Latin, Cyrillic, Greek, Vietnamese), Noto Sans SC (Chinese, Japanese kana),
 * Noto Sans KR (Korean Hangul), Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, Noto Sans Thai.
 * A character none of them has is drawn as the missing-glyph box of the first family.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** One bundled font file. */
export interface BundledFont {
  /** Family name as written in the font (and used in SVG `font-family`). */
  family: string;
  /** 400 regular or 700 bold. */
  weight: 400 | 700;
  /** Absolute path of the `.ttf` file. */
  file: string;
}

/** Package, family and per-weight file (relative to the package) of each bundled family, in fallback order. */
const FAMILIES: Array<{ family: string; pkg: string; files: Partial<Record<400 | 700, string>> }> = [
  { family: 'Noto Sans', pkg: '@expo-google-fonts/noto-sans', files: { 400: '400Regular/NotoSans_400Regular.ttf', 700: '700Bold/NotoSans_700Bold.ttf' } },
  { family: 'Noto Sans SC', pkg: '@expo-google-fonts/noto-sans-sc', files: { 400: '400Regular/NotoSansSC_400Regular.ttf' } },
  { family: 'Noto Sans KR', pkg: '@expo-google-fonts/noto-sans-kr', files: { 400: '400Regular/NotoSansKR_400Regular.ttf' } },
  { family: 'Noto Sans Arabic', pkg: '@expo-google-fonts/noto-sans-arabic', files: { 400: '400Regular/NotoSansArabic_400Regular.ttf', 700: '700Bold/NotoSansArabic_700Bold.ttf' } },
  { family: 'Noto Sans Hebrew', pkg: '@expo-google-fonts/noto-sans-hebrew', files: { 400: '400Regular/NotoSansHebrew_400Regular.ttf', 700: '700Bold/NotoSansHebrew_700Bold.ttf' } },
  { family: 'Noto Sans Devanagari', pkg: '@expo-google-fonts/noto-sans-devanagari', files: { 400: '400Regular/NotoSansDevanagari_400Regular.ttf', 700: '700Bold/NotoSansDevanagari_700Bold.ttf' } },
  { family: 'Noto Sans Thai', pkg: '@expo-google-fonts/noto-sans-thai', files: { 400: '400Regular/NotoSansThai_400Regular.ttf', 700: '700Bold/NotoSansThai_700Bold.ttf' } },
];

let cached: BundledFont[] | undefined;

/** Every bundled font file, in fallback order (throws with the package name when one is not installed). */
export function bundledFonts(): BundledFont[] {
  if (cached) return cached;
  const out: BundledFont[] = [];
  for (const f of FAMILIES) {
    for (const weight of [400, 700] as const) {
      const rel = f.files[weight];
      if (!rel) continue;
      let file: string;
      try {
        file = require.resolve(`${f.pkg}/${rel}`);
      } catch (error) {
        throw new Error(`The font package ${f.pkg} is not installed (run npm ci): ${(error as Error).message}`, { cause: error });
      }
      out.push({ family: f.family, weight, file });
    }
  }
  cached = out;
  return out;
}

/** The SVG `font-family` value that lists every bundled family in fallback order. */
export const FONT_STACK = FAMILIES.map((f) => `'${f.family}'`).join(', ');

/** The first family's name (resvg's default family). */
export const PRIMARY_FAMILY = FAMILIES[0]!.family;
