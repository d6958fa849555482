import { describe, expect, it } from 'vitest';
import type { TimelinePicture } from '../../src/core/types.ts';
import { MAX_BARS, renderTimeline, timelineLayout, timelineSvg } from '../../src/pictures/timeline.ts';
import { decode, inkIn, isAccent } from './helpers.ts';

const picture: TimelinePicture = {
  kind: 'timeline',
  title: 'Timeline of "gpus"',
  subtitle: '7 moments in 3 videos',
  more: 0,
  bars: [
    {
      videoId: 'a',
      title: 'Ilya Sutskever | The era of AI will come in full swing',
      duration: 1800,
      moments: [
        { start: 272, end: 289, weight: 0.3 },
        { start: 700, end: 720, weight: 1 },
        { start: 760, end: 790, weight: 1 },
        { start: 1500, end: 1510, weight: 0.3 },
      ],
      first: { start: 272, label: '≈4:32' },
      extensive: { start: 700, end: 790, label: '11:40-13:10' },
    },
    { videoId: 'b', title: 'Второе видео', duration: 600, moments: [{ start: 30, end: 40, weight: 0.3 }], first: { start: 30, label: '0:30' } },
    {
      videoId: 'c',
      title: '深度学习的未来 مستقبل',
      duration: 3600,
      moments: [
        { start: 0, end: 20, weight: 0.6 },
        { start: 3590, end: 3600, weight: 0.6 },
      ],
      first: { start: 0, label: '0:00' },
      extensive: { start: 0, end: 20, label: '0:00-0:20' },
    },
  ],
};

describe('timeline picture', () => {
  it('is a PNG of the laid-out size, with a mark at the x position of every moment', async () => {
    const layout = timelineLayout(picture);
    const png = decode(await renderTimeline(picture));
    expect(png.width).toBe(layout.width * layout.scale);
    expect(png.height).toBe(layout.height * layout.scale);
    for (const [r, row] of layout.rows.entries()) {
      const duration = picture.bars[r]!.duration;
      for (const [i, moment] of picture.bars[r]!.moments.entries()) {
        // The mark's x follows from the moment's time and the bar's own scale...
        const x = row.x + (moment.start / duration) * row.width;
        expect(row.marks[i]!.x).toBeCloseTo(x, 5);
        // ...and the picture has the accent colour there (1 unit inside the mark's left edge).
        const px = png.at((Math.min(x + 1, row.x + row.width - 1)) * layout.scale, row.cy * layout.scale);
        expect(isAccent(px), `bar ${r} moment ${i} at x=${x}: ${px}`).toBe(true);
      }
      // Between marks, on the empty track, there is no mark colour.
      const gap = row.x + row.width * 0.5;
      if (!row.marks.some((m) => Math.abs(m.x - gap) < 20) && !(row.band && gap >= row.band.x && gap <= row.band.x + row.band.width)) {
        expect(isAccent(png.at(gap * layout.scale, row.cy * layout.scale))).toBe(false);
      }
    }
  });

  it('draws bar lengths to scale with the videos\' lengths', () => {
    const layout = timelineLayout(picture);
    const [a, b, c] = layout.rows;
    expect(c!.width).toBeGreaterThan(a!.width);
    expect(a!.width / c!.width).toBeCloseTo(1800 / 3600, 2);
    expect(b!.width / c!.width).toBeCloseTo(600 / 3600, 2);
  });

  it('labels the first mention and the most extensive discussion, and the labels are drawn', async () => {
    const layout = timelineLayout(picture);
    const png = decode(await renderTimeline(picture));
    const s = layout.scale;
    for (const row of layout.rows) {
      const texts = row.labels.map((l) => l.text);
      expect(texts[0]).toBe(`first ${row.bar.first.label}`);
      if (row.bar.extensive) expect(texts[1]).toBe(`most discussed ${row.bar.extensive.label}`);
      for (const l of row.labels) {
        expect(inkIn(png, l.x * s, (l.y - 12) * s, (l.x + l.width) * s, (l.y + 2) * s), l.text).toBeGreaterThan(40);
      }
      // Labels never overlap each other.
      if (row.labels.length === 2) {
        const [p, q] = row.labels;
        expect(p!.x + p!.width <= q!.x || q!.x + q!.width <= p!.x).toBe(true);
      }
      // The title area at the left has text.
      expect(inkIn(png, 24 * s, (row.y + 4) * s, 200 * s, (row.y + 24) * s)).toBeGreaterThan(100);
    }
  });

  it('stops at 20 bars and says how many more', async () => {
    const many: TimelinePicture = {
      ...picture,
      bars: Array.from({ length: MAX_BARS }, (_, i) => ({ ...picture.bars[1]!, videoId: `v${i}`, title: `Video ${i}` })),
      more: 7,
    };
    const svg = timelineSvg(many);
    expect(svg).toContain('and 7 more videos');
    const layout = timelineLayout(many);
    expect(layout.rows).toHaveLength(MAX_BARS);
    const png = decode(await renderTimeline(many));
    expect(png.height).toBe(layout.height * layout.scale);
    // The "and 7 more" line is at the bottom, below the last row, and drawn.
    expect(inkIn(png, 24 * 2, (layout.height - 52) * 2, 200 * 2, (layout.height - 14) * 2)).toBeGreaterThan(50);
  });

  it('escapes titles so markup in a title cannot break the picture', async () => {
    const hostile = { ...picture, title: 'Timeline of "<b>&</b>"', bars: [{ ...picture.bars[1]!, title: '</text><script>x</script> & \u0000' }] };
    expect(timelineSvg(hostile)).not.toContain('<script>');
    const png = decode(await renderTimeline(hostile));
    expect(png.width).toBeGreaterThan(0);
  });
});
