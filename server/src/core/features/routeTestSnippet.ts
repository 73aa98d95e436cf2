// A snippet that writes a RouteTest for the static route under the cursor: offered by completion at
// the top level of a route's document after its last field (it then opens a new document), and in a
// blank document right after a route's. The test expects what the route says: every address of its
// prefix goes to its gateway (or is dropped, for a blackhole), by this route.
import { formatPrefix, networkAddress, isPrefixLen } from '../net/index.js';
import { readStaticRoute } from '../resources/readers.js';
import type { SpkResource } from '../resources/resource.js';
import type { Position, Range } from '../types.js';
import { isTemplated } from '../yaml/templates.js';
import type { FileModel } from '../workspace/fileModel.js';
import type { CompletionEntry } from './completion.js';

/**
 * The RouteTest snippet for the route at `position` (the cursor's word is `range`); `blankDocument`:
 * the cursor is in an empty document (the route is then the document before it).
 */
export function routeTestCompletions(file: FileModel, text: string, position: Position, range: Range, blankDocument: boolean): CompletionEntry[] {
  const found = file.documentAt(position);
  if (!found) return [];
  const index = file.documents.indexOf(found.document);
  let route: SpkResource | undefined;
  let opening = '';
  if (blankDocument) {
    route = index > 0 ? file.documents[index - 1]!.analysis.resource : undefined;
    // A blank file's one document, or one after a `...`: a new document needs no `---` of its own.
  } else {
    route = found.document.analysis.resource;
    // Only after the route's last field: what follows the cursor in its document would join the test.
    const lines = text.split(/\r\n?|\n/);
    const end = file.documents[index + 1]?.line ?? lines.length;
    const after = [lines[position.line]!.slice(position.character), ...lines.slice(position.line + 1, end)];
    if (!after.every((line) => /^\s*(#.*)?$/.test(line))) return [];
    opening = '---\n';
  }
  if (route?.role !== 'staticRoute') return [];
  const body = testOf(route);
  return body ? [{ label: `RouteTest for ${route.name ?? 'this route'}`, kind: 'snippet', detail: 'a test of this route (spk-routes/v1alpha1)', documentation: body.documentation, insertText: `${opening}${body.text}`, range, sortText: '~RouteTest' }] : [];
}

function testOf(route: SpkResource): { text: string; documentation: string } | undefined {
  const { destination, prefixLen, gateway, type } = readStaticRoute(route);
  const address = destination?.address;
  const length = prefixLen?.value;
  if (!address || !isPrefixLen(length, address.family)) return undefined;
  const prefix = formatPrefix(networkAddress(address, length), length);
  const name = route.name !== undefined && !isTemplated(route.name) ? route.name : undefined;
  const namespace = route.namespace !== undefined && !isTemplated(route.namespace) ? route.namespace : undefined;
  const blackhole = type?.value === 'blackhole';
  const nextHop = gateway?.address?.text;
  const expects = blackhole ? ['      outcome: blackhole'] : nextHop !== undefined ? [`      nextHop: \${3:${escape(nextHop)}}`] : ['      outcome: ${3|forwarded,connected,unresolved,blackhole,no-route|}'];
  if (name !== undefined) expects.push(`      route: ${escape(name)}`);
  const text = [
    'apiVersion: spk-routes/v1alpha1',
    'kind: RouteTest',
    'metadata:',
    `  name: \${1:${escape(name ?? 'route')}-test}`,
    'spec:',
    ...(namespace !== undefined ? [`  namespace: ${escape(namespace)}`] : []),
    '  expect:',
    `    - destination: \${2:${prefix}}`,
    ...expects,
    '$0',
  ].join('\n');
  const what = blackhole ? 'is dropped' : nextHop !== undefined ? `goes to ${nextHop}` : 'goes where you say';
  return { text, documentation: `A RouteTest expecting that every address of ${prefix} ${what}${name !== undefined ? ` by route ${name}` : ''}${namespace !== undefined ? ` in namespace ${namespace}` : ''}: a CodeLens then says whether it holds, and \`spk-route test\` checks it in CI.` };
}

/** Text inside a snippet: `$`, `}` and `\` are its syntax. */
function escape(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}
