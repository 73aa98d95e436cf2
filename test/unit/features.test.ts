import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { complete } from '../../server/src/core/features/completion.js';
import { hover } from '../../server/src/core/features/hover.js';
import { documentSymbols } from '../../server/src/core/features/symbols.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { withCursor } from '../support/cursor.js';

function hoverAt(marked: string): string | undefined {
  const { text, position } = withCursor(marked);
  return hover(new FileModel(text), position)?.markdown;
}

function completionsAt(marked: string): string[] {
  const { text, position } = withCursor(marked);
  return complete(new FileModel(text), text, position).map((e) => e.label);
}

const ROUTE = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: r1
  namespace: event1
spec:
  destination: DEST
  prefixLen: PLEN
  gateway: 10.10.255.252
  type: gateway
`;
const route = (destination: string, prefixLen: string) => ROUTE.replace('DEST', destination).replace('PLEN', prefixLen);

describe('hover', () => {
  test('on prefixLen: the prefix as ipcalc shows it', () => {
    const markdown = hoverAt(route('10.20.0.0', '|16'))!;
    assert.match(markdown, /\*\*10\.20\.0\.0\/16\*\* · private network \(RFC 1918\)/);
    for (const row of ['| Netmask | `255.255.0.0` = 16 |', '| Wildcard | `0.0.255.255` |', '| Broadcast | `10.20.255.255` |', '| HostMin | `10.20.0.1` |', '| HostMax | `10.20.255.254` |', '| Hosts/Net | 65,534 |', '| Addresses | 65,536 |']) {
      assert.ok(markdown.includes(row), `missing ${row} in\n${markdown}`);
    }
  });

  test('on destination: /31 and /32 rules, shared CGNAT space', () => {
    assert.match(hoverAt(route('100.64.0.|0', '31'))!, /CGNAT[\s\S]*\| HostMin \| `100\.64\.0\.0` \|[\s\S]*\| HostMax \| `100\.64\.0\.1` \|/);
    assert.match(hoverAt(route('192.0.2.|7', '32'))!, /documentation[\s\S]*\| Hosts\/Net \| 1 \(host route\) \|/i);
  });

  test('on an IPv6 destination: compressed and full forms, 2^n addresses', () => {
    const markdown = hoverAt(route('"fd00:1:2:3|::"', '64'))!;
    assert.match(markdown, /\*\*fd00:1:2:3::\/64\*\* · unique local/);
    assert.match(markdown, /fd00:0001:0002:0003:0000:0000:0000:0000/);
    assert.match(markdown, /18,446,744,073,709,551,616 \(2\^64\)/);
  });

  test('on a destination with host bits: names the real network', () => {
    assert.match(hoverAt(route('10.20.3.|4', '16'))!, /the network is \*\*10\.20\.0\.0\/16\*\*/);
  });

  test('on gateway and on a self IP: the address facts', () => {
    assert.match(hoverAt(ROUTE.replace('gateway: 10.10', 'gateway: 10.|10'))!, /gateway \\\(next hop\\\): \*\*10\.10\.255\.252\*\*/);
    const vlan = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v}\nspec:\n  selfip_v4s: [10.10.0.10, 10.10.0.|11]\n  prefixlen_v4: 16\n';
    const markdown = hoverAt(vlan)!;
    assert.match(markdown, /self IP of TMM replica 2/);
    assert.match(markdown, /connected network/);
    assert.match(markdown, /`10\.10\.0\.0\/16`/);
  });

  test('on a key: the schema description', () => {
    assert.match(hoverAt(route('10.20.0.0', '16').replace('  type:', '  ty|pe:'))!, /^\*\*type\*\* · string · seen on clusters\n\nKind of route/);
  });

  test('nothing on documents that are not SPK resources', () => {
    assert.equal(hoverAt('apiVersion: apps/v1\nkind: Deployment\nspec:\n  destination: 10.20.0.|0\n'), undefined);
  });
});

describe('completion', () => {
  test('keys of spec that are not there yet', () => {
    assert.deepEqual(completionsAt(route('10.20.0.0', '16').replace('  type: gateway\n', '  |\n')), ['type']);
    assert.deepEqual(completionsAt(ROUTE.replace(/spec:[\s\S]*/, 'spec:\n  |\n')), ['destination', 'prefixLen', 'gateway', 'type']);
  });

  test('keys carry their description and a snippet', () => {
    const { text, position } = withCursor(ROUTE.replace(/spec:[\s\S]*/, 'spec:\n  pre|\n'));
    const entry = complete(new FileModel(text), text, position).find((e) => e.label === 'prefixLen')!;
    assert.match(entry.documentation!, /Prefix length of the destination network/);
    assert.equal(entry.detail, 'integer 0–128');
    assert.deepEqual(entry.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 5 } });
  });

  test('enum values and kinds', () => {
    assert.deepEqual(completionsAt(route('10.20.0.0', '16').replace('type: gateway', 'type: |')), ['gateway', 'blackhole']);
    assert.deepEqual(completionsAt('apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nspec:\n  auto_lasthop: AUTO|\n'), ['AUTO_LASTHOP_ENABLED', 'AUTO_LASTHOP_DISABLED', 'AUTO_LASTHOP_DEFAULT']);
    assert.ok(completionsAt('kind: |').includes('F5SPKStaticRoute'));
    assert.deepEqual(completionsAt('kind: F5SPKEgress\napiVersion: |'), ['k8s.f5net.com/v2', 'k8s.f5net.com/v3']);
  });

  test('keys inside a list of maps', () => {
    assert.deepEqual(completionsAt('apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nspec:\n  allowed_services:\n    - protocol: TCP\n      |\n'), ['port']);
  });

  test('an empty document offers whole resources and apiVersion/kind pairs', () => {
    const labels = completionsAt('# routes\n|');
    assert.deepEqual(labels.slice(0, 4), ['F5SPKStaticRoute', 'IngressRouteStaticRoute', 'F5SPKVlan', 'IngressRouteVlan']);
    assert.ok(labels.includes('F5SPKEgress (k8s.f5net.com/v3)'));
  });

  test('nothing in documents of other kinds', () => {
    assert.deepEqual(completionsAt('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |\n'), []);
    assert.deepEqual(completionsAt('replicaCount: 1\n|'), []);
    assert.deepEqual(completionsAt('apiVersion: apps/v1\nkind: |'), []);
  });
});

describe('document symbols', () => {
  test('each resource as Kind name, with its spec fields', () => {
    const text = `${route('10.20.0.0', '16')}---\napiVersion: v1\nkind: ConfigMap\n---\napiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: external}\nspec: {selfip_v4s: [10.10.0.10]}\n`;
    const symbols = documentSymbols(new FileModel(text));
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line]), [
      ['F5SPKStaticRoute r1', 'namespace event1', 0, 9],
      ['F5SPKVlan external', undefined, 14, 17],
    ]);
    assert.deepEqual(symbols[0]!.children.map((c) => `${c.name}=${c.detail}`), ['destination=10.20.0.0', 'prefixLen=16', 'gateway=10.10.255.252', 'type=gateway']);
    assert.deepEqual(symbols[1]!.children.map((c) => `${c.name}=${c.detail}`), ['selfip_v4s=10.10.0.10']);
  });
});
