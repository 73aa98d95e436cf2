// The sandbox cluster (`npm run cluster -- --kubeconfig PATH`, scripts/cluster/sandbox.ts) run as a
// user runs it: npm as a child process, waiting for `ready` on stdout, then the real kubectl on the
// kubeconfig it wrote, then SIGTERM (`kill PID`) or SIGINT to the process group (Ctrl-C in a
// terminal), checking that every process it started is gone, the port is closed and the
// temporary folder removed. Run: node --import tsx --test test/cluster/sandbox.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureApiServerBinary, KUBECTL, REPO_ROOT, run } from '../../scripts/cluster/apiserver';
import { generateCrds } from '../../scripts/cluster/crds';

const READY_TIMEOUT_MS = 60_000;

interface Sandbox {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run cluster -- ARGS` in its own process group (as a shell runs a foreground job). */
function startSandbox(args: string[]): Sandbox {
  const child = spawn('npm', ['run', 'cluster', '--', ...args], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForReady(sb: Sandbox): Promise<number> {
  const t0 = Date.now();
  let exited = false;
  void sb.exit.then(() => (exited = true));
  while (!sb.stdout().split('\n').includes('ready')) {
    if (exited) assert.fail(`the sandbox exited before "ready":\n${sb.stderr()}`);
    if (Date.now() - t0 > READY_TIMEOUT_MS) assert.fail(`no "ready" within ${READY_TIMEOUT_MS} ms:\n${sb.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t0;
}

async function waitForExit(sb: Sandbox, ms = 60_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the sandbox did not exit within ${ms} ms:\n${sb.stderr()}`)), ms);
  });
  try {
    return await Promise.race([sb.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every live descendant of `pid`, from /proc (pid → ppid, state), with its command line. */
function descendants(pid: number): { pid: number; cmdline: string[] }[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const out: { pid: number; cmdline: string[] }[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    let cmdline: string[] = [];
    try {
      cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      // gone meanwhile
    }
    out.push({ pid: p, cmdline });
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Alive = in /proc and not a zombie. */
function alive(pid: number): boolean {
  const s = procStat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setTimeout(3000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function route(name: string, namespace: string) {
  return {
    apiVersion: 'k8s.f5net.com/v1',
    kind: 'F5SPKStaticRoute',
    metadata: { name, namespace },
    spec: { destination: '10.20.0.0', prefixLen: 16, type: 'gateway', gateway: '10.10.255.252' },
  };
}

describe('npm run cluster: the sandbox cluster', () => {
  let dir: string;
  let userEnv: NodeJS.ProcessEnv;
  let kubeconfig: string;
  const started: Sandbox[] = [];
  const timings: string[] = [];
  // The user's kubectl: their own (empty) HOME, no KUBECONFIG, only --kubeconfig PATH.
  const kubectl = (args: string[], input?: string) =>
    run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { env: userEnv, input, timeoutMs: 60_000 });

  before(
    async () => {
      // A first build of the server on a new machine takes minutes; not charged to READY_TIMEOUT_MS.
      await ensureApiServerBinary();
      dir = mkdtempSync(path.join(tmpdir(), 'spk-sandbox-test-'));
      mkdirSync(path.join(dir, 'home'));
      userEnv = { ...process.env, HOME: path.join(dir, 'home') };
      delete userEnv.KUBECONFIG;
      delete userEnv.XDG_CACHE_HOME;
      delete userEnv.XDG_CONFIG_HOME;
      kubeconfig = path.join(dir, 'kube', 'config'); // its folder does not exist yet
    },
    { timeout: 30 * 60_000 },
  );
  after(() => {
    for (const sb of started) {
      if (sb.child.exitCode !== null || sb.child.signalCode !== null) continue;
      try {
        process.kill(-sb.child.pid!, 'SIGKILL'); // a failed test: the server stops itself when its stdin closes
      } catch {
        // gone
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (timings.length) process.stderr.write(`sandbox timings: ${timings.join('; ')}\n`);
  });

  /** Starts, waits for ready, returns what the stop checks need. */
  async function up(args: string[], label: string) {
    const t0 = Date.now();
    const sb = startSandbox(['--kubeconfig', kubeconfig, ...args]);
    started.push(sb);
    const readyMs = await waitForReady(sb);
    timings.push(`${label}: ready after ${(readyMs / 1000).toFixed(1)} s`);
    const procs = descendants(sb.child.pid!);
    const server = procs.find((p) => p.cmdline.some((a) => path.basename(a).startsWith('spk-test-apiserver')));
    assert.ok(server, `no API server among the sandbox's processes: ${JSON.stringify(procs)}`);
    const removeOnExit = server.cmdline[server.cmdline.indexOf('--remove-on-exit') + 1];
    assert.ok(removeOnExit && existsSync(removeOnExit), `temporary folder of the server: ${removeOnExit}`);
    const url = /server: (https:\/\/127\.0\.0\.1:(\d+))/.exec(readFileSync(kubeconfig, 'utf8'));
    assert.ok(url, 'kubeconfig names a loopback server');
    return { sb, t0, procs, serverPid: server.pid, tempDir: removeOnExit, port: Number(url[2]) };
  }

  async function assertStopped(s: Awaited<ReturnType<typeof up>>, label: string, sent: number) {
    const { code, signal } = await waitForExit(s.sb);
    const own = /spk-sandbox: stopped in ([\d.]+) s/.exec(s.sb.stderr())?.[1];
    timings.push(`${label}: exited ${((Date.now() - sent) / 1000).toFixed(1)} s after the signal (server stopped in ${own} s)`);
    assert.equal(signal, null, s.sb.stderr());
    assert.equal(code, 0, s.sb.stderr());
    assert.match(s.sb.stderr(), /spk-sandbox: stopped in [\d.]+ s/);
    const left = s.procs.filter((p) => alive(p.pid));
    assert.deepEqual(left, [], 'processes of the sandbox still alive');
    assert.equal(alive(s.serverPid), false);
    assert.equal(await portAnswers(s.port), false, `port ${s.port} still answers`);
    assert.equal(existsSync(s.tempDir), false, `${s.tempDir} not removed`);
    assert.ok(existsSync(kubeconfig), 'the kubeconfig is kept');
  }

  test('starts, serves the SPK CRDs to the user\'s kubectl, stops on SIGTERM', { timeout: 5 * 60_000 }, async () => {
    const s = await up([], 'SIGTERM run');
    assert.ok(s.sb.stdout().split('\n').includes('ready'));
    assert.doesNotMatch(s.sb.stdout(), /spk-sandbox:/, 'progress goes to stderr');

    const ctx = await kubectl(['config', 'current-context']);
    assert.equal(ctx.code, 0, ctx.stderr);
    assert.equal(ctx.stdout.trim(), 'spk-sandbox');
    const crds = await kubectl(['get', 'crd', '-o', 'name']);
    assert.equal(crds.code, 0, crds.stderr);
    const names = crds.stdout.trim().split('\n').map((l) => l.replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, ''));
    assert.ok(names.includes('f5-spk-staticroutes.k8s.f5net.com'), crds.stdout);
    assert.deepEqual(names.sort(), generateCrds().map((c) => c.name).sort());
    const none = await kubectl(['get', 'f5-spk-staticroutes', '-A']);
    assert.equal(none.code, 0, none.stderr);

    // The namespaces of examples/ exist, so the bundled examples apply as they are.
    const ns = await kubectl(['get', 'namespace', 'event1', 'lab', '-o', 'name']);
    assert.equal(ns.code, 0, ns.stderr);
    const ex = await kubectl(['apply', '--server-side', '--field-manager=spk-routes', '-f', path.join(REPO_ROOT, 'examples', 'event1', 'vlans.yaml')]);
    assert.equal(ex.code, 0, ex.stderr);
    assert.match(ex.stdout, /ingressroutevlan\.k8s\.f5net\.com\/external serverside-applied/);

    const applied = await kubectl(['apply', '--server-side', '--field-manager=spk-routes', '-f', '-'], JSON.stringify(route('sandbox-route', 'event1')));
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /f5spkstaticroute\.k8s\.f5net\.com\/sandbox-route serverside-applied/);
    const got = await kubectl(['get', 'f5-spk-staticroutes', 'sandbox-route', '-n', 'event1', '-o', 'json']);
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout).spec, route('sandbox-route', 'event1').spec);
    const rejected = await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify({ ...route('bad', 'event1'), spec: { ...route('bad', 'event1').spec, destination: '10.20.0.0/16' } }));
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /spec\.destination: Invalid value/);

    const sent = Date.now();
    process.kill(s.sb.child.pid!, 'SIGTERM'); // `kill PID` of npm
    await assertStopped(s, 'SIGTERM run', sent);
  });

  test('Ctrl-C (SIGINT to the process group) stops it; --port and --data keep the data for the next run', { timeout: 5 * 60_000 }, async () => {
    const port = await freePort();
    const data = path.join(dir, 'data');
    // The kubeconfig of the first test is the sandbox's own: it is overwritten without asking.
    const s = await up(['--port', String(port), '--data', data], 'SIGINT run');
    assert.equal(s.port, port);
    const applied = await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(route('kept-route', 'lab')));
    assert.equal(applied.code, 0, applied.stderr);
    const sent = Date.now();
    process.kill(-s.sb.child.pid!, 'SIGINT');
    await assertStopped(s, 'SIGINT run', sent);
    assert.ok(existsSync(path.join(data, 'etcd', 'member')), 'etcd data kept in --data');

    const again = await up(['--data', data], 'restart on --data');
    const got = await kubectl(['get', 'f5-spk-staticroutes', 'kept-route', '-n', 'lab', '-o', 'jsonpath={.spec.gateway}']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, '10.10.255.252');
    const sent2 = Date.now();
    process.kill(again.sb.child.pid!, 'SIGTERM');
    await assertStopped(again, 'restart on --data', sent2);
  });

  test('refuses to overwrite a kubeconfig it did not write', { timeout: 60_000 }, async () => {
    const theirs = path.join(dir, 'their-config');
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: prod',
      '  cluster: {server: "https://10.0.0.1:6443"}',
      'contexts:',
      '- name: prod',
      '  context: {cluster: prod, user: admin}',
      'current-context: prod',
      'users:',
      '- name: admin',
      '  user: {token: do-not-lose-me}',
      '',
    ].join('\n');
    writeFileSync(theirs, text);
    const sb = startSandbox(['--kubeconfig', theirs]);
    started.push(sb);
    const { code } = await waitForExit(sb);
    assert.equal(code, 2);
    assert.match(sb.stderr(), /spk-sandbox: refusing to overwrite .*their-config: it is not a kubeconfig written by the sandbox/);
    assert.doesNotMatch(sb.stdout(), /^ready$/m);
    assert.equal(readFileSync(theirs, 'utf8'), text);
    assert.doesNotMatch(sb.stderr(), /starting kube-apiserver/, 'refused before starting anything');
  });
});
