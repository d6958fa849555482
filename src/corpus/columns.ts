/**
 * Transcripts in a form that crosses between threads cheaply: cue times, text lengths and speakers in typed
 * arrays (transferred, not copied), each transcript's stored text as one string, and the rest of each
 * transcript (metadata, file, warnings) as small plain objects. Posting the cue objects themselves costs a
 * structured clone of every cue; this costs one copy of the text.
 *
 * @example
 * const { columns, transfer } = toColumns(transcripts);
 * port.postMessage(columns, transfer);
 * // on the other thread:
 * const back = fromColumns(columns); // equal transcripts; storedText(back[i]) is ready
 */
import { rememberStoredText, storedText } from './text.ts';
import type { Transcript } from './types.ts';

/** Transcripts as columns ({@link toColumns}). */
export interface TranscriptColumns {
  /** Each transcript with an empty `cues` (which keeps the fields' order). */
  heads: Transcript[];
  /** Each transcript's stored text (its cue texts joined by one space). */
  texts: string[];
  /** Per transcript, its number of cues; then per cue (all transcripts in order): start, end, text length, speaker (index into `speakers`, -1 none). */
  cueCounts: Int32Array;
  start: Float64Array;
  end: Float64Array;
  textLen: Int32Array;
  speaker: Int32Array;
  speakers: string[];
}

/** The columns of `transcripts`, and the buffers to transfer with them. */
export function toColumns(transcripts: readonly Transcript[]): { columns: TranscriptColumns; transfer: ArrayBuffer[] } {
  let total = 0;
  for (const t of transcripts) total += t.cues.length;
  const columns: TranscriptColumns = {
    heads: [],
    texts: [],
    cueCounts: new Int32Array(transcripts.length),
    start: new Float64Array(total),
    end: new Float64Array(total),
    textLen: new Int32Array(total),
    speaker: new Int32Array(total),
    speakers: [],
  };
  const speakerIds = new Map<string, number>();
  let g = 0;
  transcripts.forEach((t, i) => {
    const cues = t.cues;
    columns.heads.push({ ...t, cues: [] });
    columns.texts.push(storedText(t).text);
    columns.cueCounts[i] = cues.length;
    for (const cue of cues) {
      columns.start[g] = cue.start;
      columns.end[g] = cue.end;
      columns.textLen[g] = cue.text.length;
      let s = -1;
      if (cue.speaker !== undefined) {
        s = speakerIds.get(cue.speaker) ?? speakerIds.size;
        if (s === speakerIds.size) {
          speakerIds.set(cue.speaker, s);
          columns.speakers.push(cue.speaker);
        }
      }
      columns.speaker[g++] = s;
    }
  });
  const { cueCounts, start, end, textLen, speaker } = columns;
  return { columns, transfer: [cueCounts, start, end, textLen, speaker].map((a) => a.buffer as ArrayBuffer) };
}

/** The transcripts of `columns`, equal to those given to {@link toColumns}, their stored texts remembered. */
export function fromColumns(columns: TranscriptColumns): Transcript[] {
  let g = 0;
  return columns.heads.map((head, i) => {
    const text = columns.texts[i]!;
    const count = columns.cueCounts[i]!;
    const cueStarts = new Int32Array(count);
    const cues: Transcript['cues'] = new Array(count);
    let at = 0;
    for (let c = 0; c < count; c++, g++) {
      cueStarts[c] = at;
      const len = columns.textLen[g]!;
      const cue: Transcript['cues'][number] = { start: columns.start[g]!, end: columns.end[g]!, text: text.slice(at, at + len) };
      if (columns.speaker[g]! >= 0) cue.speaker = columns.speakers[columns.speaker[g]!]!;
      cues[c] = cue;
      at += len + 1;
    }
    head.cues = cues;
    rememberStoredText(head, { text, cueStarts });
    return head;
  });
}
