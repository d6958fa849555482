import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestProgress } from '../../src/cli/ingest-progress.ts';

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let text = '';
  s.on('data', (c) => (text += c));
  return { s, text: () => text };
}

describe('ingestProgress', () => {
  const outcome = { id: 'abc', title: 'A talk', url: 'u', status: 'added' as const, captions: { lang: 'en', kind: 'uploader' as const, ext: 'vtt' } };
  it('draws a bar with videos done / total and the current title on a terminal', () => {
    const { s, text } = stream(true);
    const p = ingestProgress(s as unknown as NodeJS.WritableStream & { isTTY: boolean });
    p.callbacks.onListing!('https://x');
    p.callbacks.onPlan!(2);
    p.callbacks.onVideoStart!('A talk', 0, 2);
    p.callbacks.onVideoDone!(outcome, 1, 2);
    p.callbacks.onVideoStart!('Another talk', 1, 2);
    p.callbacks.onVideoDone!({ ...outcome, title: 'Another talk' }, 2, 2);
    p.stop();
    p.stop();
    expect(text()).toContain('quotebot: listing https://x');
    expect(text()).toMatch(/adding \[[^\]]+\] 2\/2 videos \| Another talk/);
  });
  it('writes plain lines otherwise', () => {
    const { s, text } = stream(false);
    const p = ingestProgress(s as unknown as NodeJS.WritableStream & { isTTY: boolean });
    p.callbacks.onPlan!(1);
    p.callbacks.onVideoDone!(outcome, 1, 1);
    p.stop();
    expect(text()).toBe('quotebot: 1 video to look at\nquotebot: [1/1] added A talk [abc] (en, uploader captions)\n');
  });
});
