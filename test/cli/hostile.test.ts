// The built CLI (`node dist/cli.js`) on hostile folders: symbolic link cycles, a FIFO, links to / and
// /dev/zero, a 1 GB sparse file, an unreadable folder, UTF-16 files. It finishes, reads each real file
// once, warns about what it skipped, and its exit code is that of what it could read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addHostileEntries } from '../support/hostileFolder.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BROKEN = join(ROOT, 'test', 'fixtures', 'cli', 'broken', 'routes.yml'); // 2 errors, 1 warning
const CLEAN = join(ROOT, 'test', 'fixtures', 'cli', 'clean');

/** Runs the CLI in the repository; `uid` runs it as that user (as root, to make mode 000 count). */
function cli(args: string[], uid?: number) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, ...(uid === undefined ? {} : { uid, gid: uid }) });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

let base: string;
const shown = (path: string) => relative(ROOT, path);

before(() => {
  base = mkdtempSync(join(tmpdir(), 'spk-cli-hostile-'));
  chmodSync(base, 0o755);
});
after(() => rmSync(base, { recursive: true, force: true }));

describe('lint on a folder with loops, a FIFO, links to / and /dev/zero and a 1 GB file', () => {
  let dir: string;
  before(() => {
    dir = join(base, 'hostile');
    mkdirSync(dir);
    copyFileSync(BROKEN, join(dir, 'routes.yml'));
    addHostileEntries(dir);
  });

  test('finishes, lints each file once, warns about each skipped path, exits 1 for the errors it read', () => {
    const start = performance.now();
    const r = cli(['lint', shown(dir)]);
    assert.ok(performance.now() - start < 10_000);
    assert.equal(r.signal, null, 'it finished by itself');
    assert.equal(r.code, 1, r.stderr);
    const files = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    assert.deepEqual(files, [`${shown(dir)}/routes.yml`, `${shown(dir)}/routes.yml`, `${shown(dir)}/routes.yml`]);
    assert.match(r.stdout, /\n2 errors, 1 warning, 0 hints\n$/);
    assert.doesNotMatch(r.stdout, /duplicate-route/);
    assert.equal(r.stderr, [
      `spk-route: warning: skipped ${shown(dir)}/fifo.yaml: a FIFO, not a regular file`,
      `spk-route: warning: skipped ${shown(dir)}/to-root: a symbolic link to /, outside ${dir}`,
      `spk-route: warning: skipped ${shown(dir)}/zero.yaml: a symbolic link to /dev/zero, outside ${dir}`,
      `spk-route: warning: skipped ${shown(dir)}/big.yaml: 1024 MB is above the 10 MB limit of --max-file-size`,
      '',
    ].join('\n'));
  });

  test('exit 0 when what it read has no error; table and simulate finish too', () => {
    rmSync(join(dir, 'routes.yml'));
    copyFileSync(join(CLEAN, 'routes.yaml'), join(dir, 'routes.yaml'));
    copyFileSync(join(CLEAN, 'vlans.yaml'), join(dir, 'vlans.yaml'));
    const lint = cli(['lint', shown(dir)]);
    assert.equal(lint.code, 0, lint.stderr);
    assert.equal(lint.stdout, '0 errors, 0 warnings, 0 hints\n');
    assert.equal(lint.stderr.split('\n').filter(Boolean).length, 4);
    const table = cli(['table', shown(dir), '--json']);
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(JSON.parse(table.stdout).map((t: { namespace: string; routes: unknown[] }) => [t.namespace, t.routes.length]), [['event1', 4]]);
    const simulate = cli(['simulate', shown(dir), '--dest', '10.20.3.4', '--json']);
    assert.equal(simulate.code, 0, simulate.stderr);
    assert.deepEqual(JSON.parse(simulate.stdout).map((h: { outcome: string; route: { file: string } }) => [h.outcome, h.route.file]), [['forwarded', `${shown(dir)}/routes.yaml`]]);
  });
});

describe('unreadable paths: a warning line, and the exit code of what was read', () => {
  let dir: string;
  // Root reads any folder: as root the CLI runs as nobody, for whom mode 000 is unreadable for real.
  const uid = process.getuid?.() === 0 ? 65534 : undefined;
  before(() => {
    dir = join(base, 'perm');
    mkdirSync(join(dir, 'locked'), { recursive: true });
    copyFileSync(BROKEN, join(dir, 'locked', 'hidden.yml'));
    copyFileSync(BROKEN, join(dir, 'routes.yml'));
    writeFileSync(join(dir, 'private.yaml'), 'kind: x\n');
    chmodSync(join(dir, 'private.yaml'), 0o000);
    chmodSync(join(dir, 'locked'), 0o000);
  });
  after(() => chmodSync(join(dir, 'locked'), 0o755));

  test('an unreadable folder and file inside the path: skipped, the rest linted (exit 1 for its errors)', () => {
    const r = cli(['lint', shown(dir)], uid);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /\n2 errors, 1 warning, 0 hints\n$/);
    assert.equal(r.stderr, [
      `spk-route: warning: skipped ${shown(dir)}/locked: permission denied`,
      `spk-route: warning: skipped ${shown(dir)}/private.yaml: permission denied`,
      '',
    ].join('\n'));
  });

  test('an unreadable folder as the path: a warning, nothing linted, exit 0', () => {
    const r = cli(['lint', shown(join(dir, 'locked'))], uid);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 hints\n');
    assert.equal(r.stderr, `spk-route: warning: skipped ${shown(dir)}/locked: permission denied\n`);
  });

  test('a path that does not exist is still a usage error', () => {
    const r = cli(['lint', shown(dir), shown(join(dir, 'missing'))]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `spk-route: cannot read ${shown(dir)}/missing: no such file or directory\n`);
  });
});

describe('--max-file-size MB', () => {
  let dir: string;
  before(() => {
    dir = join(base, 'sizes');
    mkdirSync(dir);
    // 1.49 MB: the broken routes, then comment documents of 0.5 MB each
    const padding = `---\n${'# padding padding padding padding padding padding padding\n'.repeat(9_000)}`;
    writeFileSync(join(dir, 'large.yml'), `${readFileSync(BROKEN, 'utf8')}${padding.repeat(3)}`);
  });

  test('a file named on the command line is read above the default limit; found in a folder, it is not', () => {
    const big = join(base, 'named');
    mkdirSync(big);
    const padding = `---\n${'# padding padding padding padding padding padding padding\n'.repeat(9_000)}`;
    writeFileSync(join(big, 'routes.yml'), `${readFileSync(BROKEN, 'utf8')}${padding.repeat(22)}`); // 11 MB
    const named = cli(['lint', shown(join(big, 'routes.yml'))]);
    assert.equal(named.code, 1, named.stderr);
    assert.equal(named.stderr, '');
    const found = cli(['lint', shown(big)]);
    assert.equal(found.code, 0);
    assert.match(found.stderr, /^spk-route: warning: skipped .*routes\.yml: 11 MB is above the 10 MB limit of --max-file-size\n$/);
    assert.equal(cli(['lint', shown(join(big, 'routes.yml')), '--max-file-size', '10']).code, 0, 'an explicit limit holds for named files too');
  });

  test('default 10: the 1.49 MB file is linted', () => {
    const r = cli(['lint', shown(dir)]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
  });

  test('1: skipped with a warning, exit 0; the same for table and simulate', () => {
    const r = cli(['lint', shown(dir), '--max-file-size', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 hints\n');
    const warning = `spk-route: warning: skipped ${shown(dir)}/large.yml: 1.49 MB is above the 1 MB limit of --max-file-size\n`;
    assert.equal(r.stderr, warning);
    assert.equal(cli(['table', shown(dir), '--max-file-size=1', '--json']).stderr, warning);
    const simulate = cli(['simulate', shown(dir), '--dest', '10.0.0.1', '--max-file-size', '1', '--json']);
    assert.equal(simulate.stderr, warning);
    assert.deepEqual(JSON.parse(simulate.stdout), []);
  });

  test('2: read again', () => {
    assert.equal(cli(['lint', shown(dir), '--max-file-size', '2']).code, 1);
  });

  test('not a positive number: a usage error', () => {
    for (const bad of ['0', '-1', 'ten', 'Infinity']) {
      const r = cli(['lint', shown(dir), '--max-file-size', bad]);
      assert.equal(r.code, 2, bad);
      assert.equal(r.stderr, `spk-route: --max-file-size must be a positive number of megabytes, not "${bad}"\n`);
    }
  });
});

describe('encodings', () => {
  test('UTF-16 LE and BE with a BOM, UTF-8 with a BOM: linted at the positions an editor shows', () => {
    const dir = join(base, 'encodings');
    mkdirSync(dir);
    const text = readFileSync(BROKEN, 'utf8');
    // One namespace each, so that the three copies do not duplicate each other's routes.
    writeFileSync(join(dir, 'u8.yml'), `\uFEFF${text.replaceAll('spk', 'spk8')}`);
    writeFileSync(join(dir, 'le.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll('spk', 'spk16le'), 'utf16le')]));
    writeFileSync(join(dir, 'be.yml'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.replaceAll('spk', 'spk16be'), 'utf16le').swap16()]));
    const r = cli(['lint', shown(dir), '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const records = JSON.parse(r.stdout) as { file: string; line: number; column: number; code: string }[];
    const where = (name: string) => records.filter((x) => x.file.endsWith(name)).map((x) => `${x.line}:${x.column} ${x.code}`);
    for (const name of ['be.yml', 'le.yml', 'u8.yml']) {
      assert.deepEqual(where(name), ['9:1 missing-field', '10:16 destination-cidr', '17:71 gateway-unreachable'], name);
    }
  });
});
