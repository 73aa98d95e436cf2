// SARIF 2.1.0 for GitHub code scanning.
import { RULES } from '../core/rules.js';
import type { Severity } from '../core/types.js';
import type { LintRecord } from './lint.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(records: readonly LintRecord[], version: string): object {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spk-route',
            version,
            rules: RULES.map((rule) => ({
              id: rule.code,
              name: rule.code.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.summary },
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: records.map((r) => ({
          ruleId: r.code,
          ...(ruleIndex.has(r.code) ? { ruleIndex: ruleIndex.get(r.code) } : {}),
          level: LEVEL[r.severity],
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.file.split('\\').join('/') },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
