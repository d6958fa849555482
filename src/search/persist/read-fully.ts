/**
 * Positioned reads that fill a whole buffer: `readSync` may return fewer bytes than asked (a short read),
 * so a single call is not enough to read a section or a transcript's block of a cache file.
 *
 * @example
 * const into = Buffer.allocUnsafe(64);
 * if (readFully(fd, into, 0) < into.length) throw new Error('file ends early');
 */
import { readSync } from 'node:fs';

/**
 * Reads `into.length` bytes of `fd` from byte `position` into `into`, calling `readSync` again after a
 * short read, and returns how many bytes were read: `into.length`, or fewer when the file ends first.
 */
export function readFully(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
