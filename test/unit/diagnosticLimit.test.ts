import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitDiagnostics, MAX_PUBLISHED_DIAGNOSTICS } from '../../server/src/core/diagnostics/limit.js';
import { RULES } from '../../server/src/core/diagnostics/rules.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';
import type { Severity } from '../../server/src/core/types.js';

const at = (line: number, severity: Severity): Diagnostic => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } }, severity, code: 'schema', message: `m${line}` });

test('up to the limit, every diagnostic as it is', () => {
  const all = Array.from({ length: MAX_PUBLISHED_DIAGNOSTICS }, (_, i) => at(i, 'hint'));
  assert.equal(limitDiagnostics(all), all);
});

test('past it: the summary first, then the most severe, each severity in its own order', () => {
  const severities: Severity[] = ['hint', 'warning', 'information', 'error'];
  const all = Array.from({ length: 12 }, (_, i) => at(i, severities[i % 4]!));
  const kept = limitDiagnostics(all, 5);
  assert.deepEqual(kept.map((d) => `${d.range.start.line} ${d.severity}`), ['0 information', '3 error', '7 error', '11 error', '1 warning', '5 warning']);
  assert.deepEqual(kept[0], {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'information',
    code: 'too-many-diagnostics',
    message: '7 more diagnostics are not shown: this file has 12, and only 5 are sent to the editor (errors first, then warnings, information, hints); `spk-route lint` lists them all',
  });
  assert.ok(RULES['too-many-diagnostics'].severity === 'information');
});

test('a million diagnostics are limited in linear time', () => {
  const all = Array.from({ length: 1_000_000 }, (_, i) => at(i, i % 2 ? 'warning' : 'hint'));
  const started = performance.now();
  const kept = limitDiagnostics(all);
  assert.equal(kept.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
  assert.ok(kept.slice(1).every((d) => d.severity === 'warning'));
  assert.match(kept[0]!.message, /^999,001 more diagnostics are not shown: this file has 1,000,000,/);
  assert.ok(performance.now() - started < 1000);
});
