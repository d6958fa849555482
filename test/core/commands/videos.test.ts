/** The `videos` list: pages, and one reply for a page past the end however it was asked for. */
import { describe, expect, it } from 'vitest';
import { handler, VIDEOS_TOKEN, videosAnswer } from '../../../src/core/commands/videos.ts';
import { VIDEOS_PAGE } from '../../../src/core/defaults.ts';
import type { CommandContext } from '../../../src/core/commands/types.ts';
import { FIXTURE_DIR, indexOf } from '../helpers.ts';

describe('videos past the end', () => {
  it('a typed page and a More button past the end give the same reply, saying how many there are', async () => {
    const index = await indexOf(FIXTURE_DIR);
    const ctx = { index } as CommandContext;
    const expected = 'There is no page 3: the list has 2 videos (1 page). Type videos for the first.';
    expect((await handler({ page: 3 }, ctx)).text).toBe(expected);
    expect((await VIDEOS_TOKEN.run({ offset: String(2 * VIDEOS_PAGE) }, ctx)).text).toBe(expected);
    expect(videosAnswer(index, VIDEOS_PAGE).text).toBe(expected.replace('page 3', 'page 2'));
    expect(videosAnswer(index, 0).videos!.length).toBe(2);
  });
});
