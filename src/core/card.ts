/**
 * `card <citation>` and the "Share as image" button: a quote as a quote card.
 *
 * The button carries the quote's exact characters in the transcript's stored text, so the card shows
 * exactly the quote the user saw. A typed citation (`f96Xrg4uNik@245`) names a moment: the card shows the
 * passage at that moment from the caption containing it (where the citation points) to the passage's end.
 *
 * The answer carries the quote as text (so every adapter has something to show at once) and a `picture`
 * of kind `card` that adapters draw with `src/pictures/card.ts` and attach.
 */
import { MIN_CARD_CHARS } from './defaults.ts';
import { cueAt, storedText } from '../corpus/text.ts';
import type { BoundsParams } from '../search/params.ts';
import type { Hit, SearchIndex } from '../search/types.ts';
import { pastTheEnd, show } from './answer.ts';
import { parseCitation, toQuote } from './quote.ts';
import type { Answer } from './types.ts';


function notice(text: string): Answer {
  return { kind: 'notice', ephemeral: true, text };
}

function cardOf(hit: Hit, bounds: BoundsParams): Answer {
  const quote = toQuote(hit, bounds);
  return { kind: 'quotes', title: `Quote card from "${show(quote.videoTitle, 80)}"`, quotes: [quote], picture: { kind: 'card', quote }, ephemeral: false };
}

/** The hit for characters `[from, to)` of a video's stored text, or undefined when they are not there. */
function exactHit(index: SearchIndex, videoId: string, seconds: number, from: number, to: number): Hit | undefined {
  for (const transcript of index.corpus.transcripts) {
    if (transcript.meta.id !== videoId) continue;
    const stored = storedText(transcript);
    if (to > stored.text.length || from >= to) continue;
    const first = transcript.cues[cueAt(stored, from)];
    const last = transcript.cues[cueAt(stored, to - 1)];
    if (!first || !last || Math.floor(first.end) < seconds || Math.floor(first.start) > seconds + 1) continue;
    const hit: Hit = {
      video: transcript.meta,
      transcript,
      start: Math.max(first.start, seconds),
      end: last.end,
      approximate: transcript.approximate,
      text: stored.text.slice(from, to),
      charStart: from,
      charEnd: to,
      score: 0,
    };
    if (first.speaker) hit.speaker = first.speaker;
    return hit;
  }
  return undefined;
}

/** The passage at a moment, from the caption containing the moment to the passage's end. */
function citedHit(index: SearchIndex, videoId: string, seconds: number): Hit | undefined {
  const passage = index.around(videoId, seconds, 0, 0)[0];
  if (!passage) return undefined;
  const stored = storedText(passage.transcript);
  const cue = passage.transcript.cues.findIndex((c) => c.start <= seconds && seconds < c.end);
  const from = cue >= 0 ? stored.cueStarts[cue]! : -1;
  if (from <= passage.charStart || passage.charEnd - from < MIN_CARD_CHARS) return passage;
  return { ...passage, start: passage.transcript.cues[cue]!.start, text: stored.text.slice(from, passage.charEnd), charStart: from };
}

/**
 * The quote card of a cited moment (`videoId@seconds`, `videoId@m:ss`), or, with `chars`, of exactly
 * those characters of that video's stored text (what the Share-as-image button sends). Public.
 */
export function cardAnswer(index: SearchIndex, citation: string, chars?: [number, number]): Answer {
  const cited = parseCitation(String(citation ?? ''));
  if (!cited) return notice('Give a citation like f96Xrg4uNik@245 (each quote shows its citation).');
  const late = pastTheEnd(index, cited.videoId, cited.seconds);
  if (late) return late;
  const hit = (chars && exactHit(index, cited.videoId, cited.seconds, chars[0], chars[1])) || citedHit(index, cited.videoId, cited.seconds);
  if (hit) return cardOf(hit, index.params.bounds);
  const known = index.corpus.transcripts.some((t) => t.meta.id === cited.videoId);
  return notice(known ? `Nothing was said near ${citation.trim()}.` : `No video has the id "${show(cited.videoId, 40)}". Type videos to list them.`);
}
