// The README's table of diagnostics, made from RULES (server/src/core/diagnostics/rules.ts).
// `node --import tsx scripts/docs/rulesTable.ts --write` rewrites it in README.md; a unit test
// (test/unit/rules.test.ts) fails when the README and RULES disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULE_CODES, RULES } from '../../server/src/core/diagnostics/rules';

export const README = path.join(__dirname, '..', '..', 'README.md');
export const START = '<!-- rules: made from server/src/core/diagnostics/rules.ts by scripts/docs/rulesTable.ts -->';
export const END = '<!-- /rules -->';

export function rulesTable(): string {
  const rows = RULE_CODES.map((code) => `| \`${code}\` | ${RULES[code].severity} | ${RULES[code].certainty} | ${RULES[code].summary.replaceAll('|', '\\|')} |`);
  return [START, '| code | severity | how sure | what it catches |', '|---|---|---|---|', ...rows, END].join('\n');
}

/** The README with its table replaced by the one made from RULES. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return readme.slice(0, start) + rulesTable() + readme.slice(end + END.length);
}

if (require.main === module && process.argv.includes('--write')) {
  writeFileSync(README, withRulesTable(readFileSync(README, 'utf8')));
}
