// spk-route test: every RouteTest (spk-routes/v1alpha1) in the paths, run against the route tables
// of the resources found there, as the editor runs them (Workspace.routeTests). Exit 0 when every
// non-soft expectation holds, 1 when one fails, 2 on a usage error, a file that cannot be read, or a
// RouteTest that is not valid (its errors on stderr with their lines).
import { isRouteTestDocument } from '../core/routeTests/read.js';
import type { AnswerPart } from '../core/routeTests/evaluate.js';
import { expectedWords, type ExpectationRun, type RouteTestRun } from '../core/routeTests/run.js';
import { escapeControls } from '../core/safeText.js';
import type { Diagnostic } from '../core/diagnostics/rules.js';
import type { Workspace } from '../core/workspace/workspace.js';
import { single, UsageError, type ParsedArgs } from './args.js';
import { toJunit, type JunitSuite } from './junit.js';
import { lintRecord, sortRecords, type LintRecord } from './lint.js';
import { toSarif } from './sarif.js';

export const TEST_OPTIONS = { values: ['format', 'default-namespace', 'max-file-size'], flags: [] } as const;

const FORMATS = ['text', 'json', 'junit', 'sarif'];

export interface TestIo {
  /** The Workspace of the paths (with checks), read as every command reads them. */
  workspace(): Workspace;
  /** How many files of the paths could not be read (each warned about on stderr). */
  skipped(): number;
  displayPath(uri: string): string;
  version: string;
  /** Where the errors of invalid tests go. */
  stderr(text: string): void;
}

/** What the traffic does, as `--format json` writes it. */
export interface ActualAnswer {
  /** For a CIDR: the failing addresses as the smallest list of prefixes. */
  prefixes?: string[];
  replicas: number[];
  outcome: string;
  nextHop: string | null;
  vlan: string | null;
  interface: string | null;
  route: { kind: string; name: string; namespace: string; file: string; line: number; destination: string; prefixLen: number; routeName?: string } | null;
  /** Per replica (in `replicas` order): its source addresses. */
  sourceAddresses: string[][];
}

export interface TestResult {
  file: string;
  /** 1-based line of the expectation's destination. */
  line: number;
  test: string;
  destination: string;
  passed: boolean;
  soft: boolean;
  expected: Record<string, string | number>;
  /** For an address: each replica group's answer; for a CIDR: the failing parts (none when it passed). */
  actual: ActualAnswer[];
  /** Why it failed, in words (the diagnostic's message). */
  message?: string;
}

export function routeTest(args: ParsedArgs, io: TestIo): { stdout: string; code: number } {
  const format = single(args, 'format') ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json, junit or sarif, not "${format}"`);
  const workspace = io.workspace();
  const runs: { uri: string; run: RouteTestRun }[] = [];
  const errors: LintRecord[] = [];
  for (const uri of workspace.uris()) {
    const file = workspace.file(uri)!;
    const fileRuns = workspace.routeTests(uri);
    for (const run of fileRuns) runs.push({ uri, run });
    // An invalid test: an error in a RouteTest document (its YAML, its schema, a value that cannot be run).
    const testLines = file.documents.flatMap((doc, i) => (isRouteTestDocument(doc.analysis) ? [{ from: doc.line, to: (file.documents[i + 1]?.line ?? Infinity) - 1 }] : []));
    if (!testLines.length) continue;
    for (const d of workspace.diagnostics(uri)) {
      if (d.severity !== 'error' || d.code === 'route-test-failed') continue;
      if (testLines.some((t) => d.range.start.line >= t.from && d.range.start.line <= t.to)) errors.push(lintRecord(io.displayPath(uri), d));
    }
  }
  const results = runs.flatMap(({ uri, run }) => run.expectations.filter((e) => e.result).map((e) => resultOf(io.displayPath(uri), run, e, io.displayPath)));
  const failed = results.filter((r) => !r.passed);
  for (const e of sortRecords(errors)) io.stderr(`spk-route: ${escapeControls(`${e.file}:${e.line}:${e.column}: ${e.code}: ${e.message}`)}\n`);
  if (!runs.length && !errors.length) io.stderr('spk-route: warning: no RouteTest (apiVersion: spk-routes/v1alpha1, kind: RouteTest) in the paths\n');
  const code = errors.length || io.skipped() ? 2 : failed.some((r) => !r.soft) ? 1 : 0;
  if (io.skipped()) io.stderr(`spk-route: ${io.skipped()} file${io.skipped() === 1 ? '' : 's'} could not be read: the tests did not see every route\n`);
  switch (format) {
    case 'json':
      return { stdout: `${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2)}\n`, code };
    case 'junit':
      return { stdout: toJunit('spk-route test', suitesOf(runs, io.displayPath)), code };
    case 'sarif': {
      const records = runs.flatMap(({ uri, run }) => run.diagnostics.filter((d) => d.code === 'route-test-failed').map((d: Diagnostic) => lintRecord(io.displayPath(uri), d)));
      return { stdout: `${JSON.stringify(toSarif(sortRecords([...records, ...errors]), io.version), null, 2)}\n`, code };
    }
    default:
      return { stdout: textOf(runs, results, io.displayPath), code };
  }
}

function resultOf(file: string, run: RouteTestRun, expectation: ExpectationRun, displayPath: (uri: string) => string): TestResult {
  const { spec, result } = expectation;
  const expected: Record<string, string | number> = {};
  if (spec.outcome) expected.outcome = spec.outcome.value;
  if (spec.nextHop) expected.nextHop = spec.nextHop.value.text;
  if (spec.vlan) expected.vlan = spec.vlan.value;
  if (spec.route) expected.route = spec.route.value;
  if (spec.source) expected.source = spec.source.value.text;
  if (spec.replica) expected.replica = spec.replica.value;
  const out: TestResult = {
    file,
    line: expectation.range.start.line + 1,
    test: run.name,
    destination: spec.destination!.text,
    passed: result!.passed,
    soft: spec.soft,
    expected,
    actual: result!.parts.map((part) => actualOf(part, spec.destination!.cidr, displayPath)),
  };
  if (expectation.message !== undefined) out.message = expectation.message;
  return out;
}

function actualOf(part: AnswerPart, cidr: boolean, displayPath: (uri: string) => string): ActualAnswer {
  const { answer } = part;
  const route = answer.route;
  return {
    ...(cidr ? { prefixes: part.prefixes } : {}),
    replicas: part.replicas,
    outcome: answer.outcome,
    nextHop: answer.nextHop,
    vlan: answer.vlan,
    interface: answer.interface,
    route: route ? { ...route, file: displayPath(route.file) } : null,
    sourceAddresses: part.sources,
  };
}

/** `10.20.3.4: nextHop 10.10.255.252, route event1-seed`: an expectation as a test case's name. */
function caseName(expectation: ExpectationRun): string {
  return `${expectation.spec.destination?.text ?? '?'}: ${expectedWords(expectation.spec)}`;
}

function textOf(runs: readonly { uri: string; run: RouteTestRun }[], results: readonly TestResult[], displayPath: (uri: string) => string): string {
  const lines: string[] = [];
  for (const { uri, run } of runs) {
    for (const e of run.expectations) {
      if (!e.result) continue;
      const mark = e.result.passed ? '✓' : e.spec.soft ? '⚠' : '✗';
      const words = e.result.passed ? caseName(e) : `${e.spec.destination!.text}: ${e.message}${e.spec.soft ? ' (soft)' : ''}`;
      lines.push(escapeControls(`${displayPath(uri)}:${e.range.start.line + 1}: ${mark} ${run.name} ${words}`));
    }
  }
  const failed = results.filter((r) => !r.passed);
  const soft = failed.filter((r) => r.soft).length;
  lines.push(`${results.length - failed.length} passed, ${failed.length} failed${soft ? ` (${soft} soft)` : ''}`);
  return `${lines.join('\n')}\n`;
}

function suitesOf(runs: readonly { uri: string; run: RouteTestRun }[], displayPath: (uri: string) => string): JunitSuite[] {
  return runs.map(({ uri, run }) => {
    const file = displayPath(uri);
    return {
      name: run.name,
      file,
      cases: run.expectations.filter((e) => e.result).map((e) => {
        const base = { name: caseName(e), classname: `${run.namespace}.${run.name}`, file, line: e.range.start.line + 1 };
        if (e.result!.passed) return base;
        const message = e.message!;
        return e.spec.soft ? { ...base, warning: { message: `soft: ${message}` } } : { ...base, failure: { message, type: 'route-test-failed', details: `${file}:${e.range.start.line + 1}: ${message}` } };
      }),
    };
  });
}
