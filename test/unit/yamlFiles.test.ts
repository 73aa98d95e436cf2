// The workspace walker and the file reader on real, hostile temporary trees: symbolic link cycles,
// links out of the root, a FIFO, a device, a 1 GB sparse file, an unreadable folder, UTF-16 and BOMs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  decodeText,
  FileAccessError,
  findYamlFilesAsync,
  findYamlFilesSync,
  maxFileBytes,
  readYamlFileAsync,
  readYamlFileSync,
  resolveInRootAsync,
  type FoundFile,
  type Skip,
  type WalkOptions,
} from '../../server/src/node/yamlFiles.js';

const ROUTE = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: café}\n';
const TEN_MB = maxFileBytes(undefined);

let base: string;
let root: string;
let outside: string;

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

before(() => {
  base = mkdtempSync(join(tmpdir(), 'spk-walk-'));
  chmodSync(base, 0o755); // the unreadable-folder test walks it as another user
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.yaml'), ROUTE);
  writeFileSync(join(root, 'a.yaml'), ROUTE);
  writeFileSync(join(root, 'notes.txt'), 'not yaml');
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'b.yml'), ROUTE);
  symlinkSync('..', join(root, 'sub', 'up')); // a cycle through the parent
  symlinkSync('.', join(root, 'loop')); // two cycles through the root
  symlinkSync('.', join(root, 'loop2'));
  symlinkSync('sub', join(root, 'link-sub')); // a folder inside the root: followed once
  symlinkSync('/', join(root, 'to-root'));
  symlinkSync(outside, join(root, 'to-outside'));
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'secret.yaml'));
  symlinkSync('/dev/zero', join(root, 'zero.yaml'));
  symlinkSync('nowhere.yaml', join(root, 'dangling.yaml'));
  execFileSync('mkfifo', [join(root, 'fifo.yaml')]);
  const fd = openSync(join(root, 'big.yaml'), 'w');
  ftruncateSync(fd, 1024 ** 3); // 1 GB, sparse: no disk used
  closeSync(fd);
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules', 'dep.yaml'), ROUTE);
  symlinkSync('node_modules', join(root, 'deps'));
  writeFileSync(join(root, 'utf16le.yaml'), utf16(ROUTE, 'le'));
  writeFileSync(join(root, 'utf16be.yaml'), utf16(ROUTE, 'be'));
  writeFileSync(join(root, 'bom8.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROUTE)]));
});

after(() => rmSync(base, { recursive: true, force: true }));

const rel = (files: FoundFile[]) => files.map((f) => relative(root, f.path));
const EXPECTED_FILES = ['a.yaml', 'big.yaml', 'bom8.yaml', 'sub/b.yml', 'utf16be.yaml', 'utf16le.yaml'];
const EXPECTED_SKIPS = [
  ['fifo.yaml', 'not-a-file', 'a FIFO, not a regular file'],
  ['secret.yaml', 'outside', 'a symbolic link to OUT/secret.yaml, outside ROOT'],
  ['to-outside', 'outside', 'a symbolic link to OUT, outside ROOT'],
  ['to-root', 'outside', 'a symbolic link to /, outside ROOT'],
  ['zero.yaml', 'outside', 'a symbolic link to /dev/zero, outside ROOT'],
];
const shownSkips = (skips: Skip[]) =>
  skips.map((s) => [relative(root, s.path), s.kind, s.reason.replaceAll(outside, 'OUT').replaceAll(root, 'ROOT')]);

const walkers: [string, (r: string, o?: WalkOptions) => Promise<FoundFile[]>][] = [
  ['sync', async (r, o) => findYamlFilesSync(r, o)],
  ['async', findYamlFilesAsync],
];

for (const [name, find] of walkers) {
  describe(`the walk (${name})`, () => {
    test('each real file once: cycles and links out of the root are not followed, FIFOs and devices not taken', { timeout: 10_000 }, async () => {
      const skips: Skip[] = [];
      const files = await find(root, { onSkip: (s) => skips.push(s) });
      assert.deepEqual(rel(files), EXPECTED_FILES);
      assert.deepEqual(files.map((f) => f.realPath), EXPECTED_FILES.map((f) => join(root, f)));
      assert.deepEqual(shownSkips(skips), EXPECTED_SKIPS);
    });

    test('a root reached through a link keeps its name in the paths', async () => {
      const alias = join(base, 'alias');
      symlinkSync(root, alias);
      try {
        const files = await find(alias);
        assert.deepEqual(files.map((f) => relative(alias, f.path)), EXPECTED_FILES);
        assert.equal(files[0]!.realPath, join(root, 'a.yaml'));
      } finally {
        rmSync(alias);
      }
    });

    test('files.exclude is matched against the relative path, of the entry and of a link target', async () => {
      const files = await find(root, { isExcluded: (p) => p === 'sub' || p.endsWith('be.yaml') });
      assert.deepEqual(rel(files), ['a.yaml', 'big.yaml', 'bom8.yaml', 'utf16le.yaml']);
    });

    test('a file as the root is taken as given; a missing root is an error', async () => {
      assert.deepEqual(await find(join(root, 'sub', 'b.yml')), [{ path: join(root, 'sub', 'b.yml'), realPath: join(root, 'sub', 'b.yml') }]);
      await assert.rejects(find(join(base, 'no-such-dir')), (e: unknown) => e instanceof FileAccessError && e.message === `cannot read ${join(base, 'no-such-dir')}: no such file or directory`);
    });

    test('a deep tree does not run out of stack', async () => {
      const deep = join(base, `deep-${name}`);
      let dir = deep;
      for (let i = 0; i < 200; i++) dir = join(dir, 'd');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'x.yaml'), ROUTE);
      try {
        assert.equal((await find(deep)).length, 1);
      } finally {
        rmSync(deep, { recursive: true, force: true });
      }
    });
  });
}

// Root reads any folder (CAP_DAC_OVERRIDE), so as root the walk runs with the effective user id of
// `nobody`, for which a folder of mode 000 is unreadable for real; other users need no switch.
async function asUnprivileged<T>(run: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return run();
  process.setegid!(65534);
  process.seteuid!(65534);
  try {
    return await run();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

describe('unreadable folders and files', () => {
  let tree: string;
  before(() => {
    tree = join(base, 'perm');
    mkdirSync(join(tree, 'locked'), { recursive: true });
    mkdirSync(join(tree, 'open'));
    writeFileSync(join(tree, 'locked', 'hidden.yaml'), ROUTE);
    writeFileSync(join(tree, 'open', 'ok.yaml'), ROUTE);
    writeFileSync(join(tree, 'z.yaml'), ROUTE);
    writeFileSync(join(tree, 'private.yaml'), ROUTE);
    chmodSync(join(tree, 'private.yaml'), 0o000);
    chmodSync(join(tree, 'locked'), 0o000);
    chmodSync(tree, 0o755);
  });
  after(() => chmodSync(join(tree, 'locked'), 0o755));

  for (const [name, find] of walkers) {
    test(`a folder that cannot be read is reported; the rest of the tree is still found (${name})`, async () => {
      const skips: Skip[] = [];
      const files = await asUnprivileged(() => find(tree, { onSkip: (s) => skips.push(s) }));
      assert.deepEqual(files.map((f) => relative(tree, f.path)), ['open/ok.yaml', 'private.yaml', 'z.yaml']);
      assert.deepEqual(skips, [{ path: join(tree, 'locked'), kind: 'unreadable', reason: 'permission denied' }]);
    });
  }

  test('a file that cannot be read is a skip, not an exception', async () => {
    const path = join(tree, 'private.yaml');
    const expected = { skip: { path, kind: 'unreadable', reason: 'permission denied' } };
    assert.deepEqual(await asUnprivileged(async () => readYamlFileSync(path, TEN_MB)), expected);
    assert.deepEqual(await asUnprivileged(() => readYamlFileAsync(path, TEN_MB)), expected);
  });

  test('an unreadable root is reported, not thrown', async () => {
    const skips: Skip[] = [];
    assert.deepEqual(await asUnprivileged(() => findYamlFilesAsync(join(tree, 'locked', 'inner'), { onSkip: (s) => skips.push(s) })), []);
    assert.deepEqual(skips.map((s) => [s.kind, s.reason]), [['unreadable', 'permission denied']]);
  });
});

const readers: [string, (path: string, max: number) => Promise<ReturnType<typeof readYamlFileSync>>][] = [
  ['sync', async (p, m) => readYamlFileSync(p, m)],
  ['async', readYamlFileAsync],
];

for (const [name, readFile] of readers) {
  describe(`the read (${name})`, () => {
    test('UTF-8 with and without a BOM, UTF-16 LE and BE after their BOM: the text an editor shows', async () => {
      for (const file of ['a.yaml', 'bom8.yaml', 'utf16le.yaml', 'utf16be.yaml']) {
        assert.deepEqual(await readFile(join(root, file), TEN_MB), { text: ROUTE }, file);
      }
    });

    test('a 1 GB sparse file is skipped by its size, at once', async () => {
      const start = performance.now();
      const result = await readFile(join(root, 'big.yaml'), TEN_MB);
      assert.ok(performance.now() - start < 200, `took ${performance.now() - start} ms`);
      assert.deepEqual(result, { skip: { path: join(root, 'big.yaml'), kind: 'too-large', reason: '1024 MB is above the 10 MB limit' } });
    });

    test('the limit is in MiB; a file just above it is named in bytes', async () => {
      const path = join(base, `limit-${name}.yaml`);
      writeFileSync(path, Buffer.alloc(1024 * 1024 + 1, 0x20));
      try {
        assert.deepEqual(await readFile(path, maxFileBytes(1)), { skip: { path, kind: 'too-large', reason: '1048577 bytes is above the 1 MB limit' } });
        assert.equal(((await readFile(path, maxFileBytes(2))) as { text: string }).text.length, 1024 * 1024 + 1);
      } finally {
        rmSync(path);
      }
    });

    test('a FIFO and a device are never opened for reading: a skip, without blocking', { timeout: 5_000 }, async () => {
      assert.deepEqual(await readFile(join(root, 'fifo.yaml'), TEN_MB), { skip: { path: join(root, 'fifo.yaml'), kind: 'not-a-file', reason: 'a FIFO, not a regular file' } });
      assert.deepEqual(await readFile(join(root, 'zero.yaml'), TEN_MB), { skip: { path: join(root, 'zero.yaml'), kind: 'not-a-file', reason: 'a character device, not a regular file' } });
      assert.deepEqual(await readFile('/dev/zero', TEN_MB), { skip: { path: '/dev/zero', kind: 'not-a-file', reason: 'a character device, not a regular file' } });
    });

    test('a missing file and a folder are skips', async () => {
      assert.deepEqual(await readFile(join(root, 'gone.yaml'), TEN_MB), { skip: { path: join(root, 'gone.yaml'), kind: 'unreadable', reason: 'no such file or directory' } });
      assert.deepEqual(await readFile(join(root, 'sub'), TEN_MB), { skip: { path: join(root, 'sub'), kind: 'not-a-file', reason: 'a directory, not a regular file' } });
    });
  });
}

test('decodeText: BOMs stripped, UTF-16 with odd bytes and astral characters, bad UTF-8 replaced', () => {
  const text = 'a: "☃ 𝄞"\n';
  assert.equal(decodeText(utf16(text, 'le')), text);
  assert.equal(decodeText(utf16(text, 'be')), text);
  assert.equal(decodeText(Buffer.concat([utf16('ab', 'le'), Buffer.from([0x41])])), 'ab\uFFFD');
  assert.equal(decodeText(Buffer.concat([utf16('ab', 'be'), Buffer.from([0x41])])), 'ab\uFFFD');
  assert.equal(decodeText(Buffer.from([0xef, 0xbb, 0xbf])), '');
  assert.equal(decodeText(Buffer.from([0x61, 0xff, 0x62])), 'a\uFFFDb');
  assert.equal(decodeText(Buffer.from('\uFEFF', 'utf8').subarray(0, 2)), '\uFFFD');
});

test('maxFileBytes: megabytes (MiB) to bytes; anything but a positive number is the default of 10', () => {
  assert.equal(maxFileBytes(1), 1048576);
  assert.equal(maxFileBytes(2.5), 2621440);
  for (const bad of [undefined, 0, -1, Number.NaN, Infinity, '5']) assert.equal(maxFileBytes(bad), 10 * 1048576, String(bad));
});

describe('resolveInRootAsync (file-watcher events)', () => {
  test('a file of the root, a file reached through a link inside it, a link out of it', async () => {
    assert.deepEqual(await resolveInRootAsync(root, join(root, 'a.yaml')), { path: join(root, 'a.yaml'), realPath: join(root, 'a.yaml') });
    assert.deepEqual(await resolveInRootAsync(root, join(root, 'link-sub', 'b.yml')), { path: join(root, 'sub', 'b.yml'), realPath: join(root, 'sub', 'b.yml') });
    assert.deepEqual(await resolveInRootAsync(root, join(root, 'loop', 'loop2', 'a.yaml')), { path: join(root, 'a.yaml'), realPath: join(root, 'a.yaml') });
    assert.deepEqual(await resolveInRootAsync(root, join(root, 'zero.yaml')), { path: join(root, 'zero.yaml'), kind: 'outside', reason: `a symbolic link to /dev/zero, outside ${root}` });
  });

  test('gone, excluded, or under node_modules: nothing to load', async () => {
    assert.equal(await resolveInRootAsync(root, join(root, 'gone.yaml')), undefined);
    assert.equal(await resolveInRootAsync(root, join(root, 'dangling.yaml')), undefined);
    assert.equal(await resolveInRootAsync(root, join(root, 'deps', 'dep.yaml')), undefined);
    assert.equal(await resolveInRootAsync(root, join(root, 'node_modules', 'dep.yaml')), undefined);
    assert.equal(await resolveInRootAsync(root, join(root, 'a.yaml'), (p) => p === 'a.yaml'), undefined);
  });
});
