/**
 * Cheap change detection for hot reload: a caption file's "signature" is the size and modification time
 * of the file and of every `.info.json` sidecar that could describe it. Two scans with equal signatures
 * mean the parsed {@link Transcript} can be reused without reading the file again.
 *
 * @example
 * await fileSignature('/t/Talk [abc123def45].en.vtt')
 * // '1234:1732623000000.0|-|980:1732622000000.0'   (caption | .en.info.json missing | .info.json)
 */
import { stat } from 'node:fs/promises';
import { sidecarCandidates } from '../corpus/sidecar.ts';

/** `size:mtimeMs` of one path, `-` when it does not exist (or cannot be read). */
async function statPart(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return '-';
  }
}

/**
 * The signature of a caption file plus its possible sidecars. Never throws: a missing file gives `-`
 * parts (the reload then finds it unreadable and reports why).
 */
export async function fileSignature(path: string): Promise<string> {
  const parts = await Promise.all(signatureParts(path).map(statPart));
  return parts.join('|');
}

/** The paths a {@link fileSignature} covers, in order: the caption file, then its sidecar candidates. */
export function signatureParts(path: string): string[] {
  return [path, ...sidecarCandidates(path)];
}

/** The latest modification time (ms) in a {@link fileSignature}, or undefined when no part exists. */
export function signatureMtime(signature: string): number | undefined {
  let latest: number | undefined;
  for (const part of signature.split('|')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const mtime = Number(part.slice(colon + 1));
    if (Number.isFinite(mtime)) latest = Math.max(latest ?? mtime, mtime);
  }
  return latest;
}
