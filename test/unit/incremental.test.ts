// The incremental namespace state (issue 15): after any sequence of edits, a workspace that patched
// its tables and re-checked only the changed prefixes gives exactly the diagnostics, routes and
// answers of a workspace that reads the final files from scratch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { parseYaml } from '../../server/src/core/yaml/parseYaml.js';
import type { StaticRouteEntry } from '../../server/src/core/routing/table.js';

const VLANS = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: ns}
spec: {name: external, selfip_v4s: [10.1.0.10, 10.2.0.10], prefixlen_v4: 16}
`;

interface Route { dest: string; len: number; gateway: string }

const route = fc.record({
  dest: fc.constantFrom('0.0.0.0', '10.0.0.0', '10.20.0.0', '10.20.1.0', '10.20.1.128', '10.1.0.0', '192.168.0.0', '10.20.1.5'),
  len: fc.constantFrom(0, 8, 16, 24, 25, 32),
  gateway: fc.constantFrom('10.1.0.1', '10.2.0.1', '10.1.0.10', '10.9.0.1', '10.20.1.1'),
});

const yamlOf = (name: string, r: Route) =>
  `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${name}, namespace: ns}\nspec: {destination: ${r.dest}, prefixLen: ${r.len}, type: gateway, gateway: ${r.gateway}}\n`;

const fileOf = (routes: (Route | undefined)[]) => routes.map((r, i) => (r ? yamlOf(`r${i}`, r) : '# a comment\nkind: ConfigMap\n')).join('---\n');

type Edit = { kind: 'set'; at: number; route: Route } | { kind: 'remove'; at: number } | { kind: 'insert'; at: number; route: Route } | { kind: 'vlans' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(40), route }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(40), route }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'vlans' as const }) },
);

test('incremental tables and checks equal a fresh read after every edit', () => {
  fc.assert(
    fc.property(fc.array(route, { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 25 }), (start, edits) => {
      const routes: (Route | undefined)[] = [...start];
      let vlans = VLANS;
      const ws = new Workspace();
      ws.setFile('file:///w/vlans.yaml', vlans);
      ws.setFile('file:///w/routes.yaml', fileOf(routes));
      ws.diagnostics('file:///w/routes.yaml');
      for (const [step, look] of edits) {
        const at = step.kind === 'vlans' ? 0 : step.at % (routes.length + (step.kind === 'insert' ? 1 : 0));
        if (step.kind === 'set') routes[at] = step.route;
        else if (step.kind === 'remove') routes[at] = undefined;
        else if (step.kind === 'insert') routes.splice(at, 0, step.route);
        else {
          vlans = vlans.includes('10.2.0.10') ? vlans.replace(', 10.2.0.10', '') : VLANS;
          ws.setFile('file:///w/vlans.yaml', vlans);
        }
        if (step.kind !== 'vlans') ws.setFile('file:///w/routes.yaml', fileOf(routes));
        // Sometimes nothing asks between edits: the changed prefixes add up until one does.
        if (!look) continue;
        const fresh = new Workspace();
        fresh.setFile('file:///w/vlans.yaml', vlans);
        fresh.setFile('file:///w/routes.yaml', fileOf(routes));
        for (const uri of ['file:///w/routes.yaml', 'file:///w/vlans.yaml']) assert.deepEqual(ws.diagnostics(uri), fresh.diagnostics(uri));
        for (const probe of ['10.20.1.5', '10.20.1.200', '10.20.9.9', '8.8.8.8', '10.1.0.1', '192.168.0.1']) {
          assert.deepEqual(ws.simulate(probe, 'ns'), fresh.simulate(probe, 'ns'), probe);
        }
      }
    }),
    { numRuns: 200, seed: 15 },
  );
});

test('a large file edited anywhere splits into the documents a fresh read gives', () => {
  const docs = fc.array(fc.oneof(route.map((r) => yamlOf('r', r)), fc.constantFrom('kind: ConfigMap\n', '# only a comment\n', 'a: [1, 2\n', '%YAML 1.2\n---\nkind: x\n', '...\n# after an end marker\n')), { minLength: 16, maxLength: 40 });
  const change = fc.record({ at: fc.nat(), cut: fc.nat(40), insert: fc.constantFrom('', 'x', '\n', '---\n', '\n---\n', 'prefixLen: twenty-four', '...\n', '- ', '  gateway: 10.1.0.2\n') });
  fc.assert(
    fc.property(docs, fc.array(change, { minLength: 1, maxLength: 8 }), (parts, changes) => {
      let text = `---\n${parts.join('---\n')}`;
      const ws = new Workspace();
      ws.setFile('file:///w/big.yaml', text);
      for (const { at, cut, insert } of changes) {
        const from = at % (text.length + 1);
        text = text.slice(0, from) + insert + text.slice(Math.min(text.length, from + cut));
        ws.setFile('file:///w/big.yaml', text);
        const fresh = new Workspace();
        fresh.setFile('file:///w/big.yaml', text);
        const shape = (w: Workspace) => w.file('file:///w/big.yaml')!.documents.map((d) => [d.offset, d.line, d.analysis.text, d.placement]);
        assert.deepEqual(shape(ws), shape(fresh));
        assert.deepEqual(ws.diagnostics('file:///w/big.yaml'), fresh.diagnostics('file:///w/big.yaml'));
      }
    }),
    { numRuns: 300, seed: 16 },
  );
});

test('a table whose files change one after another (a branch switch) gives what a fresh read gives', () => {
  const files = ['a', 'b', 'c', 'd'].map((name) => `file:///w/${name}.yaml`);
  fc.assert(
    fc.property(fc.array(fc.array(fc.array(route, { minLength: 1, maxLength: 6 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (branches) => {
      const ws = new Workspace();
      ws.setFile('file:///w/vlans.yaml', VLANS);
      for (const branch of branches) {
        // Every file changes before anything asks (more than the two a table is patched across).
        branch.forEach((routes, i) => ws.setFile(files[i]!, fileOf(routes)));
        const fresh = new Workspace();
        fresh.setFile('file:///w/vlans.yaml', VLANS);
        branch.forEach((routes, i) => fresh.setFile(files[i]!, fileOf(routes)));
        for (const uri of [...files, 'file:///w/vlans.yaml']) assert.deepEqual(ws.diagnostics(uri), fresh.diagnostics(uri), uri);
        for (const probe of ['10.20.1.5', '10.20.9.9', '8.8.8.8', '192.168.0.1']) assert.deepEqual(ws.simulate(probe, 'ns'), fresh.simulate(probe, 'ns'), probe);
      }
    }),
    { numRuns: 100, seed: 17 },
  );
});

test('a static route lets its tree go and parses the same tree again when asked', () => {
  const text = yamlOf('r1', { dest: '10.20.1.0', len: 24, gateway: '10.1.0.1' });
  const ws = new Workspace();
  ws.setFile('file:///w/routes.yaml', text);
  const analysis = ws.file('file:///w/routes.yaml')!.documents[0]!.analysis;
  // Its facts were read while the tree stood, and its routes come from them.
  assert.equal(analysis.facts?.staticRoutes[0]?.network.text, '10.20.1.0');
  assert.deepEqual(ws.routesOf('file:///w/routes.yaml').map(({ entry }) => [entry.network.text, entry.prefixLen, entry.kind === 'static' ? entry.locate(entry.destinationSpan).start : undefined]), [['10.20.1.0', 24, { line: 3, character: 20 }]]);
  const root = analysis.resource!.root;
  assert.deepEqual(root.pairs.map((p) => p.key.value), ['apiVersion', 'kind', 'metadata', 'spec']);
  // The tree a reading of the same text gives, kept once parsed again.
  assert.deepEqual(root, parseYaml(text).root);
  assert.equal(analysis.resource!.root, root);
});

test('setting a file to the text it has changes nothing', () => {
  const ws = new Workspace();
  const text = fileOf([{ dest: '10.20.1.0', len: 24, gateway: '10.1.0.1' }]);
  ws.setFile('file:///w/routes.yaml', text);
  const documents = ws.file('file:///w/routes.yaml')!.documents;
  ws.setFile('file:///w/routes.yaml', `${text}`);
  assert.equal(ws.file('file:///w/routes.yaml')!.documents, documents);
});

test('a route inserted or removed above others patches the table: the routes below keep their entries and move with their documents', () => {
  const many: [string, Route | undefined][] = Array.from({ length: 60 }, (_, i) => [`r${i}`, { dest: `10.30.${i}.0`, len: 24, gateway: '10.1.0.1' }]);
  // A duplicate far below the edit: its message names the other route's line, which moves.
  many.push(['dup', { dest: '10.30.59.0', len: 24, gateway: '10.1.0.1' }]);
  const textOf = (docs: [string, Route | undefined][]) => docs.map(([name, r]) => (r ? yamlOf(name, r) : '# a comment\nkind: ConfigMap\n')).join('---\n');
  const ws = new Workspace();
  ws.setFile('file:///w/vlans.yaml', VLANS);
  ws.setFile('file:///w/routes.yaml', textOf(many));
  ws.diagnostics('file:///w/routes.yaml');
  const entryOf = () => ws.tables('ns')[0]!.entries.find((e) => e.resource.name === 'r50') as StaticRouteEntry;
  const below = entryOf();
  const lineBefore = below.resource.line;
  const edited = [...many];
  edited.splice(10, 0, ['new', { dest: '10.40.0.0', len: 16, gateway: '10.1.0.1' }], ['note', undefined]);
  for (const docs of [edited, many]) {
    ws.setFile('file:///w/routes.yaml', textOf(docs));
    const fresh = new Workspace();
    fresh.setFile('file:///w/vlans.yaml', VLANS);
    fresh.setFile('file:///w/routes.yaml', textOf(docs));
    const diagnostics = ws.diagnostics('file:///w/routes.yaml');
    assert.deepEqual(diagnostics, fresh.diagnostics('file:///w/routes.yaml'));
    assert.match(diagnostics.find((d) => d.code === 'duplicate-route')!.message, new RegExp(`routes\\.yaml:${fresh.tables('ns')[0]!.entries.find((e) => e.resource.name === 'dup')!.resource.line + 1}\\b`));
    // The route below the edit is the same entry, at its document's new line (a route of 4 lines
    // and a comment document of 2 were inserted, each with its marker line).
    const now = entryOf();
    assert.equal(now, below);
    assert.equal(now.resource.line, lineBefore + (docs === edited ? 8 : 0));
    assert.deepEqual(now.locate(now.destinationSpan), (fresh.tables('ns')[0]!.entries.find((e) => e.resource.name === 'r50') as StaticRouteEntry).locate(now.destinationSpan));
  }
});

test('a file prepared document by document joins the workspace as the same file set at once would', () => {
  const routes = Array.from({ length: 20 }, (_, i) => (i % 5 === 4 ? undefined : { dest: `10.20.${i}.0`, len: i % 3 ? 24 : 16, gateway: i % 2 ? '10.1.0.1' : '10.9.0.1' }));
  const text = fileOf(routes);
  const uri = 'file:///w/routes.yaml';
  const fresh = new Workspace();
  fresh.setFile('file:///w/vlans.yaml', VLANS);
  fresh.setFile(uri, text);

  const ws = new Workspace();
  ws.setFile('file:///w/vlans.yaml', VLANS);
  const steps = ws.prepareFile(uri, text);
  let count = 0;
  let step = steps.next();
  for (; !step.done; step = steps.next()) count++;
  // One step per distinct document, and nothing joined the workspace on the way.
  assert.equal(count, new Set(text.split(/^---\n/m)).size);
  assert.equal(ws.file(uri), undefined);
  const prepared = step.value!;
  ws.setFile(uri, text, prepared);
  assert.deepEqual(ws.diagnostics(uri), fresh.diagnostics(uri));
  const preparedAnalyses = new Set(prepared.byText.values());
  assert.ok(ws.file(uri)!.documents.every((doc) => preparedAnalyses.has(doc.analysis)));

  // Prepared for a text the file no longer starts from: not used, and the answer is still right.
  const edited = fileOf(routes.map((r, i) => (i === 3 ? { dest: '10.20.3.0', len: 24, gateway: '10.2.0.1' } : r)));
  const stale = ws.prepareFile(uri, edited);
  let end = stale.next();
  while (!end.done) end = stale.next();
  ws.setFile(uri, fileOf(routes.slice(0, 10)));
  ws.setFile(uri, edited, end.value);
  fresh.setFile(uri, edited);
  assert.deepEqual(ws.diagnostics(uri), fresh.diagnostics(uri));
  const staleAnalyses = new Set(end.value!.byText.values());
  assert.ok(ws.file(uri)!.documents.every((doc) => !staleAnalyses.has(doc.analysis)));
});
