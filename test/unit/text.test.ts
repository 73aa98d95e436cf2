import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thousands } from '../../server/src/core/text.js';

test('thousands writes numbers as en-US does', () => {
  const samples = [0, 7, 999, 1000, 12345, 999_999, 1_000_000, 2_429, 123_456_789, -1, -1234, -1_000_000];
  for (let n = 1; n < 1e15; n = n * 7 + 3) samples.push(n, -n);
  for (const n of samples) assert.equal(thousands(n), n.toLocaleString('en-US'), String(n));
});
