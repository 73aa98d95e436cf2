// The protocol's command ids are the ones package.json contributes, and every one is registered.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMANDS } from '../../../server/src/protocol.js';

const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };

test('the command ids of protocol.ts are package.json contributes.commands', () => {
  assert.deepEqual(Object.values(COMMANDS), manifest.contributes.commands.map((c) => c.command));
});

test('the extension registers every command by its constant', () => {
  const extension = readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  const registered = [...extension.matchAll(/registerCommand\(COMMANDS\.(\w+)\b/g)].map((m) => m[1]);
  assert.deepEqual(registered.sort(), Object.keys(COMMANDS).sort());
});

test('the extension outside client/src/cluster imports no core module: only protocol.ts, vscode and the language client', () => {
  const CLIENT = path.join(ROOT, 'client', 'src');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'cluster' ? [] : files(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const problems: string[] = [];
  for (const file of files(CLIENT)) {
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const resolved = target!.startsWith('.') ? path.resolve(path.dirname(file), target!) : target!;
      const ok = target!.startsWith('.')
        ? resolved.startsWith(CLIENT + path.sep) || resolved === path.join(ROOT, 'server', 'src', 'protocol.js')
        : /^(vscode|vscode-languageclient(\/.*)?|node:.*)$/.test(target!);
      if (!ok) problems.push(`${path.relative(ROOT, file)} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});
