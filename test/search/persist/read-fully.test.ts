import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// readSync that returns at most `chunk` bytes a call when `chunk` is set: a short read, as a pipe-backed
// or network file system may give, which a single readSync call would leave half-filled.
const short = vi.hoisted(() => ({ chunk: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const readSync = (fd: number, into: Uint8Array, offset: number, length: number, position: number): number =>
    fs.readSync(fd, into, offset, short.chunk > 0 ? Math.min(length, short.chunk) : length, position);
  return { ...fs, readSync };
});

const { readFully } = await import('../../../src/search/persist/read-fully.ts');

const dir = mkdtempSync(join(tmpdir(), 'read-fully-'));
const path = join(dir, 'bytes');
const bytes = Buffer.from(Array.from({ length: 200 }, (_, k) => (k * 7) % 256));
writeFileSync(path, bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readWith(chunk: number, length: number, position: number): { n: number; into: Buffer } {
  short.chunk = chunk;
  const fd = openSync(path, 'r');
  try {
    const into = Buffer.alloc(length);
    return { n: readFully(fd, into, position), into };
  } finally {
    closeSync(fd);
    short.chunk = 0;
  }
}

describe('readFully', () => {
  it('fills the whole buffer through short reads, from the position asked', () => {
    const { n, into } = readWith(3, 100, 50);
    expect(n).toBe(100);
    expect(into.equals(bytes.subarray(50, 150))).toBe(true);
  });

  it('returns fewer bytes when the file ends first, with the bytes that were there', () => {
    const { n, into } = readWith(7, 64, 180);
    expect(n).toBe(20);
    expect(into.subarray(0, 20).equals(bytes.subarray(180))).toBe(true);
  });

  it('reads nothing for an empty buffer', () => {
    expect(readWith(3, 0, 0).n).toBe(0);
  });
});
