// A RouteTest document run against its namespace's table: each expectation's result, the
// diagnostics (`route-test-failed` on a failing expectation's destination, a warning when soft;
// `route-test-invalid` on what cannot be run) and the counts a CodeLens shows. Cached per document
// analysis and table: a table is rebuilt only when its resources change, so an edit of another
// namespace, or of nothing routing, reruns nothing.
import type { DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/rules.js';
import { replicaLabel } from '../routing/lookup.js';
import type { RouteTable } from '../routing/table.js';
import { shiftRange, type Range, type RelatedLocation } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { evaluateExpectation, type Answer, type AnswerPart, type ExpectationResult } from './evaluate.js';
import { readRouteTest, type ExpectationSpec } from './read.js';

export interface ExpectationRun {
  spec: ExpectationSpec;
  /** Undefined when it cannot be run (see `spec.problems`, and the schema's diagnostics). */
  result?: ExpectationResult;
  /** Its destination (else its list item), in the file. */
  range: Range;
  /** What failed, in words: what was expected and what the traffic does instead. */
  message?: string;
}

export interface RouteTestRun {
  /** `metadata.name`, or `(unnamed)`. */
  name: string;
  /** The namespace tested, and its table (`infra` set when it is an Infra's). */
  namespace: string;
  table: RouteTable;
  /** 0-based line of the document's first key in the file. */
  line: number;
  expectations: ExpectationRun[];
  passed: number;
  /** Failed expectations, soft ones included. */
  failed: number;
  softFailed: number;
  notRun: number;
  /** `route-test-failed` and `route-test-invalid`, in the file. */
  diagnostics: Diagnostic[];
}

const runs = new WeakMap<DocumentAnalysis, { table: RouteTable; run: RouteTestRun }>();

/**
 * Runs a RouteTest document (`analysis.resource` of role `routeTest`) on `table`; `documentLine`:
 * where the document starts in its file.
 */
export function runRouteTest(analysis: DocumentAnalysis, table: RouteTable, documentLine: number): RouteTestRun {
  const cached = runs.get(analysis);
  const run = cached && cached.table === table ? cached.run : runAt(analysis, table);
  if (!cached || cached.run !== run) runs.set(analysis, { table, run });
  return documentLine === 0 ? run : placed(run, documentLine);
}

function runAt(analysis: DocumentAnalysis, table: RouteTable): RouteTestRun {
  const resource = analysis.resource!;
  const spec = readRouteTest(resource);
  const lines = new LineIndex(analysis.text);
  const diagnostics: Diagnostic[] = [];
  const out: RouteTestRun = { name: spec.name ?? '(unnamed)', namespace: table.namespace, table, line: lines.position(resource.root.start).line, expectations: [], passed: 0, failed: 0, softFailed: 0, notRun: 0, diagnostics };
  for (const expectation of spec.expectations) {
    for (const problem of expectation.problems) diagnostics.push(makeDiagnostic('route-test-invalid', lines.range(problem.node.start, problem.node.end), problem.message));
    const node = expectation.destinationNode ?? expectation.item;
    const range = lines.range(node.start, node.end);
    if (!expectation.runnable) {
      out.notRun++;
      out.expectations.push({ spec: expectation, range });
      continue;
    }
    const result = evaluateExpectation(table, expectation);
    if (result.passed) {
      out.passed++;
      out.expectations.push({ spec: expectation, result, range });
      continue;
    }
    out.failed++;
    if (expectation.soft) out.softFailed++;
    const message = failureMessage(expectation, result, table);
    out.expectations.push({ spec: expectation, result, range, message });
    diagnostics.push(makeDiagnostic('route-test-failed', range, message, { ...(expectation.soft ? { severity: 'warning' as const } : {}), related: relatedRoutes(result) }));
  }
  return out;
}

/** The run with its ranges moved to where its document starts. */
function placed(run: RouteTestRun, line: number): RouteTestRun {
  return {
    ...run,
    line: run.line + line,
    expectations: run.expectations.map((e) => ({ ...e, range: shiftRange(e.range, line) })),
    diagnostics: run.diagnostics.map((d) => ({ ...d, range: shiftRange(d.range, line) })),
  };
}

/** The CodeLens above a test: `✓ 5 passed`, `✗ 1 of 5 failed`. */
export function runTitle(run: RouteTestRun): string {
  const total = run.expectations.length;
  if (total === 0) return 'no expectations';
  const notRun = run.notRun ? `${run.failed || run.passed ? ', ' : ''}${run.notRun} not run` : '';
  if (run.failed) return `✗ ${run.failed} of ${total} failed${run.softFailed ? ` (${run.softFailed === run.failed ? '' : `${run.softFailed} `}soft)` : ''}${notRun}`;
  if (run.notRun) return `⚠ ${run.passed ? `${run.passed} passed` : ''}${notRun}`;
  return `✓ ${total} passed`;
}

/** `expected nextHop 10.10.255.252: 10.20.128.0/17 goes → 10.10.0.1 on external via event1-default-route`. */
export function failureMessage(spec: ExpectationSpec, result: ExpectationResult, table: RouteTable): string {
  const expected = `expected ${expectedWords(spec)}`;
  if (result.reason !== undefined) return `${expected}: ${result.reason}`;
  const failing = result.parts.filter((p) => !p.passed);
  const shown = failing.slice(0, MAX_PARTS).map((part) => partWords(part, table.replicaCount, spec.source !== undefined));
  if (failing.length > MAX_PARTS) shown.push(`and ${failing.length - MAX_PARTS} more`);
  return `${expected}: ${shown.join('; ')}`;
}

const MAX_PARTS = 3;
const MAX_PREFIXES = 4;

/** `nextHop 10.10.255.252, vlan external on TMM 2`. */
export function expectedWords(spec: ExpectationSpec): string {
  const words: string[] = [];
  if (spec.outcome) words.push(spec.outcome.value);
  if (spec.nextHop) words.push(`nextHop ${spec.nextHop.value.text}`);
  if (spec.vlan) words.push(`vlan ${spec.vlan.value}`);
  if (spec.route) words.push(`route ${spec.route.value}`);
  if (spec.source) words.push(`source ${spec.source.value.text}`);
  return `${words.join(', ')}${spec.replica ? ` on TMM ${spec.replica.value}` : ''}`;
}

/** `10.20.128.0/17 (TMM 2) goes → 10.10.0.1 on external via event1-default-route`. */
export function partWords(part: AnswerPart, replicaCount: number, withSource: boolean): string {
  const prefixes = part.prefixes.length > MAX_PREFIXES
    ? `${part.prefixes.slice(0, MAX_PREFIXES).join(', ')} and ${part.prefixes.length - MAX_PREFIXES} more prefixes`
    : part.prefixes.join(', ');
  return `${prefixes}${replicaLabel(part.replicas, replicaCount)} ${answerWords(part.answer, withSource ? part.sources[0] : undefined)}`;
}

/**
 * What an answer does: `goes → 10.10.0.1 on external via event1-default-route`, `matches no route`;
 * with `sources`, the source addresses it leaves with.
 */
export function answerWords(answer: Answer, sources?: readonly string[]): string {
  const via = answer.route ? ` via ${answer.route.routeName ?? answer.route.name}` : '';
  const source = sources ? `, source ${sources.length ? sources.join(' or ') : 'none stated'}` : '';
  switch (answer.outcome) {
    case 'connected':
      return `is connected on ${answer.vlan}${via}${source}`;
    case 'forwarded':
      if (answer.interface === 'pod') return `goes → ${answer.nextHop} over the pod interface${via}${source}`;
      if (answer.eachAddress && answer.nextHop === null) return `goes out of ${answer.vlan} to the destination itself${via}${source}`;
      return `goes → ${answer.nextHop} on ${answer.vlan}${via}${source}`;
    case 'unresolved':
      return `is unresolved: gateway ${answer.nextHop ?? '(none)'} is on no connected network${via}`;
    case 'blackhole':
      return `is dropped (blackhole)${via}`;
    case 'no-route':
      return 'matches no route';
  }
}

/** The routes that give the failing answers (a few), for the diagnostic's related locations. */
function relatedRoutes(result: ExpectationResult): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const part of result.parts) {
    const route = part.answer.route;
    if (part.passed || !route || out.some((r) => r.uri === route.file && r.range.start.line === route.line - 1)) continue;
    const position = { line: route.line - 1, character: 0 };
    out.push({ uri: route.file, range: { start: position, end: position }, message: `${route.routeName ?? route.name} (${route.destination}/${route.prefixLen}) answers ${part.prefixes[0]}` });
    if (out.length === MAX_PARTS) break;
  }
  return out;
}
