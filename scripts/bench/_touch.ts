import { readSnapshotFile } from '../../src/search/persist/snapshot.ts';
import { indexDataOf } from '../../src/search/index.ts';
import { readdirSync } from 'node:fs';
import { cacheKey } from '../../src/search/persist/cache.ts';
const dir = '/tmp/rs-cache-me';
const file = readdirSync(dir).find((n) => n.endsWith('.bin'))!;
// read the key from the file's skeleton
import { readFileSync } from 'node:fs';
const buf = readFileSync(`${dir}/${file}`);
const json = buf.toString('utf8', 64, 64 + buf.readUInt32LE(12));
const key = JSON.parse(json).key as string;
const index = await readSnapshotFile(`${dir}/${file}`, key);
const data = indexDataOf(index)!.data as unknown as Record<string, unknown>;
const touched = new Set<string>();
const sizes: Record<string, number> = {};
function wrap(obj: Record<string, unknown>, prefix: string, depth: number) {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (ArrayBuffer.isView(v)) {
      sizes[prefix + k] = v.byteLength;
      Object.defineProperty(obj, k, { get() { touched.add(prefix + k); return v; }, configurable: true, enumerable: true });
    } else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && depth < 3) wrap(v as Record<string, unknown>, prefix + k + '.', depth + 1);
  }
}
wrap(data, '', 0);
const queries = ['eigenvectors of a linear transformation', 'why does the determinant measure area', 'fourier series', 'typiaclly definitions', 'how do neural networks learn', 'bayes theorem', 'what is a group', 'zeta function riemann', 'gradient descent', 'hamming codes'];
for (const q of queries) index.search(q, { limit: 5 });
const mb = (n: number) => (n / 1048576).toFixed(1);
let t = 0, u = 0;
for (const [k, s] of Object.entries(sizes).sort((a, b) => b[1] - a[1])) { t += s; if (!touched.has(k)) u += s; if (s > 100000) console.log(touched.has(k) ? 'USED  ' : 'unused', mb(s), k); }
console.log('total', mb(t), 'untouched', mb(u));
