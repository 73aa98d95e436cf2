// SARIF 2.1.0 for GitHub code scanning.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_CODES, RULES } from '../core/diagnostics/rules.js';
import type { Severity } from '../core/types.js';
import type { LintRecord } from './lint.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(records: readonly LintRecord[], version: string): object {
  const ruleIndex = new Map<string, number>(RULE_CODES.map((code, index) => [code, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spk-route',
            version,
            rules: RULE_CODES.map((code) => ({
              id: code,
              name: code.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[code].summary },
              defaultConfiguration: { level: LEVEL[RULES[code].severity] },
              properties: { certainty: RULES[code].certainty },
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
                artifactLocation: { uri: artifactUri(r.file) },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

/**
 * A file's `artifactLocation.uri`: a relative URI reference (RFC 3986) with `/` between segments and
 * everything else but unreserved characters percent-encoded as UTF-8 — a space, `%`, `#`, `?` or a
 * non-ASCII letter in a file name would otherwise end or change the reference. An absolute path (a
 * file on another Windows drive than the working directory) becomes a `file:` URI.
 */
export function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
