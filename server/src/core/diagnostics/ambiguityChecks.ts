// Places where kubectl would read an SPK document differently from us. We parse YAML 1.2; kubectl
// splits a stream at lines that begin with `---` and reads each part with a YAML 1.1 parser
// (sigs.k8s.io/yaml over go-yaml v2). Where the two disagree, what the editor shows and checks is
// not what `kubectl apply -f` would send, so such a document is an error and apply refuses it.
import type { DocumentReport } from './report.js';
import type { YNode, YScalar } from '../yaml/tree.js';

const CODE = 'ambiguous-yaml';

/** Line breaks in YAML 1.1 only: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
const YAML11_BREAK = /[\u0085\u2028\u2029]/g;
const BREAK_NAMES: Record<string, string> = { '\u0085': 'U+0085 NEXT LINE', '\u2028': 'U+2028 LINE SEPARATOR', '\u2029': 'U+2029 PARAGRAPH SEPARATOR' };

/** A line that begins with `---`; kubectl takes it for a separator when only a comment follows. */
const DASHES_LINE = /^---.*$/gm;
const CLEAN_MARKER = /^---(?:[ \t]+(?:#.*)?)?\r?$/;

/** Plain scalars that YAML 1.1 resolves to another value than YAML 1.2's core schema. */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_OCTAL = /^[-+]?0[0-7]+$/;
const YAML12_OCTAL = /^[-+]?0o[0-7]+$/;
const YAML11_BINARY = /^[-+]?0b[01_]+$/;
const YAML11_UNDERSCORE_NUMBER = /^[-+]?(?:[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*_[0-9_]*)$/;
const YAML11_SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export function checkAmbiguity(text: string, root: YNode | null, report: DocumentReport): void {
  YAML11_BREAK.lastIndex = 0;
  for (let m = YAML11_BREAK.exec(text); m; m = YAML11_BREAK.exec(text)) {
    report.add(CODE, { start: m.index, end: m.index + 1 }, `${BREAK_NAMES[m[0]]} here: kubectl's YAML 1.1 reader ends a line at it and YAML 1.2 does not, so kubectl would read this document differently; remove it`);
  }
  DASHES_LINE.lastIndex = 0;
  for (let m = DASHES_LINE.exec(text); m; m = DASHES_LINE.exec(text)) {
    if (CLEAN_MARKER.test(m[0])) continue;
    const opensDocument = m.index === 0 && /^---(?=[ \t]|\r?$)/.test(m[0]);
    report.add(CODE, { start: m.index, end: m.index + m[0].replace(/\r$/, '').length }, opensDocument
      ? 'content on the `---` line: kubectl accepts only a comment after a document separator and rejects this file; put the content on the next line'
      : 'this line begins with `---`: kubectl starts a new document here and YAML does not, so the two read this file differently; indent it or quote the key');
  }
  // Collections are shared only by aliases (`*name`): without one, no node is met twice.
  if (root && !/^%YAML[ \t]+1\.1\b/m.test(text)) checkScalars(root, report, text.includes('*') ? new Set() : undefined);
}

/** A document after a `...` end marker without `---`: kubectl reads only the document before it. */
export function reportAfterEndMarker(text: string, report: DocumentReport): void {
  const content = /^[ \t]*[^\s#].*$/m.exec(text);
  if (!content) return;
  report.add(CODE, { start: content.index, end: content.index + content[0].replace(/\r$/, '').length }, 'this document follows a `...` end marker without `---`: kubectl reads only the document before the marker and ignores this one; start it with `---`');
}

function checkScalar(scalar: YScalar, report: DocumentReport): void {
  // (A number too large for a double, 1e400, is Infinity: a type error the schema reports.)
  if (typeof scalar.value === 'number' && Number.isInteger(scalar.value) && !Number.isSafeInteger(scalar.value)) {
    report.add(CODE, scalar, `the number ${scalar.source} cannot be carried exactly (it becomes ${scalar.value}); quote it if it is text`);
    return;
  }
  if (scalar.quoted) {
    if (scalar.source.startsWith('"') && scalar.source.includes('\\/')) report.add(CODE, scalar, 'the escape \\/ is YAML 1.2 only: kubectl rejects it; write / instead');
    return;
  }
  const text = scalar.source;
  const reading = yaml11Reading(text);
  if (!reading) return;
  report.add(CODE, scalar, `kubectl (YAML 1.1) reads ${text} as ${reading}, YAML 1.2 as ${describe(scalar.value)}: quote it ("${text}") or write the value unambiguously`);
}

/** What every YAML 1.1 reading below begins with (most scalars fail this at their first character). */
const MAYBE_YAML11 = /^(?:[yYnNoO<+\-0]|[0-9.].*[_:])/;

function yaml11Reading(text: string): string | undefined {
  if (!MAYBE_YAML11.test(text)) return undefined;
  if (text === '<<') return 'a merge key';
  if (YAML11_BOOLEAN.test(text)) return `the boolean ${/^[yo]/i.test(text) && text.toLowerCase() !== 'off'}`;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '').replace(/_/g, '');
  if (YAML11_OCTAL.test(text)) return `the number ${sign * parseInt(digits, 8)} (octal)`;
  if (YAML12_OCTAL.test(text)) return `the string "${text}"`;
  if (YAML11_BINARY.test(text)) return `the number ${sign * parseInt(digits.slice(2), 2)} (binary)`;
  if (YAML11_UNDERSCORE_NUMBER.test(text)) return `the number ${sign * Number(digits)}`;
  if (YAML11_SEXAGESIMAL.test(text)) return `the number ${sign * digits.split(':').reduce((total, part) => total * 60 + Number(part), 0)} (base 60)`;
  return undefined;
}

function describe(value: YScalar['value']): string {
  return typeof value === 'string' ? `the string "${value}"` : String(value);
}

/**
 * Every scalar, keys included, in document order. An alias of a collection shares its anchor's items
 * (at the anchor's offsets): they are visited once, not once per alias.
 */
/** `seen`: the collections already checked, when aliases may share them. */
function checkScalars(node: YNode, report: DocumentReport, seen: Set<readonly unknown[]> | undefined): void {
  if (node.type === 'scalar') return checkScalar(node, report);
  const children = node.type === 'seq' ? node.items : node.pairs;
  if (seen) {
    if (seen.has(children)) return;
    seen.add(children);
  }
  if (node.type === 'seq') for (const item of node.items) checkScalars(item, report, seen);
  else {
    for (const pair of node.pairs) {
      checkScalar(pair.key, report);
      checkScalars(pair.value, report, seen);
    }
  }
}
