// The core's layers (ARCHITECTURE.md): each imports only the layers below it, net/ imports nothing
// else of the core, the core imports no shell, and the client's cluster code has no vscode import.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const SRC = path.join(__dirname, '..', '..', 'server', 'src');
const CORE = path.join(SRC, 'core');

/** Lower rank: lower layer. */
const RANK: Record<string, number> = { '.': 0, net: 1, yaml: 1, resources: 2, routing: 3, diagnostics: 4, routeTests: 5, workspace: 6, features: 7 };

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? tsFiles(file) : name.endsWith('.ts') ? [file] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

function layerOf(file: string): string | undefined {
  const rel = path.relative(CORE, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(path.sep);
  return parts.length === 1 ? '.' : parts[0];
}

test('every core folder is a known layer', () => {
  for (const file of tsFiles(CORE)) assert.ok(layerOf(file)! in RANK, `${path.relative(SRC, file)} is in a layer of ARCHITECTURE.md`);
});

test('no core module imports upward, and net/ imports nothing else of the core', () => {
  const problems: string[] = [];
  for (const file of tsFiles(CORE)) {
    const from = layerOf(file)!;
    for (const target of imports(file)) {
      if (target.endsWith('.json')) continue;
      const to = layerOf(target);
      const name = `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`;
      if (to === undefined) problems.push(`${name}: the core imports a shell`);
      else if (RANK[to]! > RANK[from]!) problems.push(`${name}: ${from} imports ${to}, a higher layer`);
      else if (from === 'net' && to !== 'net') problems.push(`${name}: net/ imports another part of the core`);
      else if (from === 'yaml' && to !== 'yaml' && to !== '.') problems.push(`${name}: yaml/ imports another part of the core`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the client\'s cluster code and the core import no editor', () => {
  const editorImports = [...tsFiles(path.join(SRC, '..', '..', 'client', 'src', 'cluster')), ...tsFiles(CORE)]
    .filter((file) => /from '(vscode|vscode-languageserver[^']*|vscode-languageclient[^']*)'/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(editorImports, []);
});
