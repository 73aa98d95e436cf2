// A real Kubernetes API server for the cluster tests (test/cluster/) and the sandbox
// (`npm run cluster`, scripts/cluster/sandbox.ts): kube-apiserver (Kubernetes' own code, built from
// k8s.io/kubernetes by scripts/cluster/build-apiserver.sh) with an embedded etcd, listening with
// TLS on a free port of 127.0.0.1 (or StartOptions.port), RBAC on, and a kubeconfig with two users:
//   - context `spk-test`            user `spk-admin` (group system:masters): may do everything;
//   - context `spk-test-forbidden`  user `intruder` (token `forbidden-token`, no RBAC bindings):
//     every request but discovery/health is denied by the real RBAC authorizer.
// More users: create a ServiceAccount, bind a Role, and `kubectl create token` (TokenRequest works).
//
// Isolation: each server gets a fresh folder under the system temp folder with its own HOME,
// XDG_* dirs and TMPDIR (kubectl's discovery cache lands there) and the etcd data; stop() removes
// it. The server is stopped by stop(), on SIGINT/SIGTERM/SIGHUP, when this process exits, and by
// itself when this process dies (it watches its stdin pipe). A caller with its own signal handling
// (the sandbox) passes `handleSignals: false` and stops the server itself.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'cluster', 'build-apiserver.sh');
/** kubectl used by the helpers: `SPK_KUBECTL`, else `kubectl` from PATH. */
export const KUBECTL = process.env.SPK_KUBECTL ?? 'kubectl';

const READY_PREFIX = 'SPK_APISERVER_READY ';

export interface StartOptions {
  /**
   * Build the binary when it is missing or stale (default: true unless SPK_APISERVER_NO_BUILD=1).
   * A first build on a machine takes 5-10 minutes; CI should run the build script beforehand.
   */
  build?: boolean;
  /** Give up waiting for the ready line after this long (default 180 s). */
  readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, e.g. `--feature-gates=...`. */
  extraArgs?: string[];
  /** Name of the admin context (default `spk-test`; the denied one is `<name>-forbidden`). */
  context?: string;
  /** Name of the cluster in the kubeconfig (default `spk-test-cluster`). */
  clusterName?: string;
  /** Secure port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /**
   * Folder for etcd's data, certificates and tokens, kept at exit and reused at the next start
   * (etcd's data survives; certificates and tokens are new each time). Default: inside the
   * temporary folder, removed with it.
   */
  dataDir?: string;
  /**
   * Stop the server on SIGINT/SIGTERM/SIGHUP of this process, then re-raise the signal (default
   * true). With false the caller handles signals and calls stop(); the server is still killed when
   * this process exits and stops itself when this process dies.
   */
  handleSignals?: boolean;
  /**
   * Start the server in its own process group (default false), so that a Ctrl-C in the terminal
   * reaches only this process, which then stops the server once, gracefully (a second signal makes
   * kube-apiserver exit at once, without stopping etcd).
   */
  detached?: boolean;
  /** Aborting it while the server starts stops the server and rejects. */
  signal?: AbortSignal;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  /** Written to kubectl's stdin (for `-f -`). */
  input?: string;
  /** Context to use; default the admin context. */
  context?: string;
  timeoutMs?: number;
}

export interface ApiServer {
  /** Path of the kubeconfig (removed by stop()). */
  kubeconfig: string;
  /** Admin context (user spk-admin, system:masters). */
  context: string;
  /** Context whose user (`intruder`) every authorizer denies. */
  forbiddenContext: string;
  /** Cluster name in the kubeconfig. */
  cluster: string;
  /** `https://127.0.0.1:PORT`. */
  url: string;
  /** Process id of the server (kube-apiserver and etcd run in this one process). */
  pid: number;
  /** Resolves with the exit code when the server process ends (also an unexpected end). */
  exited: Promise<number | null>;
  /** Server version, e.g. `v1.32.13`. */
  version: string;
  /** Environment for running kubectl against this server in isolation (KUBECONFIG, HOME, XDG_*, TMPDIR). */
  env: NodeJS.ProcessEnv;
  /** Runs kubectl with `env` and `--context` (admin unless given); never throws on a non-zero exit. */
  kubectl(args: string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** Last lines the server wrote to stderr (kube-apiserver's log), for failure messages. */
  logTail(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 15 s) and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Returns the path of the built server, building it first if needed and allowed.
 * `SPK_APISERVER_BIN` overrides the path (nothing is built then).
 */
export async function ensureApiServerBinary(build = process.env.SPK_APISERVER_NO_BUILD !== '1'): Promise<string> {
  if (process.env.SPK_APISERVER_BIN) return process.env.SPK_APISERVER_BIN;
  const check = await run('bash', [BUILD_SCRIPT, '--check'], {});
  if (check.code === 0) return lastLine(check.stdout);
  if (check.code !== 3 || !build) {
    throw new Error(
      `The API server (kube-apiserver + etcd) is not built (or its sources changed). Run: bash scripts/cluster/build-apiserver.sh\n${check.stderr.trim()}`,
    );
  }
  process.stderr.write('[cluster] building the API server (scripts/cluster/build-apiserver.sh)...\n');
  const built = await run('bash', [BUILD_SCRIPT], { stderrTo: process.stderr });
  if (built.code !== 0) {
    throw new Error(`scripts/cluster/build-apiserver.sh failed (exit ${built.code}):\n${built.stderr.slice(-4000)}`);
  }
  return lastLine(built.stdout);
}

const running = new Set<{ child: ChildProcess; root: string }>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function killAll(signal: NodeJS.Signals): void {
  for (const r of running) {
    try {
      r.child.kill(signal);
    } catch {
      // already gone
    }
    try {
      rmSync(r.root, { recursive: true, force: true });
    } catch {
      // the server may still be writing; it removes its data dir itself
    }
  }
  running.clear();
}

function installExitHooks(signals: boolean): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => killAll('SIGKILL'));
  }
  if (!signals || signalHooksInstalled) return;
  signalHooksInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll('SIGTERM');
      process.kill(process.pid, sig);
    });
  }
}

export async function startApiServer(options: StartOptions = {}): Promise<ApiServer> {
  const bin = await ensureApiServerBinary(options.build ?? process.env.SPK_APISERVER_NO_BUILD !== '1');
  const root = mkdtempSync(path.join(tmpdir(), 'spk-apiserver-'));
  const dirs = {
    home: path.join(root, 'home'),
    config: path.join(root, 'xdg', 'config'),
    cache: path.join(root, 'xdg', 'cache'),
    data: path.join(root, 'xdg', 'data'),
    state: path.join(root, 'xdg', 'state'),
    tmp: path.join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const kubeconfig = path.join(root, 'kubeconfig');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_CACHE_HOME: dirs.cache,
    XDG_DATA_HOME: dirs.data,
    XDG_STATE_HOME: dirs.state,
    TMPDIR: dirs.tmp,
    KUBECONFIG: kubeconfig,
  };
  // gcloud's kubectl dispatcher and client-go must not pick up the developer's own settings.
  delete env.CLOUDSDK_CONFIG;
  delete env.KUBECTL_EXTERNAL_DIFF;

  const context = options.context ?? 'spk-test';
  const args = [
    '--data-dir', options.dataDir ? path.resolve(options.dataDir) : path.join(root, 'data'),
    '--kubeconfig', kubeconfig,
    '--context', context,
    '--exit-on-stdin-close',
    '--remove-on-exit', root,
    '--ready-timeout', `${Math.ceil((options.readyTimeoutMs ?? 180_000) / 1000)}s`,
  ];
  if (options.clusterName) args.push('--cluster-name', options.clusterName);
  if (options.port) args.push('--port', String(options.port));
  if (options.dataDir) args.push('--keep-data-dir');
  if (options.extraArgs?.length) args.push('--', ...options.extraArgs);

  if (options.signal?.aborted) {
    rmSync(root, { recursive: true, force: true });
    throw new Error('aborted before the API server was started');
  }
  installExitHooks(options.handleSignals ?? true);
  const child = spawn(bin, args, { env, cwd: root, stdio: ['pipe', 'pipe', 'pipe'], detached: options.detached ?? false });
  const entry = { child, root };
  running.add(entry);

  const tail: string[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    tail.push(...lines);
    if (tail.length > 300) tail.splice(0, tail.length - 300);
  });
  const logTail = () => [...tail, partial].filter(Boolean).slice(-80).join('\n');

  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.on('error', () => resolve(null));
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(entry);
      rmSync(root, { recursive: true, force: true });
    })();
    return stopping;
  };

  options.signal?.addEventListener('abort', () => void stop(), { once: true });

  let ready: { url: string; version: string; cluster: string; forbiddenContext: string; context: string };
  try {
    ready = await waitForReady(child, exited, options.readyTimeoutMs ?? 180_000, logTail);
  } catch (err) {
    await stop();
    throw err;
  }
  // A test that forgets stop() must not hang: nothing of the server keeps this process alive, and
  // the 'exit' hook (or, failing that, the closed stdin pipe) stops it.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();

  const server: ApiServer = {
    kubeconfig,
    context: ready.context,
    forbiddenContext: ready.forbiddenContext,
    cluster: ready.cluster,
    url: ready.url,
    pid: child.pid!,
    exited,
    version: ready.version,
    env,
    kubectl: (kargs, o = {}) =>
      run(KUBECTL, ['--context', o.context ?? ready.context, ...kargs], {
        env,
        input: o.input,
        timeoutMs: o.timeoutMs ?? 60_000,
      }),
    logTail,
    stop,
  };
  return server;
}

function waitForReady(
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
  logTail: () => string,
): Promise<{ url: string; version: string; cluster: string; forbiddenContext: string; context: string }> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    const finish = (err: Error | undefined, value?: ReturnType<typeof JSON.parse>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`the API server was not ready within ${timeoutMs} ms; its log ends with:\n${logTail()}`)),
      timeoutMs,
    );
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buf += chunk;
      for (const line of buf.split('\n')) {
        if (line.startsWith(READY_PREFIX)) {
          try {
            finish(undefined, JSON.parse(line.slice(READY_PREFIX.length)));
          } catch (e) {
            finish(new Error(`bad ready line ${JSON.stringify(line)}: ${String(e)}`));
          }
        }
      }
      buf = buf.slice(buf.lastIndexOf('\n') + 1);
    });
    child.on('error', (e) => finish(new Error(`cannot start the API server: ${e.message}`)));
    void exited.then((code) =>
      finish(new Error(`the API server exited (code ${code}) before it was ready; its log ends with:\n${logTail()}`)),
    );
  });
}

/**
 * Applies CRDs (YAML, several documents) server-side as the admin and waits until each named CRD is
 * Established and its resource is served (discovery has caught up).
 */
export async function installCrds(
  server: ApiServer,
  yaml: string,
  crds: { name: string; plural: string; group: string }[],
  fieldManager = 'spk-routes-tests',
): Promise<void> {
  const applied = await server.kubectl(['apply', '--server-side', `--field-manager=${fieldManager}`, '-f', '-'], {
    input: yaml,
  });
  if (applied.code !== 0) throw new Error(`installing CRDs failed: ${applied.stderr}`);
  const names = crds.map((c) => `crd/${c.name}`);
  const waited = await server.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names], {
    timeoutMs: 90_000,
  });
  if (waited.code !== 0) throw new Error(`CRDs not established: ${waited.stderr}`);
  for (const c of crds) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await server.kubectl(['get', `${c.plural}.${c.group}`, '--all-namespaces', '-o', 'name']);
      if (r.code === 0) break;
      if (Date.now() > deadline) throw new Error(`${c.plural}.${c.group} is not served: ${r.stderr}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string | undefined;
  timeoutMs?: number;
  cwd?: string;
  stderrTo?: NodeJS.WritableStream;
}

/** Runs a program with an argument array (no shell); resolves with its exit code and output. */
export function run(cmd: string, args: string[], options: RunOptions): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 0,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        let code = 0;
        if (e) code = typeof e.code === 'number' ? e.code : (child.exitCode ?? 1);
        if (e && typeof e.code === 'string') stderr = `${stderr}${e.message}\n`;
        if (e && (e as { killed?: boolean }).killed) stderr = `${stderr}${cmd} killed after ${options.timeoutMs} ms\n`;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.stderrTo) child.stderr?.on('data', (d) => options.stderrTo!.write(d));
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1].trim();
}
