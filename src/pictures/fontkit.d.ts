/**
 * The part of fontkit (https://github.com/foliojs/fontkit) quotebot uses: advance widths for measuring
 * text before it is drawn. fontkit 3 ships no type declarations.
 */
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
  }
  export interface Font {
    unitsPerEm: number;
    familyName: string;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string): { advanceWidth: number };
  }
  export function openSync(filename: string, postscriptName?: string): Font;
}
