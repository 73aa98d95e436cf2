// Runs the user's kubectl (or oc) with an argument array, never a shell; classifies its failures.
// Nothing here reads a kubeconfig's credentials, and nothing logged contains a token.
import { execFile } from 'node:child_process';

export interface KubectlOptions {
  /** The binary: `spkRoutes.kubectl.path`. */
  path: string;
  timeoutMs: number;
  /** Extra environment, e.g. KUBECONFIG in tests; the process environment otherwise. */
  env?: NodeJS.ProcessEnv;
}

export type KubectlFailure = 'missing' | 'timeout' | 'unreachable' | 'forbidden' | 'no-context' | 'conflict' | 'invalid' | 'not-found' | 'mismatch' | 'failed';

export class KubectlError extends Error {
  constructor(
    readonly failure: KubectlFailure,
    message: string,
    /** kubectl's whole stderr, for the output channel. */
    readonly detail = '',
  ) {
    super(message);
  }
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
}

/** The command line for logs: arguments only, any token value masked. */
export function commandLine(options: KubectlOptions, args: readonly string[]): string {
  return [options.path, ...args.map((a) => a.replace(/^(--token=).*/, '$1***'))].join(' ');
}

export function runKubectl(options: KubectlOptions, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.path,
      [...args],
      { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: options.env ?? process.env, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES') {
          return reject(new KubectlError('missing', `kubectl not found at "${options.path}": install kubectl (or oc) or set spkRoutes.kubectl.path`));
        }
        if ((error as { killed?: boolean }).killed) {
          return reject(new KubectlError('timeout', `kubectl did not answer within ${Math.round(options.timeoutMs / 1000)} s (spkRoutes.kubectl.timeoutSeconds): ${commandLine(options, args)}`, stderr));
        }
        reject(classify(stderr || error.message));
      },
    );
    child.stdin?.on('error', () => undefined); // kubectl may exit before reading its input
    child.stdin?.end(input ?? '');
  });
}

/** Turns kubectl's stderr into the failure a user can act on. */
export function classify(stderr: string): KubectlError {
  const text = stderr.trim();
  // kubectl's own message, not the klog lines that client-go may write before it
  // (`E1126 06:55:55.130435   27192 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: …"`).
  const lines = text.split('\n').filter((line) => line.trim());
  const first = lines.find((line) => !/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\] /.test(line)) ?? lines[0] ?? 'kubectl failed';
  if (/Unable to connect to the server|connection refused|The connection to the server .* was refused|no such host|i\/o timeout|TLS handshake timeout|server could not be reached|dial tcp/i.test(text)) {
    return new KubectlError('unreachable', `the cluster cannot be reached: ${first.replace(/^error: /, '')}`, text);
  }
  if (/context was not found|no context exists|current-context is not set|context ".*" does not exist/i.test(text)) {
    return new KubectlError('no-context', first.replace(/^error: /, ''), text);
  }
  if (/\bforbidden\b/i.test(text)) return new KubectlError('forbidden', `not allowed: ${first.replace(/^Error from server \(Forbidden\): /, '')}`, text);
  if (/Apply failed with \d+ conflicts?/i.test(text)) return new KubectlError('conflict', first.replace(/^error: /, ''), text);
  if (/is invalid:|field not declared in schema|Invalid value/i.test(text)) return new KubectlError('invalid', first.replace(/^Error from server( \(\w+\))?: /, ''), text);
  if (/\(NotFound\)|not found/i.test(text)) return new KubectlError('not-found', first.replace(/^Error from server \(NotFound\): /, ''), text);
  return new KubectlError('failed', first, text);
}
