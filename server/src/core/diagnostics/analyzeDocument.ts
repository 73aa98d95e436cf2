// Everything known about one YAML document from its text alone: whether it is an SPK resource, and
// its diagnostics. The result depends only on the text, so callers cache it by text.
import { checkAmbiguity } from './ambiguityChecks.js';
import { checkMetadata } from './metadataChecks.js';
import { checkStaticRoute } from './routeChecks.js';
import { checkVlan } from './vlanChecks.js';
import { isSpkKind, KIND_ROLES, SPK_KIND_HINT } from '../resources/kinds.js';
import type { Diagnostic } from './rules.js';
import { parseYaml } from '../yaml/parseYaml.js';
import { getPair } from '../yaml/tree.js';
import { DocumentReport } from './report.js';
import { recognizeResource } from '../resources/recognize.js';
import type { SpkResource } from '../resources/resource.js';
import { checkSchema } from './schemaChecks.js';

export interface DocumentAnalysis {
  /** The document's own text (a private copy, see `ownCopy`). */
  text: string;
  resource?: SpkResource;
  diagnostics: Diagnostic[];
}

/** Larger documents are not parsed: no SPK resource comes near this size. */
export const MAX_DOCUMENT_LENGTH = 1_000_000;

const SPK_KIND_LINE = new RegExp(`^kind:[ \\t]*["']?(${Object.keys(KIND_ROLES).join('|')})["']?[ \\t]*(#.*)?\\r?$`, 'm');
const NOTHING: Diagnostic[] = [];

export function analyzeDocument(sourceText: string): DocumentAnalysis {
  if (!SPK_KIND_HINT.test(sourceText)) return { text: '', diagnostics: NOTHING };
  const text = ownCopy(sourceText);
  const report = new DocumentReport(text);
  if (text.length > MAX_DOCUMENT_LENGTH) {
    if (SPK_KIND_LINE.test(text)) {
      const start = text.search(SPK_KIND_LINE);
      report.add('document-too-large', { start, end: start + 4 }, `this document has ${text.length.toLocaleString('en-US')} characters; documents over ${MAX_DOCUMENT_LENGTH.toLocaleString('en-US')} are not analysed`);
    }
    return { text, diagnostics: report.diagnostics };
  }
  const { root, errors } = parseYaml(text);
  const kindNode = root?.type === 'map' ? getPair(root, 'kind')?.value : undefined;
  const kind = kindNode?.type === 'scalar' ? kindNode.value : undefined;
  const isSpk = isSpkKind(kind);
  if (!isSpk && !(errors.length && SPK_KIND_LINE.test(text))) return { text: '', diagnostics: NOTHING };
  for (const error of errors) report.add('yaml-syntax', error, `YAML: ${error.message}`);
  checkAmbiguity(text, root, report);
  if (!isSpk || root?.type !== 'map') return { text, diagnostics: report.diagnostics };

  const { resource, problem } = recognizeResource(root, kind);
  if (problem) report.add(problem.code, problem.node, problem.message);
  if (resource) {
    checkSchema(resource, report);
    checkMetadata(resource, report);
    if (resource.role === 'staticRoute') checkStaticRoute(resource, text, report);
    else if (resource.role === 'vlan') checkVlan(resource, report);
  }
  return { text, resource, diagnostics: report.diagnostics };
}

/**
 * A flat copy of a document's text. Slices of a file's text keep the whole file alive in V8; cached
 * analyses must hold only their own document, or every edit of a large file would retain a copy.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
