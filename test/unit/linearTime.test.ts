// Analysis time is linear in the size of the text, for the shapes that once were not (aliases,
// many keys, many lines) and others a hostile file could take. CPU time is measured, so that other
// processes on the machine matter less; the allowance covers noise and garbage collection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';

describe('analysis time is linear in the size of the text', () => {
  const HEAD = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: r\nspec:\n  destination: 10.0.0.0\n  prefixLen: 8\n  gateway: 10.1.1.1\n';
  const route = (i: number) => `---\napiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r${i}}\nspec: {destination: 10.${(i >> 8) & 255}.${i & 255}.0, prefixLen: 24, gateway: 10.0.0.300}\n`;
  /** Each makes a document of about n lines or items; all are SPK resources. */
  const shapes: Record<string, (n: number) => string> = {
    // The fast parser reads these; a tag (which only the exact parser reads) sends the next ones to the `yaml` package.
    'aliases of a scalar': (n) => `${HEAD}  x: &a v\n  list:\n${'    - *a\n'.repeat(n)}`,
    'aliases of a scalar, exact parser': (n) => `${HEAD}  t: !x y\n  x: &a v\n  list:\n${'    - *a\n'.repeat(n)}`,
    'aliases of a map, exact parser': (n) => `${HEAD}  t: !x y\n  x: &a {p: 1, q: [2, 3]}\n  list:\n${'    - *a\n'.repeat(n)}`,
    'aliases of a map': (n) => `${HEAD}  x: &a {p: 1, q: [2, 3]}\n  list:\n${'    - *a\n'.repeat(n)}`,
    'anchors defined again and again': (n) => `${HEAD}  list:\n${Array.from({ length: n }, (_, i) => (i % 2 ? '    - *a\n' : `    - &a v${i}\n`)).join('')}`,
    'aliases on one line': (n) => `${HEAD}  x: &a v\n  list: [${'*a, '.repeat(n)}*a]\n`,
    'many keys': (n) => HEAD + Array.from({ length: n }, (_, i) => `  k${i}: ${i}\n`).join(''),
    'many keys, exact parser': (n) => `${HEAD}  t: !x y\n${Array.from({ length: n }, (_, i) => `  k${i}: ${i}\n`).join('')}`,
    'many keys in a flow map': (n) => `${HEAD}  f: {${Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join(', ')}}\n`,
    'one key many times': (n) => HEAD + '  gateway: 10.1.1.1\n'.repeat(n),
    'deep flow nesting': (n) => `${HEAD}  deep: ${'['.repeat(n)}${']'.repeat(n)}\n`,
    'unclosed flow nesting': (n) => `${HEAD}  deep: ${'['.repeat(n)}\n`,
    'a very long line': (n) => `${HEAD}  long: ${'x'.repeat(n * 10)}\n`,
    'many lines without comments': (n) => `${HEAD}  list:\n${'    - abc\n'.repeat(n)}`,
    'many documents': (n) => Array.from({ length: n / 8 }, (_, i) => route(i)).join(''),
    'many syntax errors': (n) => `${HEAD}  list:\n${'   - x\n  - y\n'.repeat(n / 2)}`,
  };

  /** CPU time of the whole analysis, the best of three: what other processes do matters less. */
  function cost(text: string): number {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const before = process.cpuUsage();
      new FileModel(text).diagnostics();
      const used = process.cpuUsage(before);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  }

  for (const [name, make] of Object.entries(shapes)) {
    test(name, (t) => {
      cost(make(4000));
      // Every size for aliases of a scalar (quadratic once: 8,000 took 5.5 s, 16,000 took 25 s);
      // 8,000 and 32,000 for the others.
      const sizes = name.startsWith('aliases of a scalar') ? [4000, 8000, 16000, 32000] : [8000, 32000];
      const costs = new Map(sizes.map((n) => [n, cost(make(n))]));
      const figures = [...costs].map(([n, ms]) => `${n / 1000}k ${ms.toFixed(0)} ms`).join(', ');
      t.diagnostic(figures);
      const c8 = costs.get(8000)!;
      const c32 = costs.get(32000)!;
      // Linear is 4× from 8k to 32k; quadratic would be 16×. The allowance is for noise and GC.
      assert.ok(c32 <= 6 * c8 + 100, `not linear: ${figures}`);
      assert.ok(c32 < 3000, `too slow: ${figures}`);
    });
  }
});
