/** Decoding rendered PNGs in tests. */
import { PNG } from 'pngjs';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA at (x, y). */
  at(x: number, y: number): [number, number, number, number];
}

export function decode(png: Buffer): Pixels {
  const image = PNG.sync.read(png);
  return {
    width: image.width,
    height: image.height,
    at(x, y) {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
    },
  };
}

/** True when the pixel is the amber accent (marks), at any of the opacities marks are drawn with. */
export function isAccent([r, g, b]: [number, number, number, number]): boolean {
  return r > 110 && r > b + 60 && g > b + 20;
}

/** How many pixels in a box differ clearly from the pixel at its top-left corner (the background there). */
export function inkIn(p: Pixels, x0: number, y0: number, x1: number, y1: number): number {
  const bg = p.at(x0, y0);
  let ink = 0;
  for (let y = Math.round(y0); y < y1; y++) {
    for (let x = Math.round(x0); x < x1; x++) {
      const c = p.at(x, y);
      if (Math.abs(c[0] - bg[0]) + Math.abs(c[1] - bg[1]) + Math.abs(c[2] - bg[2]) > 90) ink++;
    }
  }
  return ink;
}
