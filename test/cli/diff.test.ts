// `spk-route diff` on the built CLI: two files or folders, or the working tree against a git revision
// (`--base`, on a temporary repository), text and JSON, --exit-code, and the usage errors.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CLEAN = join(ROOT, 'test', 'fixtures', 'cli', 'clean');

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'diff', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

const routes = readFileSync(join(CLEAN, 'routes.yaml'), 'utf8');
const vlans = readFileSync(join(CLEAN, 'vlans.yaml'), 'utf8');
/** The seed route (10.20.0.0/16 via 10.10.255.252) is the second document of routes.yaml. */
const withoutSeed = routes.slice(0, routes.indexOf('# The seed use case')) + routes.slice(routes.indexOf('# Not an SPK resource'));
const route = (name: string, dest: string, len: number, gateway: string) => `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${name}, namespace: event1}\nspec: {destination: ${dest}, prefixLen: ${len}, type: gateway, gateway: ${gateway}}\n`;
const SEED_LINE = 'event1  10.20.0.0/16  → 10.10.0.1 on external (event1-default-route)  ⇒  → 10.10.255.252 on external (event1-static-route-10-10-20.0)';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'spk-diff-'));
  for (const [path, text] of Object.entries({ 'old/vlans.yaml': vlans, 'old/routes.yaml': withoutSeed, 'new/vlans.yaml': vlans, 'new/routes.yaml': routes })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('spk-route diff OLD NEW', () => {
  test('folders: one line per group, as the issue shows it; exit 0 without --exit-code', () => {
    const r = cli(dir, 'old', 'new');
    assert.deepEqual(r, { code: 0, stdout: `${SEED_LINE}\n`, stderr: '' });
  });

  test('files: a route file against another, with --default-namespace for resources that name none', () => {
    writeFileSync(join(dir, 'a.yaml'), route('r', '10.30.0.0', 16, '10.10.0.1').replace(', namespace: event1', ''));
    writeFileSync(join(dir, 'b.yaml'), route('r', '10.30.0.0', 24, '10.10.0.1').replace(', namespace: event1', ''));
    assert.deepEqual(cli(dir, 'a.yaml', 'b.yaml', '--default-namespace', 'spk'), {
      code: 0,
      stdout: 'spk  10.30.1.0/24, 10.30.2.0/23, 10.30.4.0/22, 10.30.8.0/21, 10.30.16.0/20, 10.30.32.0/19, 10.30.64.0/18, 10.30.128.0/17  gateway 10.10.0.1 on no connected network (r)  ⇒  no route\n',
      stderr: '',
    });
  });

  test('--json: {namespace, replicas, prefixes, before, after}, routes with their file and line as simulate --json gives them', () => {
    const r = cli(dir, 'old', 'new', '--json');
    assert.equal(r.code, 0, r.stderr);
    const route = (name: string, file: string, line: number) => ({ kind: 'IngressRouteStaticRoute', name, namespace: 'event1', file, line });
    assert.deepEqual(JSON.parse(r.stdout), [{
      namespace: 'event1', replicas: [1, 2], prefixes: ['10.20.0.0/16'],
      before: { outcome: 'forwarded', nextHop: '10.10.0.1', vlan: 'external', interface: 'vlan', route: route('event1-default-route', 'old/routes.yaml', 3) },
      after: { outcome: 'forwarded', nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan', route: route('event1-static-route-10-10-20.0', 'new/routes.yaml', 15) },
    }]);
  });

  test('--exit-code: 1 when traffic changes, 0 when not (the same routes renamed and in other files)', () => {
    assert.equal(cli(dir, 'old', 'new', '--exit-code').code, 1);
    mkdirSync(join(dir, 'moved'));
    writeFileSync(join(dir, 'moved', 'all.yaml'), `${vlans}---\n${routes.replace('name: "event1-static-route-10-10-20.0"', 'name: alternative-router')}`);
    assert.deepEqual(cli(dir, 'new', 'moved', '--exit-code'), { code: 0, stdout: '', stderr: '' });
    assert.deepEqual(cli(dir, 'new', 'moved', '--exit-code', '--json'), { code: 0, stdout: '[]\n', stderr: '' });
  });

  test('--namespace: that namespace only; one in neither set is a usage error', () => {
    assert.equal(cli(dir, 'old', 'new', '--namespace', 'event1').stdout, `${SEED_LINE}\n`);
    const r = cli(dir, 'old', 'new', '--namespace', 'other');
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', 'spk-route: namespace "other" has no routes or VLANs in these files (found: event1)\n']);
  });

  test('usage errors exit 2 with one line: the wrong number of paths, an unknown option, a missing path', () => {
    const one = cli(dir, 'old');
    assert.deepEqual([one.code, one.stderr], [2, 'spk-route: diff needs OLD and NEW (files or folders), or --base REF [paths...]; got 1 path\n']);
    assert.equal(cli(dir, 'old', 'new', 'more').code, 2);
    assert.deepEqual([cli(dir, 'old', 'new', '--format', 'json').stderr], ['spk-route: unknown option --format\n']);
    assert.deepEqual([cli(dir, 'old', 'gone').code, cli(dir, 'old', 'gone').stderr], [2, 'spk-route: cannot read gone: no such file or directory\n']);
  });

  test("an Infra's own table: labelled as table labels it, \"infra\" and the route's name in JSON", () => {
    const golden = readFileSync(join(ROOT, 'test', 'fixtures', 'real', 'infra', 'plan-2.3-dual.golden.yaml'), 'utf8');
    writeFileSync(join(dir, 'infra-old.yaml'), golden);
    writeFileSync(join(dir, 'infra-new.yaml'), golden.replace('    - 10.0.0.0/16\n', '    - 10.0.0.0/16\n    - 10.1.0.0/16\n'));
    assert.equal(cli(dir, 'infra-old.yaml', 'infra-new.yaml').stdout, 'f5-cne-system (Infra infra)  10.1.0.0/16  → 10.0.10.1 on ext-vlan (infra route bnk-egress-demo-default)  ⇒  → 10.0.20.1 on int-vlan (infra route bnk-egress-demo-vpc)\n');
    const [change] = JSON.parse(cli(dir, 'infra-old.yaml', 'infra-new.yaml', '--json').stdout);
    assert.deepEqual([change.namespace, change.infra, change.after.route], ['f5-cne-system', 'infra', { kind: 'Infra', name: 'infra', namespace: 'f5-cne-system', file: 'infra-new.yaml', line: 70, routeName: 'bnk-egress-demo-vpc' }]);
  });

  test('text escapes what comes from the files: a VLAN name with an escape sequence cannot drive the terminal', () => {
    writeFileSync(join(dir, 'evil.yaml'), 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v, namespace: event1}\nspec: {name: "ext\\e[31m\\nfake", selfip_v4s: [10.9.0.10], prefixlen_v4: 24}\n');
    const r = cli(dir, 'old/vlans.yaml', 'evil.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'event1 (TMM 1)  10.9.0.0/24  no route  ⇒  connected on ext\\x1b[31m\\nfake (v)');
    assert.doesNotMatch(r.stdout, /\x1b/);
  });
});

describe('spk-route diff --base REF', () => {
  let repo: string;
  before(() => {
    repo = join(dir, 'repo');
    mkdirSync(join(repo, 'manifests', 'event1'), { recursive: true });
    mkdirSync(join(repo, 'manifests', 'gone'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'manifests', 'event1', 'vlans.yaml'), vlans);
    writeFileSync(join(repo, 'manifests', 'event1', 'routes.yaml'), withoutSeed);
    writeFileSync(join(repo, 'manifests', 'event1', 'extra.yaml'), route('to-lab', '10.40.0.0', 16, '10.10.0.5'));
    writeFileSync(join(repo, 'manifests', 'gone', 'other.yaml'), route('other', '10.50.0.0', 16, '10.10.0.6').replace('event1', 'other'));
    writeFileSync(join(repo, 'README.md'), 'not yaml\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'routes');
    // The working tree: the seed added, extra.yaml deleted, new.yaml added, the gone folder removed.
    writeFileSync(join(repo, 'manifests', 'event1', 'routes.yaml'), routes);
    rmSync(join(repo, 'manifests', 'event1', 'extra.yaml'));
    writeFileSync(join(repo, 'manifests', 'event1', 'new.yaml'), route('host', '10.60.1.1', 32, '10.10.0.7'));
    rmSync(join(repo, 'manifests', 'gone'), { recursive: true });
  });

  test('the working tree against HEAD: a file changed, one deleted, one added, a folder gone; nothing checked out', () => {
    const r = cli(repo, '--base', 'HEAD');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n'), [
      SEED_LINE,
      'event1  10.40.0.0/16  → 10.10.0.5 on external (to-lab)  ⇒  → 10.10.0.1 on external (event1-default-route)',
      'event1  10.60.1.1/32  → 10.10.0.1 on external (event1-default-route)  ⇒  → 10.10.0.7 on external (host)',
      'other  10.50.0.0/16  gateway 10.10.0.6 on no connected network (other)  ⇒  no route',
      '',
    ]);
    assert.equal(git(repo, 'status', '--porcelain'), ' D manifests/event1/extra.yaml\n M manifests/event1/routes.yaml\n D manifests/gone/other.yaml\n?? manifests/event1/new.yaml\n');
  });

  test('paths from another folder, --json naming the files as the paths do, --exit-code', () => {
    const path = relative(ROOT, join(repo, 'manifests', 'event1'));
    const r = spawnSync(process.execPath, [CLI, 'diff', '--base', 'HEAD', path, '--json', '--exit-code'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const changes = JSON.parse(r.stdout);
    assert.deepEqual(changes.map((c: { prefixes: string[]; before: { route: { file: string } }; after: { route: { file: string } } }) => [c.prefixes, c.before.route.file, c.after.route.file]), [
      [['10.20.0.0/16'], join(path, 'routes.yaml'), join(path, 'routes.yaml')],
      [['10.40.0.0/16'], join(path, 'extra.yaml'), join(path, 'routes.yaml')],
      [['10.60.1.1/32'], join(path, 'routes.yaml'), join(path, 'new.yaml')],
    ]);
  });

  test('a folder that is gone from the working tree is compared with nothing; a path in neither is an error', () => {
    assert.equal(cli(repo, '--base', 'HEAD', 'manifests/gone').stdout, 'other  10.50.0.0/16  gateway 10.10.0.6 on no connected network (other)  ⇒  no route\n');
    const r = cli(repo, '--base', 'HEAD', 'manifests/never');
    assert.deepEqual([r.code, r.stderr], [2, 'spk-route: cannot read manifests/never: no such file or directory, in the working tree or in HEAD\n']);
  });

  test('no change against the working tree itself once committed; an older revision by its name', () => {
    git(repo, 'tag', 'before');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'seed');
    assert.deepEqual(cli(repo, '--base', 'HEAD', '--exit-code'), { code: 0, stdout: '', stderr: '' });
    assert.equal(cli(repo, '--base', 'before', '--exit-code').code, 1);
    assert.equal(cli(repo, '--base', 'HEAD~1', 'manifests/event1').stdout.split('\n')[0], SEED_LINE);
  });

  test('a file of the revision above --max-file-size is skipped with a warning, as the scan skips one', () => {
    writeFileSync(join(repo, 'big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n${route('big', '10.70.0.0', 16, '10.10.0.8')}`);
    git(repo, 'add', 'big.yaml');
    git(repo, 'commit', '-qm', 'big');
    const r = cli(repo, '--base', 'HEAD', '--max-file-size', '1');
    assert.deepEqual([r.code, r.stdout], [0, '']);
    assert.equal(r.stderr, 'spk-route: warning: skipped big.yaml in HEAD: 2 MB is above the 1 MB limit of --max-file-size\nspk-route: warning: skipped big.yaml: 2 MB is above the 1 MB limit of --max-file-size\n');
  });

  test('errors exit 2: a path outside any repository, an unknown revision, a revision that looks like an option', () => {
    const outside = mkdtempSync(join(tmpdir(), 'spk-diff-norepo-'));
    try {
      writeFileSync(join(outside, 'r.yaml'), route('r', '10.0.0.0', 8, '10.10.0.1'));
      const r = cli(outside, '--base', 'HEAD', 'r.yaml');
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', 'spk-route: r.yaml is not in a git repository\n']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const unknown = cli(repo, '--base', 'no-such-branch');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^spk-route: unknown git revision "no-such-branch" in .*repo\n$/);
    assert.deepEqual([cli(repo, '--base=--output=x').code, cli(repo, '--base=--output=x').stderr], [2, 'spk-route: "--output=x" is not a git revision\n']);
  });
});

describe('spk-route diff with scopes (folders marked .spk-scope)', () => {
  test('OLD and NEW folders: each scope is compared with the same scope of the other side', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spk-diff-scopes-'));
    try {
      for (const side of ['old', 'new']) {
        spawnSync('cp', ['-r', join(ROOT, 'test', 'fixtures', 'layouts', 'alternatives'), join(dir, side)]);
      }
      const v2 = join(dir, 'new', 'lab-v2', 'vlans.yaml');
      writeFileSync(v2, readFileSync(v2, 'utf8').replace('gateway: 10.1.10.254', 'gateway: 10.1.10.253'));
      const r = cli(dir, 'old', 'new');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split('\n').length, 2, r.stdout);
      assert.ok(r.stdout.startsWith('default [lab-v2]  0.0.0.0/5, '), r.stdout);
      assert.ok(r.stdout.endsWith('  → 10.1.10.254 on external (default-route-v2)  ⇒  → 10.1.10.253 on external (default-route-v2)\n'), r.stdout);
      const [change, ...rest] = JSON.parse(cli(dir, 'old', 'new', '--json').stdout);
      assert.deepEqual(rest, []);
      assert.equal(change.scope, 'lab-v2');
      // The changed default route covers everything but lab-v2's connected network.
      assert.ok(!change.prefixes.some((p: string) => p.startsWith('10.1.10.')), change.prefixes.join(' '));
      assert.equal(change.prefixes.length, 24);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--base: the revision\'s markers scope its files as the working tree\'s scope them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spk-diff-scopes-git-'));
    try {
      for (const version of ['lab-v1', 'lab-v2']) spawnSync('cp', ['-r', join(ROOT, 'test', 'fixtures', 'layouts', 'alternatives', version), dir]);
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'two versions');
      // An unchanged tree: no change, even though the two versions differ from each other.
      assert.deepEqual(cli(dir, '--base', 'HEAD', '--exit-code'), { code: 0, stdout: '', stderr: '' });
      const v1 = join(dir, 'lab-v1', 'vlans.yaml');
      writeFileSync(v1, readFileSync(v1, 'utf8').replace('gateway: 10.1.10.1', 'gateway: 10.1.10.2'));
      const changes = JSON.parse(cli(dir, '--base', 'HEAD', '--json').stdout);
      assert.deepEqual(changes.map((c: { scope: string; before: { nextHop: string }; after: { nextHop: string } }) => [c.scope, c.before.nextHop, c.after.nextHop]), [['lab-v1', '10.1.10.1', '10.1.10.2']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
