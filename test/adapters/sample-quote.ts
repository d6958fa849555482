/** The sample quote the adapter render tests draw (a bundled-transcript passage with every field set). */
import type { Quote } from '../../src/core/types.ts';

export const sampleQuote = (over: Partial<Quote> = {}): Quote => ({
  text: 'the gpus appeared in our lab',
  videoId: 'f96Xrg4uNik',
  videoTitle: 'Ilya Sutskever | The era of AI',
  start: 272,
  end: 289,
  approximate: true,
  url: 'https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s',
  timeLabel: '≈4:32',
  citation: 'f96Xrg4uNik@272',
  ...over,
});
