// A local sandbox cluster for trying "Apply Routes to Cluster" and kubectl without a real cluster:
// the project's kube-apiserver with etcd (scripts/cluster/apiserver.ts; built on first use by
// scripts/cluster/build-apiserver.sh), the SPK CRDs generated from schemas/ (the same the cluster
// tests install), the namespaces that examples/ uses, and an admin kubeconfig at the path you name.
//
//   npm run cluster -- --kubeconfig PATH [--port N] [--data DIR] [--namespace NS]...
//   (the same: node --import tsx scripts/cluster/sandbox.ts --kubeconfig PATH ...)
//
// stdout gets one line, `ready`, once the server serves with the CRDs and namespaces in place;
// everything else goes to stderr. SIGINT (Ctrl-C), SIGTERM or SIGHUP stop the server gracefully
// (kube-apiserver, then etcd: one process), remove the temporary folder and exit 0. The
// kubeconfig is kept (the next run overwrites it); an existing PATH is only overwritten when it
// is empty or a kubeconfig this command wrote (its only cluster is `spk-sandbox` on 127.0.0.1).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { installCrds, KUBECTL, REPO_ROOT, run, startApiServer, type ApiServer } from './apiserver';
import { crdsToYaml, generateCrds } from './crds';

export const SANDBOX_CONTEXT = 'spk-sandbox';
export const SANDBOX_CLUSTER = 'spk-sandbox';
const MANAGER = 'spk-routes-sandbox';
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const USAGE = `Usage: npm run cluster -- --kubeconfig PATH [--port N] [--data DIR] [--namespace NS]...

Starts a local Kubernetes API server (kube-apiserver + etcd) with the SPK CRDs and the namespaces
of examples/, and writes an admin kubeconfig (context ${SANDBOX_CONTEXT}) to PATH. Prints "ready" on
stdout when it serves; Ctrl-C (or SIGTERM) stops it and removes its temporary data.

  --kubeconfig PATH  where to write the kubeconfig (required). An existing file is only replaced
                     if this command wrote it; your ~/.kube/config is never touched.
  --port N           port on 127.0.0.1 (default: a free one)
  --data DIR         keep etcd's data in DIR between runs (default: a temporary folder, removed)
  --namespace NS     create namespace NS too (repeatable)
`;

/** A bad command line (exit 2, with the usage) or a refused path (exit 2, without it). */
class UsageError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

const log = (msg: string) => process.stderr.write(`spk-sandbox: ${msg}\n`);

interface Args {
  kubeconfig: string;
  port: number;
  data: string | undefined;
  namespaces: string[];
}

function parseCommandLine(argv: string[]): Args | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        namespace: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  if (!values.kubeconfig) throw new UsageError('--kubeconfig PATH is required');
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port ${values.port}: not a port number (1-65535)`);
  }
  for (const ns of values.namespace ?? []) {
    if (!DNS_LABEL.test(ns)) throw new UsageError(`--namespace ${ns}: not a valid namespace name (lower-case letters, digits and '-', up to 63)`);
  }
  // `npm run` starts scripts in the package folder; relative paths are meant from where npm ran.
  const base = process.env.INIT_CWD ?? process.cwd();
  return {
    kubeconfig: path.resolve(base, values.kubeconfig),
    port,
    data: values.data === undefined ? undefined : path.resolve(base, values.data),
    namespaces: values.namespace ?? [],
  };
}

/**
 * True when `text` is a kubeconfig this command wrote: its clusters are all `spk-sandbox` on
 * 127.0.0.1 and its contexts all use that cluster. Survives kubectl rewriting the file
 * (`kubectl config set-context ...`), and no kubeconfig of a real cluster matches.
 */
export function isSandboxKubeconfig(text: string): boolean {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return false;
  }
  if (!doc || typeof doc !== 'object') return false;
  const { kind, clusters, contexts } = doc as { kind?: unknown; clusters?: unknown; contexts?: unknown };
  if (kind !== 'Config' || !Array.isArray(clusters) || clusters.length === 0) return false;
  const clusterOk = (c: { name?: unknown; cluster?: { server?: unknown } }) =>
    c?.name === SANDBOX_CLUSTER && typeof c.cluster?.server === 'string' && /^https:\/\/127\.0\.0\.1:\d+\/?$/.test(c.cluster.server);
  if (!clusters.every(clusterOk)) return false;
  if (contexts !== undefined && contexts !== null) {
    if (!Array.isArray(contexts)) return false;
    if (!contexts.every((c: { context?: { cluster?: unknown } }) => c?.context?.cluster === SANDBOX_CLUSTER)) return false;
  }
  return true;
}

/** Throws a UsageError unless PATH is missing, empty, or a kubeconfig this command wrote. */
function checkKubeconfigTarget(file: string): void {
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new UsageError(`--kubeconfig ${file} is a directory`, false);
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return;
  if (isSandboxKubeconfig(text)) return;
  throw new UsageError(
    `refusing to overwrite ${file}: it is not a kubeconfig written by the sandbox (whose only cluster is "${SANDBOX_CLUSTER}"). ` +
      'Name a new file, e.g. --kubeconfig .cache/sandbox/kubeconfig.',
    false,
  );
}

/** Throws a UsageError unless DIR is missing, empty, or the data folder of an earlier run. */
function checkDataDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`--data ${dir} is not a directory`, false);
  const entries = readdirSync(dir);
  if (entries.length === 0 || existsSync(path.join(dir, 'etcd', 'member'))) return;
  throw new UsageError(`--data ${dir} holds other files (no etcd/member of an earlier sandbox run); name an empty or new folder`, false);
}

/** Namespaces that the documents under examples/ name (`metadata.namespace`), sorted. */
export function exampleNamespaces(dir: string = EXAMPLES): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) {
        for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
          if (doc.errors.length) continue;
          const ns = (doc.toJS() as { metadata?: { namespace?: unknown } } | null)?.metadata?.namespace;
          if (typeof ns === 'string' && DNS_LABEL.test(ns)) found.add(ns);
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return [...found].sort();
}

async function main(argv: string[]): Promise<number> {
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let args: Args | 'help';
  try {
    args = parseCommandLine(argv);
    if (args !== 'help') {
      checkKubeconfigTarget(args.kubeconfig);
      if (args.data) checkDataDir(args.data);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`spk-sandbox: ${e.message}\n${e.showUsage ? `\n${USAGE}` : ''}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { kubeconfig: target, port, data } = args;

  // Signals: the first one stops everything (once); later ones only say so.
  const abort = new AbortController();
  let stopSignal: NodeJS.Signals | undefined;
  let stopRequested!: () => void;
  const stopRequestedP = new Promise<void>((resolve) => (stopRequested = resolve));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (stopSignal) {
        log(`${sig}: already stopping`);
        return;
      }
      stopSignal = sig;
      log(`${sig}: stopping`);
      stopRequested();
      abort.abort();
    });
  }
  // The server's handles do not keep this process alive (apiserver.ts unrefs them); this does.
  const keepAlive = setInterval(() => {}, 1 << 30);

  let server: ApiServer | undefined;
  try {
    const kubectl = await run(KUBECTL, ['version', '--client', '-o', 'json'], { timeoutMs: 30_000 });
    if (kubectl.code !== 0) throw new Error(`kubectl does not run (${KUBECTL}; set SPK_KUBECTL to use another): ${kubectl.stderr.trim()}`);

    log(`starting kube-apiserver + etcd${data ? ` (data in ${data})` : ''}...`);
    server = await startApiServer({
      context: SANDBOX_CONTEXT,
      clusterName: SANDBOX_CLUSTER,
      port,
      dataDir: data,
      handleSignals: false,
      detached: true,
      signal: abort.signal,
    });
    log(`kube-apiserver ${server.version} serves ${server.url} (pid ${server.pid}), after ${secs()}`);

    const crds = generateCrds(undefined, { managedBy: MANAGER });
    await installCrds(server, crdsToYaml(crds), crds, MANAGER);
    log(`CRDs installed: ${crds.map((c) => c.name).join(', ')}`);

    const namespaces = [...new Set([...exampleNamespaces(), ...args.namespaces])].sort();
    if (namespaces.length) {
      const list = {
        apiVersion: 'v1',
        kind: 'List',
        items: namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      };
      const r = await server.kubectl(['apply', '--server-side', `--field-manager=${MANAGER}`, '-f', '-'], { input: JSON.stringify(list) });
      if (r.code !== 0) throw new Error(`creating namespaces failed: ${r.stderr.trim()}`);
      log(`namespaces: ${namespaces.join(', ')} (besides default)`);
    }

    checkKubeconfigTarget(target); // again: the file may have appeared while the server started
    const text = readFileSync(server.kubeconfig, 'utf8');
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(
      target,
      `# Written by spk-routes' sandbox (npm run cluster): admin of a local kube-apiserver. The next run overwrites it.\n${text}`,
      { mode: 0o600 },
    );
    chmodSync(target, 0o600);
    log(`kubeconfig: ${target} (context ${server.context}, admin)`);
    log(`try: kubectl --kubeconfig ${target} get f5-spk-staticroutes -A`);
    log(`ready after ${secs()}; Ctrl-C stops it`);
    if (stopSignal) throw new Error('stopping');
    process.stdout.write('ready\n');

    const outcome = await Promise.race([stopRequestedP.then(() => 'signal' as const), server.exited.then((code) => code)]);
    if (outcome !== 'signal' && !stopSignal) {
      log(`the API server ended on its own (exit ${outcome}); its log ends with:\n${server.logTail()}`);
      await server.stop();
      return 1;
    }
    const t1 = Date.now();
    await server.stop();
    log(`stopped in ${((Date.now() - t1) / 1000).toFixed(1)} s; ${target} is kept (the next run overwrites it)${data ? `, data in ${data}` : ''}`);
    return 0;
  } catch (e) {
    if (stopSignal) {
      await server?.stop();
      log('stopped before it was ready');
      return 0;
    }
    log(`failed: ${(e as Error).message}`);
    await server?.stop();
    return 1;
  } finally {
    clearInterval(keepAlive);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`spk-sandbox: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
