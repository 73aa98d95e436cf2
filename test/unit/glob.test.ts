import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excludeMatcher, globToRegExp } from '../../server/src/node/glob.js';

test('VS Code globs as files.exclude uses them', () => {
  const cases: [string, string, boolean][] = [
    ['**/.git', '.git', true],
    ['**/.git', 'a/b/.git', true],
    ['**/*.tmp.yaml', 'x/y.tmp.yaml', true],
    ['**/*.tmp.yaml', 'x/y.yaml', false],
    ['build/*', 'build/a.yaml', true],
    ['build/*', 'build/sub/a.yaml', false],
    ['**/{dist,out}', 'pkg/out', true],
    ['charts/**', 'charts/a/templates/x.yaml', true],
    ['file?.yaml', 'file1.yaml', true],
    ['[ab].yaml', 'c.yaml', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(globToRegExp(glob).test(path), expected, `${glob} on ${path}`);
});

test('only enabled patterns exclude', () => {
  const isExcluded = excludeMatcher({ '**/generated': true, '**/kept': false, '**/when': { when: '$(basename).ts' } });
  assert.equal(isExcluded('a/generated'), true);
  assert.equal(isExcluded('a\\generated'), true);
  assert.equal(isExcluded('a/kept'), false);
  assert.equal(isExcluded('a/when'), false);
  assert.equal(excludeMatcher(undefined)('anything'), false);
});
