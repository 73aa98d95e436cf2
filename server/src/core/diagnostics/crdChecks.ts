// A resource whose schema is a CRD's (resources/schemaSources.ts): checked by the CRD's own validator
// (resources/crd/validate.ts) and each error reported in the API server's words, at the exact key or
// value, with the source of the schema: `spec.destination: Invalid value: "string": must be a bare IP
// address (schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:12)`. The API server
// refuses every one of them, so they are errors (an unknown field too: strict field validation).
import { isCrdSchema } from '../resources/schemaSources.js';
import { violationPath, type Violation } from '../resources/crd/validate.js';
import type { SpkResource } from '../resources/resource.js';
import { closest } from '../text.js';
import { getPair, toJS, type YNode, type YPair } from '../yaml/tree.js';
import { replaceScalar } from './edits.js';
import type { DocumentReport } from './report.js';
import type { RuleCode } from './rules.js';

const CODES: Record<Violation['code'], RuleCode> = {
  'unknown-field': 'unknown-field',
  required: 'missing-field',
  embedded: 'missing-field',
  type: 'wrong-type',
  enum: 'invalid-value',
  range: 'out-of-range',
  'multiple-of': 'out-of-range',
  'too-long': 'schema',
  'too-short': 'schema',
  'too-many': 'schema',
  'too-few': 'schema',
  pattern: 'schema',
  format: 'schema',
  duplicate: 'schema',
  rule: 'schema',
  'rule-error': 'schema',
};

export function checkCrdSchema(resource: SpkResource, report: DocumentReport): void {
  const schema = resource.schema;
  if (!isCrdSchema(schema)) return;
  const { violations } = schema.crd.validate(toJS(resource.root));
  for (const violation of violations) {
    const code = CODES[violation.code];
    const at = locate(resource.root, violation);
    const path = violationPath(violation) || '<root>';
    const message = `${path}: ${violation.detail} (${schema.label})`;
    const fixes = fixesOf(violation, at);
    report.add(code, at.node, message, { severity: 'error', ...(fixes ? { fixes } : {}) });
  }
}

/** Where a violation is shown: its node; a missing field at its parent's key; a defaulted one at the nearest written key. */
function locate(root: YNode, violation: Violation): { node: YNode; pair?: YPair; exact: boolean } {
  const steps = violation.code === 'required' || violation.code === 'embedded' ? violation.path.slice(0, -1) : violation.path;
  let node: YNode = root;
  let pair: YPair | undefined;
  let exact = true;
  for (const step of steps) {
    let next: YNode | undefined;
    let nextPair: YPair | undefined;
    if (typeof step === 'number') {
      next = node.type === 'seq' ? node.items[step] : undefined;
      // A list item has no key of its own: its first key stands for it.
      nextPair = next?.type === 'map' ? next.pairs[0] : undefined;
    } else if (node.type === 'map') {
      nextPair = getPair(node, step);
      next = nextPair?.value;
    }
    if (!next) {
      exact = false;
      break;
    }
    node = next;
    pair = nextPair;
  }
  const missing = violation.code === 'required' || violation.code === 'embedded' || !exact;
  // An unknown field: its key. A missing one: the key of the map that lacks it (the kind line at the root).
  if (violation.code === 'unknown-field' && pair) return { node: pair.key, pair, exact };
  if (missing) return { node: pair?.key ?? kindKey(root), ...(pair ? { pair } : {}), exact };
  return { node, ...(pair ? { pair } : {}), exact };
}

function kindKey(root: YNode): YNode {
  return (root.type === 'map' ? getPair(root, 'kind')?.key : undefined) ?? root;
}

function fixesOf(violation: Violation, at: { node: YNode; pair?: YPair; exact: boolean }) {
  if (!at.exact) return undefined;
  if (violation.code === 'unknown-field' && at.pair && violation.known) {
    const field = String(violation.path.at(-1));
    const guess = closest(field, violation.known);
    return guess ? [{ title: `Rename "${field}" to "${guess}"`, edits: [replaceScalar(at.pair.key, guess)] }] : undefined;
  }
  if (violation.code === 'enum' && at.node.type === 'scalar' && violation.allowed) {
    const allowed = violation.allowed.filter((v): v is string => typeof v === 'string');
    const guess = closest(String(at.node.value), allowed);
    return guess ? [{ title: `Change to "${guess}"`, edits: [replaceScalar(at.node, guess)] }] : undefined;
  }
  return undefined;
}
