/**
 * SVG to PNG with resvg (Rust, prebuilt binaries from npm), using only the bundled fonts.
 *
 * `renderPng` renders on libuv's thread pool, so drawing a picture never blocks the event loop (the text
 * answer is not held up by it).
 */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { bundledFonts, PRIMARY_FAMILY } from './fonts.ts';

function options(): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFonts().map((f) => f.file),
      defaultFontFamily: PRIMARY_FAMILY,
      sansSerifFamily: PRIMARY_FAMILY,
    },
    fitTo: { mode: 'original' },
    textRendering: 1,
    shapeRendering: 2,
    logLevel: 'off',
  };
}

/** Renders an SVG document to PNG bytes. Rejects when the SVG cannot be parsed. */
export async function renderPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, options());
  return image.asPng();
}
