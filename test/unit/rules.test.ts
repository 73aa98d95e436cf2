// RULES is the one list of rules: the README's table is made from it, and every code that any check
// emits on the examples and the real corpus is in it, with the severity the rule gives (or the one
// override a rule documents).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RULE_CODES, RULES } from '../../server/src/core/diagnostics/rules.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { README, rulesTable } from '../../scripts/docs/rulesTable.js';

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'corpus', 'real', 'files');

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? yamlFiles(file) : /\.ya?ml$/.test(name) ? [file] : [];
  });
}

describe('RULES', () => {
  test('the README table is the one made from RULES (run: node --import tsx scripts/docs/rulesTable.ts --write)', () => {
    assert.ok(readFileSync(README, 'utf8').includes(rulesTable()));
  });

  test('every code emitted on the examples and the real corpus is a rule, at its severity', () => {
    const files = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(CORPUS)];
    assert.ok(files.length > 5, 'the examples are there');
    const workspace = new Workspace();
    for (const file of files) workspace.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    const seen = new Set<string>();
    for (const uri of workspace.uris()) {
      for (const d of workspace.diagnostics(uri)) {
        assert.ok(RULE_CODES.includes(d.code), `${d.code} is in RULES`);
        // Two rules document a second severity: an identical duplicate route, a self IP in the wrong list.
        if (d.code !== 'duplicate-route' && d.code !== 'family-mismatch') assert.equal(d.severity, RULES[d.code].severity, `${d.code}: ${d.message}`);
        seen.add(d.code);
      }
    }
    assert.ok(seen.size >= 10, `the examples exercise many rules: ${[...seen].join(', ')}`);
  });

  test('each rule says how sure it is and what it catches', () => {
    for (const code of RULE_CODES) {
      assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['exact', 'F5', 'seen', 'inferred'].includes(RULES[code].certainty), code);
      assert.ok(RULES[code].summary.length > 10 && RULES[code].summary.endsWith('.'), code);
    }
  });
});
