// The protocol's command ids are the ones package.json contributes, and every one is registered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
