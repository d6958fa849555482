/**
 * `quotebot search --json`: the machine interface used by the retrieval scorer.
 *
 * Reads JSON lines `{"id","query","video"?}` on stdin and writes, in order, one line per query:
 * `{"id","results":[{"video","start","end","text","score","title","url","speaker"}]}`.
 * `video` restricts the search to that video id. A line that is not valid JSON or lacks a string `query`
 * is answered with empty results and an `error` field; the run never dies on input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { timedUrl } from '../core/quote.ts';
import type { SearchIndex } from '../search/types.ts';

/** One result line of the contract. */
export interface JsonResult {
  video: string;
  start: number;
  end: number;
  text: string;
  score: number;
  title: string;
  url: string | null;
  speaker: string | null;
}

/** Answers one input line (already trimmed, non-empty). Never throws. */
export function answerLine(index: SearchIndex, line: string, top: number): string {
  let id: unknown = null;
  try {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      return JSON.stringify({ id: null, results: [], error: 'line is not valid JSON' });
    }
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      return JSON.stringify({ id: null, results: [], error: 'line is not a JSON object' });
    }
    const { query, video } = request as { id?: unknown; query?: unknown; video?: unknown };
    id = (request as { id?: unknown }).id ?? null;
    if (typeof query !== 'string') return JSON.stringify({ id, results: [], error: '"query" must be a string' });
    if (video !== undefined && video !== null && typeof video !== 'string') {
      return JSON.stringify({ id, results: [], error: '"video" must be a string' });
    }
    const options: { limit: number; video?: string } = { limit: top };
    if (typeof video === 'string' && video) {
      if (!index.corpus.transcripts.some((t) => t.meta.id === video)) {
        return JSON.stringify({ id, results: [], error: `unknown video id "${video}"` });
      }
      options.video = video;
    }
    const response = index.search(query, options);
    const results: JsonResult[] = response.hits.slice(0, top).map((hit) => ({
      video: hit.video.id,
      start: hit.start,
      end: hit.end,
      text: hit.text,
      score: Math.round(hit.score * 1e4) / 1e4,
      title: hit.video.title,
      url: timedUrl(hit.video.url, hit.start) ?? null,
      speaker: hit.speaker ?? null,
    }));
    return JSON.stringify({ id, results });
  } catch (error) {
    return JSON.stringify({ id, results: [], error: `search failed: ${(error as Error)?.message ?? String(error)}` });
  }
}

/** Runs the JSON-lines loop until `input` ends. */
export async function runSearchJson(index: SearchIndex, input: Readable, output: Writable, top: number): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const ok = output.write(`${answerLine(index, line, top)}\n`);
    if (!ok) await new Promise((resolve) => output.once('drain', resolve));
  }
}
