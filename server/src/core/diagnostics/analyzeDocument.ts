// Everything known about one YAML document from its text alone: whether it is an SPK resource, and
// its diagnostics. The result depends only on the text, so callers cache it by text.
import { checkAmbiguity } from './ambiguityChecks.js';
import { checkMetadata } from './metadataChecks.js';
import { checkStaticRoute } from './routeChecks.js';
import { checkVlan, checkVxlan } from './vlanChecks.js';
import { isSpkResourceKind, KIND_GROUPS, KIND_ROLES, SPK_KIND_HINT } from '../resources/kinds.js';
import { checkInfra } from './infraChecks.js';
import type { Diagnostic } from './rules.js';
import { parseYaml } from '../yaml/parseYaml.js';
import { maskTemplates } from '../yaml/templates.js';
import { getPair } from '../yaml/tree.js';
import { resourceFacts, type ResourceFacts } from '../routing/routeFacts.js';
import { DocumentReport } from './report.js';
import { recognizeResource } from '../resources/recognize.js';
import type { DocumentResource } from '../resources/resource.js';
import { forgetFields } from '../resources/readers.js';
import { checkSchema } from './schemaChecks.js';
import { checkCrdSchema } from './crdChecks.js';
import { thousands } from '../text.js';
import type { SchemaLookup } from '../resources/schemaSources.js';

export interface DocumentAnalysis {
  /** The document's text: a private copy (see `ownCopy`), or with `slice: true` the text as given. */
  text: string;
  resource?: DocumentResource;
  diagnostics: Diagnostic[];
  /** The routing facts, read at once for routes (and by the routes-only reading), whose trees then go. */
  facts?: ResourceFacts;
  /** The document holds template actions or placeholders (`{{ … }}`, `${…}`): never applied as it is. */
  templated?: boolean;
}

/**
 * Findings that a block written by a template action could make wrong, not reported in such
 * documents: missing fields, and an empty value (the key whose content the action writes).
 */
const BLOCK_DEPENDENT = new Set(['missing-field', 'missing-prefix-length', 'missing-gateway']);
function dependsOnBlock(code: string, span: { start: number; end: number }): boolean {
  return BLOCK_DEPENDENT.has(code) || (code === 'wrong-type' && span.start === span.end);
}

/** Larger documents are not parsed: no SPK resource comes near this size. */
export const MAX_DOCUMENT_LENGTH = 1_000_000;

const SPK_KIND_LINE = new RegExp(`^kind:[ \\t]*["']?(${Object.keys(KIND_ROLES).join('|')})["']?[ \\t]*(#.*)?\\r?$`, 'm');
const NOTHING: Diagnostic[] = [];

/** A report's diagnostics; none, as one shared empty list (most documents have none, and are kept). */
function found(report: DocumentReport): Diagnostic[] {
  return report.diagnostics.length ? report.diagnostics : NOTHING;
}

/** A document that does not parse but has an SPK `kind:` line (for `Infra`, and its group named in it). */
function spkKindLine(text: string): boolean {
  const kind = SPK_KIND_LINE.exec(text)?.[1];
  if (kind === undefined) return false;
  const group = KIND_GROUPS[kind];
  return group === undefined || text.includes(`${group}/`);
}

/**
 * `checks: false`: the resource only, no diagnostics (the routes-only reading of one-shot commands).
 * `schemas`: the schema sources (CRDs, then the bundled schemas); the result then depends on them too.
 */
export function analyzeDocument(sourceText: string, options: { checks?: boolean; schemas?: SchemaLookup; slice?: boolean } = {}): DocumentAnalysis {
  if (!SPK_KIND_HINT.test(sourceText)) return { text: '', diagnostics: NOTHING };
  if (options.checks === false) return readResource(sourceText, options.schemas);
  const text = options.slice ? sourceText : ownCopy(sourceText);
  // Templates: parse the masked text (same offsets), and report nothing that rests on an unknown value.
  const mask = maskTemplates(text);
  const parsed = mask?.text ?? text;
  const report = new DocumentReport(text, mask ? (code, span) => (mask.writesBlocks && dependsOnBlock(code, span)) || mask.unknown.some((u) => span.start < u.end && span.end > u.start) : undefined);
  if (text.length > MAX_DOCUMENT_LENGTH) {
    if (SPK_KIND_LINE.test(text)) {
      const start = text.search(SPK_KIND_LINE);
      report.add('document-too-large', { start, end: start + 4 }, `this document has ${thousands(text.length)} characters; documents over ${thousands(MAX_DOCUMENT_LENGTH)} are not analysed`);
    }
    return { text, diagnostics: found(report) };
  }
  const { root, errors } = parseYaml(parsed);
  const kindNode = root?.type === 'map' ? getPair(root, 'kind')?.value : undefined;
  const kind = kindNode?.type === 'scalar' ? kindNode.value : undefined;
  const apiNode = root?.type === 'map' ? getPair(root, 'apiVersion')?.value : undefined;
  const isSpk = isSpkResourceKind(kind, apiNode?.type === 'scalar' ? apiNode.value : undefined);
  if (!isSpk && !(errors.length && spkKindLine(parsed))) return { text: '', diagnostics: NOTHING };
  for (const error of errors) report.add('yaml-syntax', error, `YAML: ${error.message}`);
  checkAmbiguity(parsed, root, report);
  const templated = mask ? { templated: true } : {};
  if (!isSpk || root?.type !== 'map') return { text, diagnostics: found(report), ...templated };

  const { resource, problem } = recognizeResource(root, kind, options.schemas);
  if (problem) report.add(problem.code, problem.node, problem.message);
  if (resource) {
    checkSchema(resource, report);
    checkCrdSchema(resource, report);
    checkMetadata(resource, report);
    if (resource.role === 'staticRoute') checkStaticRoute(resource, parsed, report);
    else if (resource.role === 'vlan') checkVlan(resource, report);
    else if (resource.role === 'vxlan') {
      checkVlan(resource, report);
      checkVxlan(resource, report);
    } else if (resource.role === 'infra') checkInfra(resource, report);
    if (resource.role === 'staticRoute') {
      // A route's facts are all the workspace reads of it later: its tree goes (see DocumentResource).
      const facts = resourceFacts(resource, text);
      forgetFields(resource);
      resource.releaseTree(parsed);
      return { text, resource, facts, diagnostics: found(report), ...templated };
    }
  }
  return { text, resource, diagnostics: found(report), ...templated };
}

/**
 * The resource of a document and its routing facts, nothing else: no tree is kept (no feature asks
 * for one) and the text is not copied (no edits follow).
 */
function readResource(text: string, schemas?: SchemaLookup): DocumentAnalysis {
  if (text.length > MAX_DOCUMENT_LENGTH) return { text: '', diagnostics: NOTHING };
  const parsed = maskTemplates(text)?.text ?? text;
  const { root } = parseYaml(parsed);
  const kind = root?.type === 'map' ? getPair(root, 'kind')?.value : undefined;
  const apiVersion = root?.type === 'map' ? getPair(root, 'apiVersion')?.value : undefined;
  if (root?.type !== 'map' || kind?.type !== 'scalar' || !isSpkResourceKind(kind.value, apiVersion?.type === 'scalar' ? apiVersion.value : undefined)) return { text: '', diagnostics: NOTHING };
  const { resource } = recognizeResource(root, kind.value, schemas);
  if (!resource) return { text: '', diagnostics: NOTHING };
  const facts = resourceFacts(resource, text, false);
  // Routes and networks are read into their facts: their trees can go. Egresses and SNAT pools (a
  // few per namespace) keep theirs for the source-address reading.
  if (resource.role !== 'egress' && resource.role !== 'snatpool') resource.releaseTree(parsed);
  return { text, resource, facts, diagnostics: NOTHING };
}

/**
 * A flat copy of a document's text. Slices of a file's text keep the whole file alive in V8; cached
 * analyses must hold only their own document, or every edit of a large file would retain a copy.
 */
function ownCopy(text: string): string {
  // Latin-1 text (nearly every manifest) stays one byte per character; anything else, two.
  return LATIN1.test(text) ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}

const LATIN1 = /^[\x00-\xff]*$/;
