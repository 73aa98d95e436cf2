// The injection grammar's patterns on sample YAML lines (JavaScript and Oniguruma agree on the
// constructs used: alternation, bounded repeats, fixed-length lookbehind).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

interface Pattern { name: string; match: string }
const grammar = JSON.parse(readFileSync(join(__dirname, '..', '..', 'syntaxes', 'spk-addresses.injection.tmLanguage.json'), 'utf8')) as { injectionSelector: string; patterns: Pattern[] };

/** `ipv4` for meta.address.ipv4.spk-routes, `prefix-length` for meta.prefix-length.spk-routes. */
const kindOf = (scope: string) => scope.replace(/^meta\.(address\.)?/, '').replace(/\.spk-routes$/, '');

function tokens(line: string): string[] {
  const found: [number, string][] = [];
  for (const pattern of grammar.patterns) {
    const re = new RegExp(pattern.match, 'g');
    for (const m of line.matchAll(re)) found.push([m.index!, `${kindOf(pattern.name)}:${m[0]}`]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, t]) => t);
}

test('addresses and prefixes are scoped, in plain, quoted and flow values', () => {
  assert.equal(grammar.injectionSelector, 'L:source.yaml -comment');
  assert.deepEqual(tokens('  destination: 10.20.0.0'), ['ipv4:10.20.0.0']);
  assert.deepEqual(tokens('  gateway: "10.10.255.252"'), ['ipv4:10.10.255.252']);
  assert.deepEqual(tokens('  destination: 10.241.0.0/24'), ['ipv4:10.241.0.0/24']);
  assert.deepEqual(tokens('spec: {destination: "2001:db8:10::", prefixLen: 48, gateway: "fe80::1"}'), ['ipv6:2001:db8:10::', 'prefix-length:prefixLen: 48', 'ipv6:fe80::1']);
  assert.deepEqual(tokens('  selfip_v4s: [10.2.201.201, 10.2.201.202]'), ['ipv4:10.2.201.201', 'ipv4:10.2.201.202']);
  assert.deepEqual(tokens('  - "::ffff:192.0.2.1"'), ['ipv6:::ffff:192.0.2.1']);
  assert.deepEqual(tokens('  prefixlen_v4: 24'), ['prefix-length:prefixlen_v4: 24']);
});

test('things that only look like addresses are left alone', () => {
  assert.deepEqual(tokens('  interfaces: ["1.1"]'), []);
  assert.deepEqual(tokens('  image: registry.example/web:1.0.2'), []);
  assert.deepEqual(tokens('  version: 1.2.3.4.5'), []);
  assert.deepEqual(tokens('  destination: 10.20.300.0'), []);
  assert.deepEqual(tokens('  time: "12:30:45"'), []);
  assert.deepEqual(tokens('  mac: aa:bb:cc:dd:ee:ff'), []);
});
