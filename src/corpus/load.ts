/**
 * Loading a transcripts folder: find caption files, pick each one's parser, attach sidecar metadata,
 * and never let one bad file stop the rest.
 *
 * @example
 * const corpus = await loadCorpus('./transcripts', { onFile: (file, i, n) => bar.update(i) });
 * for (const s of corpus.skipped) console.warn(`${s.file}${s.line ? `:${s.line}` : ''}: ${s.message}`);
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { collectionOf } from './collection.ts';
import type { CaptionFormat, Corpus, Cue, LoadWarning, Transcript, VideoMeta } from './types.ts';
import type { ParsedCaptions, ParseWarning } from './parsed.ts';
import { detectFormat } from './detect.ts';
import { parseJsonText } from './json.ts';
import { isJson3, json3Cues } from './json3.ts';
import { realPathInsideSync } from './inside.ts';
import { parsePage } from './page.ts';
import { CAPTION_EXTENSIONS, metaFromFileName, readSidecar, SIDECAR_SUFFIX } from './sidecar.ts';
import { parseSrt } from './srt.ts';
import { parseTxt } from './txt.ts';
import { parseVtt } from './vtt.ts';
import { isWhisper, whisperCues } from './whisper.ts';

/** Default largest caption file loaded: 50 MB (50,000,000 bytes). */
export const DEFAULT_MAX_FILE_BYTES = 50_000_000;
/** What a refused link's warning tells the operator to do. */
const OUTSIDE_HINT = 'only files whose real path is inside the folder are read; copy the file in instead of linking it';
/** Longest stretch (ms) the loader reads files without giving the event loop a turn. */
const YIELD_EVERY_MS = 50;
/** Warnings kept per file; the rest are summarised in one line. */
const MAX_WARNINGS_PER_FILE = 50;

/** Options of {@link loadFile}. */
export interface LoadFileOptions {
  /**
   * Largest file read, in bytes; bigger files are skipped with a warning. Default
   * {@link DEFAULT_MAX_FILE_BYTES} (50 MB). @example { maxFileBytes: 5_000_000 }
   */
  maxFileBytes?: number;
}

/** Options of {@link loadCorpus}. */
export interface LoadOptions extends LoadFileOptions {
  /**
   * Called after each file is loaded or skipped, with its path relative to the folder, how many files
   * are done (1-based) and the total. Default: none. @example { onFile: (f, i, n) => bar.update(i) }
   */
  onFile?: (file: string, i: number, n: number) => void;
  /** Files read at once. Default 8. */
  concurrency?: number;
}

/** A file that cannot be loaded at all; `file` is relative to the transcripts folder. */
export class LoadError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, message: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'LoadError';
    this.file = file;
    this.line = line;
  }
  /** As a {@link LoadWarning} for {@link Corpus.skipped}. */
  toWarning(): LoadWarning {
    const message = this.message.slice(this.message.indexOf(': ') + 2);
    return this.line ? { file: this.file, line: this.line, message } : { file: this.file, message };
  }
}

/** True for a file name quotebot reads as captions (not dotfiles, not `.info.json` sidecars). */
export function isCaptionFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (name.startsWith('.') || lower.endsWith(SIDECAR_SUFFIX)) return false;
  return CAPTION_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Options of {@link listCaptionFiles}. */
export interface ListOptions {
  /**
   * Called for each subfolder that cannot be read (EACCES, EIO...) with a warning naming it (path relative
   * to `dir`, ending in `/`); the listing goes on without it. Default: such a subfolder stops the listing
   * with the error, as an unreadable `dir` always does. @example { onUnreadable: (w) => skipped.push(w) }
   */
  onUnreadable?: (warning: LoadWarning) => void;
}

/**
 * Caption files under `dir`, recursively, as absolute-or-given-base paths sorted by relative path.
 * Skips dotfiles, dot folders and `node_modules`; does not follow symlinked folders. Throws when `dir`
 * itself cannot be read; an unreadable subfolder goes to {@link ListOptions.onUnreadable} when given.
 */
export async function listCaptionFiles(dir: string, options: ListOptions = {}): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === dir || !options.onUnreadable) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      options.onUnreadable({ file: `${relativePath(dir, folder)}/`, message: `folder unreadable (${code}); skipped with everything in it` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && isCaptionFile(entry.name)) found.push(path);
    }
  };
  await walk(dir);
  const key = (p: string): string => relativePath(dir, p);
  return found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `path` relative to `root`, with `/` separators on every system. */
export const relativePath = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/** Control characters that are never part of a transcript's words (all C0 but tab, line feed, carriage return; DEL). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * UTF-16 without a byte order mark, told by its zero bytes: ASCII-range text in UTF-16LE has a zero in
 * (nearly) every odd byte, in UTF-16BE in every even one. Undefined when the sample is not like that.
 */
function utf16WithoutBOM(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.4 && evenZero <= pairs * 0.05) return 'utf-16le';
  if (evenZero >= pairs * 0.4 && oddZero <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Windows-1252's characters for bytes 0x80-0x9F (undefined bytes stay as their Latin-1 code points). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252 decoding (Node's TextDecoder reads that label as Latin-1, without € “ ” and the like). */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return out;
}

/**
 * Decodes file bytes, detecting the encoding: UTF-8 (with or without BOM), UTF-16 with a BOM or without
 * one (told by its zero bytes), else Windows-1252 (Latin-1 files: "café résumé", not "caf� r�sum�"). A
 * UTF-8 file with a few corrupt bytes stays UTF-8 (those become U+FFFD). Control characters (NUL and the
 * like, anywhere in the file) are removed. Undefined for binary data.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  const clean = (text: string): string => text.replace(CONTROL, '');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return clean(new TextDecoder('utf-8').decode(bytes.subarray(3)));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return clean(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return clean(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  const sample = bytes.subarray(0, 8192);
  const utf16 = utf16WithoutBOM(sample);
  if (utf16) return clean(new TextDecoder(utf16).decode(bytes));
  if (sample.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8. Mostly valid multi-byte sequences with a few bad bytes: a damaged UTF-8 file.
    // Otherwise single high bytes: a legacy 8-bit file, read as Windows-1252 (a superset of Latin-1).
    const lenient = new TextDecoder('utf-8').decode(bytes);
    let bad = 0;
    let good = 0;
    for (let i = 0; i < lenient.length; i++) {
      const c = lenient.charCodeAt(i);
      if (c === 0xfffd) bad++;
      else if (c > 0x7f) good++;
    }
    text = good > bad * 4 ? lenient : decodeWindows1252(bytes);
  }
  const head = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return head.length > 0 && control / head.length > 0.1 ? undefined : clean(text);
}

/** Runs the right parser for `format` (JSON files are told apart by their parsed shape). */
function parseAs(
  format: CaptionFormat,
  text: string,
  duration: number | undefined,
): { format: CaptionFormat; parsed: ParsedCaptions; notCaptions?: true } {
  const estimate = duration !== undefined ? { duration } : {};
  switch (format) {
    case 'vtt':
      return { format, parsed: parseVtt(text) };
    case 'srt':
      return { format, parsed: parseSrt(text) };
    case 'page':
      return { format, parsed: parsePage(text, estimate) };
    case 'txt':
      return { format, parsed: parseTxt(text, estimate) };
    case 'json3':
    case 'whisper': {
      const json = parseJsonText(text);
      if (!json.ok) return { format, parsed: { cues: [], warnings: [json.warning] } };
      if (isJson3(json.value)) return { format: 'json3', parsed: json3Cues(json.value) };
      if (isWhisper(json.value)) return { format: 'whisper', parsed: whisperCues(json.value) };
      const warning = { line: 1, message: 'JSON is neither YouTube json3 ("events") nor Whisper ("segments")' };
      return { format, parsed: { cues: [], warnings: [warning] }, notCaptions: true };
    }
  }
}

/** Merges metadata sources, later ones winning field by field; a link never outlives its id. */
function mergeMeta(fromName: VideoMeta, ...sources: Array<Partial<VideoMeta> | undefined>): VideoMeta {
  const meta: VideoMeta = { ...fromName };
  let urlId = fromName.url ? fromName.id : undefined;
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) if (value !== undefined) (meta as unknown as Record<string, unknown>)[key] = value;
    if (source.url) urlId = source.id ?? meta.id;
  }
  if (meta.url && urlId !== meta.id) delete meta.url;
  return meta;
}

/** Sorts cues by start time (stable), keeping file order for equal starts. */
function inTimeOrder(cues: Cue[]): Cue[] {
  for (let i = 1; i < cues.length; i++) if (cues[i]!.start < cues[i - 1]!.start) return [...cues].sort((a, b) => a.start - b.start);
  return cues;
}

function toLoadWarnings(file: string, warnings: ParseWarning[]): LoadWarning[] {
  const out: LoadWarning[] = warnings.slice(0, MAX_WARNINGS_PER_FILE).map((w) => (w.line ? { file, line: w.line, message: w.message } : { file, message: w.message }));
  if (warnings.length > MAX_WARNINGS_PER_FILE) out.push({ file, message: `${warnings.length - MAX_WARNINGS_PER_FILE} more warnings not shown` });
  return out;
}

/**
 * Loads one caption file. `root` is the transcripts folder (paths in the result are relative to it).
 * Throws {@link LoadError} (naming the file, and the line where known) when the file is too big,
 * unreadable, binary, or yields no cue at all; problems inside a usable file become `warnings`.
 */
export async function loadFile(path: string, root: string, options: LoadFileOptions = {}): Promise<Transcript> {
  const file = relativePath(root, path);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let bytes: Buffer;
  let real: string;
  try {
    // Only files really inside the folder: a link to /etc/passwd or to the bot's .env is never read.
    // Synchronous: each call is one system call, far cheaper than a promise and a thread-pool round trip per file.
    const place = realPathInsideSync(path, root);
    if (!place.inside) throw new LoadError(file, `refused: it is a link to a file outside the transcripts folder (${OUTSIDE_HINT})`);
    real = place.real;
    const info = statSync(real);
    if (!info.isFile()) throw new LoadError(file, 'not a regular file');
    if (info.size > maxBytes) {
      throw new LoadError(file, `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit per file (maxFileBytes); skipped`);
    }
    bytes = readFileSync(real);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError(file, `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length > maxBytes) throw new LoadError(file, `file grew over the ${formatBytes(maxBytes)} limit while reading; skipped`);
  const text = decodeText(bytes);
  if (text === undefined) throw new LoadError(file, 'not a text file (binary data)');
  if (text.trim() === '') throw new LoadError(file, 'empty file');

  const sidecar = await readSidecar(path, root);
  let result: ReturnType<typeof parseAs>;
  try {
    result = parseAs(detectFormat(path, text), text, sidecar?.meta.duration);
  } catch (error) {
    // Parsers report problems as warnings; this is a last line of defence, never seen in tests.
    throw new LoadError(file, `could not be parsed: ${(error as Error).message}`);
  }
  const { format, parsed } = result;
  if (parsed.cues.length === 0) {
    const first = parsed.warnings[0];
    const what = result.notCaptions ? 'not a caption file' : `no captions found (read as ${format})`;
    throw new LoadError(file, `${what}${first ? `: ${first.message}` : ''}`, first?.line);
  }
  const meta = mergeMeta(metaFromFileName(path), parsed.meta, sidecar?.meta);
  const collection = collectionOf(file);
  return {
    meta,
    file,
    ...(collection ? { collection } : {}),
    format,
    cues: inTimeOrder(parsed.cues),
    approximate: parsed.approximate ?? false,
    warnings: [...toLoadWarnings(file, parsed.warnings), ...toLoadWarnings(file, sidecar?.warnings ?? [])],
  };
}

/**
 * Loads every caption file under `dir` (recursively; dotfiles and `node_modules` skipped). Files load
 * concurrently; `transcripts` come back sorted by path. A file that cannot be loaded lands in `skipped`
 * with the reason; the rest still load. A subfolder that cannot be read lands in `skipped` too (named
 * with a trailing `/`). Two files with the same video id are both kept, each with a warning naming the other.
 * Throws {@link LoadError} only when `dir` itself cannot be read (missing folder, not a folder).
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const { files, unreadable } = await corpusFiles(dir);
  const results: Array<Transcript | LoadWarning> = new Array(files.length);
  let next = 0;
  let done = 0;
  // Files are read synchronously (see loadFile): let timers and I/O run between files now and then, so a
  // progress bar keeps drawing and a signal is still handled during a long load.
  let yieldedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      if (performance.now() - yieldedAt > YIELD_EVERY_MS) {
        yieldedAt = performance.now();
        await new Promise((resolve) => setImmediate(resolve));
        if (next >= files.length) break;
      }
      const i = next++;
      results[i] = await loadOrSkip(files[i]!, dir, options);
      done++;
      options.onFile?.(relativePath(dir, files[i]!), done, files.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, files.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return assembleCorpus(results, unreadable);
}

/** The caption files of a transcripts folder ({@link listCaptionFiles}) and its unreadable subfolders. */
export interface CorpusFiles {
  /** Paths (under `dir`), sorted by relative path: the corpus order. */
  files: string[];
  /** Subfolders that could not be read, as warnings. */
  unreadable: LoadWarning[];
}

/**
 * Lists the caption files {@link loadCorpus} loads. Throws {@link LoadError} when `dir` is missing, not a
 * folder or unreadable.
 */
export async function corpusFiles(dir: string): Promise<CorpusFiles> {
  const unreadable: LoadWarning[] = [];
  try {
    if (!(await stat(dir)).isDirectory()) throw new LoadError(dir, 'transcripts path is not a folder');
    return { files: await listCaptionFiles(dir, { onUnreadable: (w) => unreadable.push(w) }), unreadable };
  } catch (error) {
    if (error instanceof LoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new LoadError(dir, code === 'ENOENT' ? 'transcripts folder not found' : `transcripts folder unreadable: ${code ?? (error as Error).message}`);
  }
}

/** {@link loadFile}, with a file that cannot be loaded as its warning (for {@link Corpus.skipped}). */
export async function loadOrSkip(path: string, dir: string, options: LoadFileOptions = {}): Promise<Transcript | LoadWarning> {
  try {
    return await loadFile(path, dir, options);
  } catch (error) {
    return error instanceof LoadError ? error.toWarning() : { file: relativePath(dir, path), message: `could not be loaded: ${(error as Error)?.message ?? String(error)}` };
  }
}

/** True for a {@link loadOrSkip} result that is a transcript. */
export const isTranscript = (r: Transcript | LoadWarning): r is Transcript => 'cues' in r;

/** The corpus of every file's result in corpus order (see {@link loadCorpus}): duplicate ids warned about. */
export function assembleCorpus(results: ReadonlyArray<Transcript | LoadWarning>, unreadable: LoadWarning[]): Corpus {
  const transcripts = results.filter(isTranscript);
  const skipped = [...unreadable, ...results.filter((r): r is LoadWarning => !isTranscript(r))];
  warnDuplicateIds(transcripts);
  return { transcripts, skipped };
}

/**
 * Adds a warning to every transcript whose video id another transcript also uses (both are kept).
 * {@link loadCorpus} calls it; a reloader that loads files one by one can call it on its result.
 */
export function warnDuplicateIds(transcripts: Transcript[]): void {
  const byId = new Map<string, Transcript[]>();
  for (const t of transcripts) byId.set(t.meta.id, [...(byId.get(t.meta.id) ?? []), t]);
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    for (const t of group) {
      t.warnings = t.warnings.filter((w) => !w.message.startsWith(`video id ${id} is also used by`));
      const others = group.filter((o) => o !== t).map((o) => o.file).join(', ');
      t.warnings.push({ file: t.file, message: `video id ${id} is also used by ${others}; both are kept` });
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return bytes >= 10_000 ? `${Math.round(bytes / 1000)} kB` : `${bytes} bytes`;
}
