// The SPK resources of a file, as the objects to send to a cluster: only SPK kinds, each as our own
// JSON serialisation of the object we checked (never its source text, which kubectl would split and
// parse in its own way), with where it stands so that the server's answers land on the right lines.
// A document we cannot read unambiguously is listed as refused and never sent.
import { RULES, type Diagnostic } from '../diagnostics/rules.js';
import { isRouteTestDocument } from '../routeTests/read.js';
import type { FileDocument, FileModel } from '../workspace/fileModel.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { keyText, toJS, type YNode, type YScalar } from '../yaml/tree.js';

/** The file line of a field: `path` is e.g. `['spec', 'destination']` or `['spec', 'routes', 0]`. */
export interface FieldLine {
  path: (string | number)[];
  /** 0-based line in the file of the field's key (or the list item). */
  line: number;
}

export interface Manifest {
  /** 0-based lines of the document in its file, first and last. */
  line: number;
  endLine: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  /** What is sent: the object as we read it, in JSON. Empty when the document is refused. */
  body: string;
  /** Why the document is not sent: the first problem that makes its reading uncertain. */
  refusal: { line: number; message: string } | null;
  /** Every field of the object with its line, the root (`[]`) first; the first of duplicate keys. */
  fieldLines: FieldLine[];
}

export interface ManifestOptions {
  /**
   * The file is one of a Helm chart's templates (under `templates/` beside a `Chart.yaml`): a
   * template whatever it holds, so none of its documents is sent, even one without an action.
   */
  chartTemplate?: boolean;
}

/** SPK documents of a file; with `lines` (0-based), only those that overlap the selected lines. */
export function manifests(model: FileModel, lines?: { from: number; to: number }, options: ManifestOptions = {}): Manifest[] {
  const out: Manifest[] = [];
  model.documents.forEach((doc, index) => {
    // Documents of other kinds have no analysis text: they are never sent; nor is a RouteTest, ours.
    if (!doc.analysis.text || isRouteTestDocument(doc.analysis)) return;
    const docLines = new LineIndex(doc.analysis.text);
    const endLine = (model.documents[index + 1]?.line ?? doc.line + docLines.lineCount) - 1;
    if (lines && (endLine < lines.from || doc.line > lines.to)) return;
    const refusing = [...doc.analysis.diagnostics, ...doc.placement].filter((d) => RULES[d.code].refusesApply && d.severity === 'error');
    const resource = doc.analysis.resource;
    if (!resource) {
      // An SPK kind that could not be read at all (it does not parse, or its apiVersion is unknown).
      const first = refusing[0] ?? doc.analysis.diagnostics[0];
      out.push({
        line: doc.line,
        endLine,
        apiVersion: '',
        kind: /^kind:[ \t]*["']?(\w+)/m.exec(doc.analysis.text)?.[1] ?? 'document',
        name: '?',
        namespace: null,
        body: '',
        refusal: refusal(doc, first, 'it could not be read as an SPK resource'),
        fieldLines: [{ path: [], line: doc.line }],
      });
      return;
    }
    const root = resource.root;
    const lineAt = (offset: number) => doc.line + docLines.position(offset).line;
    const unsendable = nonFiniteNumber(root);
    const templated = options.chartTemplate
      ? { line: doc.line, message: 'not sent: this file is a Helm chart template (under templates/ beside Chart.yaml); render the chart and apply the result, or install it with helm' }
      : doc.analysis.templated
        ? { line: doc.line, message: 'not sent: this document is a template (it has {{ … }} or ${…} placeholders); render it and apply the result' }
        : undefined;
    out.push({
      line: doc.line,
      endLine,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      name: resource.name ?? '',
      namespace: resource.namespace || null,
      body: refusing.length || unsendable || templated ? '' : JSON.stringify(toJS(root)),
      refusal: templated ?? (refusing.length
        ? refusal(doc, refusing[0], '')
        : unsendable
          ? { line: lineAt(unsendable.start), message: `not sent: the number ${unsendable.source} has no JSON form` }
          : null),
      fieldLines: fieldLines(root, lineAt),
    });
  });
  return out;
}

/** At most this many fields per document (aliases can expand a tree): deeper errors land on a parent. */
const MAX_FIELDS = 20_000;

/** Every key and list item under `root` with its line; of duplicate keys, the first (as `getPair`). */
function fieldLines(root: YNode, lineAt: (offset: number) => number): FieldLine[] {
  const out: FieldLine[] = [{ path: [], line: lineAt(root.start) }];
  const stack: { node: YNode; path: (string | number)[] }[] = [{ node: root, path: [] }];
  // A parent is listed before its children, so a cut list still has every listed field's parents.
  for (let next = stack.pop(); next && out.length < MAX_FIELDS; next = stack.pop()) {
    const { node, path } = next;
    if (node.type === 'seq') {
      node.items.forEach((item, i) => {
        out.push({ path: [...path, i], line: lineAt(item.start) });
        stack.push({ node: item, path: [...path, i] });
      });
    } else if (node.type === 'map') {
      const seen = new Set<string>();
      for (const pair of node.pairs) {
        const key = keyText(pair);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ path: [...path, key], line: lineAt(pair.key.start) });
        stack.push({ node: pair.value, path: [...path, key] });
      }
    }
  }
  return out;
}

function refusal(doc: FileDocument, diagnostic: Diagnostic | undefined, fallback: string): { line: number; message: string } {
  return diagnostic
    ? { line: doc.line + diagnostic.range.start.line, message: `not sent: ${diagnostic.message} (${diagnostic.code})` }
    : { line: doc.line, message: `not sent: ${fallback}` };
}

/** A number that JSON cannot write (Infinity, NaN: `1e400`, `.nan`), which would be sent as null. */
function nonFiniteNumber(root: YNode): YScalar | undefined {
  const stack: YNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'scalar') {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) return node;
    } else if (node.type === 'seq') for (const item of node.items) stack.push(item);
    else for (const pair of node.pairs) stack.push(pair.value);
  }
  return undefined;
}
