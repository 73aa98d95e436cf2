// code-server (VS Code 1.139, installed by scripts/vscode/install.sh) on 127.0.0.1 with this
// extension loaded from the repo as a development extension, on a folder: what `npm start`
// (scripts/start.mjs) serves to a person and what the e2e tests' workbench driver
// (test/e2e/workbench.ts) opens in Chromium.
//
// Isolation: every launch gets a fresh folder under the system temp folder (HOME, XDG_* dirs,
// TMPDIR, code-server's user data and extensions dirs, Chromium's profile); it is removed by
// stop(). Logs (and the tests' screenshots) go to test-output/e2e/<run>/. Killing and clean-up:
// ./processes.ts.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installProcessHandlers, killGroup, live, processGroup, startWatchdog, waitExit, type Live } from './processes.js';

/** The repo: the nearest folder above this file that holds scripts/vscode/install.sh. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'vscode', 'install.sh'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

export const CHROMIUM = process.env.SPK_CHROMIUM ?? '/usr/bin/chromium';

/** User settings written for every launch: quiet, deterministic, no network. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'window.commandCenter': true,
  'files.hotExit': 'off',
};

// ---------------------------------------------------------------------------
// Install

export interface Installation {
  node: string;
  codeServer: string;
  codeServerVersion: string;
  chromium: string;
}

let installation: Installation | undefined;

/** Runs scripts/vscode/install.sh (cached: ~0.05 s when already installed) and returns the paths. */
export function ensureInstalled(): Installation {
  if (installation) return installation;
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/vscode/install.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`scripts/vscode/install.sh failed (exit ${r.status})`);
  const kv = Object.fromEntries(
    r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  installation = { node: kv.NODE!, codeServer: kv.CODE_SERVER!, codeServerVersion: kv.CODE_SERVER_VERSION!, chromium: kv.CHROMIUM ?? CHROMIUM };
  return installation;
}

/** Bundles the extension (node scripts/build.mjs) so dist/ reflects the sources. */
export function buildExtension(): void {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/build.mjs failed (exit ${r.status})`);
}

// ---------------------------------------------------------------------------
// code-server

export interface CodeServerOptions {
  /** Folder to open in the workbench. */
  folder: string;
  /** Extension development folder (package.json + dist/); default: the repo. null: load none. */
  extensionPath?: string | null;
  /** Loopback port; default: a free one chosen by the OS. */
  port?: number;
  /** Where logs and screenshots go; default test-output/e2e/<timestamp>-<runName>. */
  outputDir?: string;
  /** Names the output folder; default 'run'. */
  runName?: string;
  /** Extra user settings, merged over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /**
   * Remote (machine) settings: <user-data>/Machine/settings.json. The workbench is a remote window,
   * so settings of scope `machine` (e.g. spkRoutes.kubectl.path) are read from here only: user
   * settings of that scope are ignored, as are workspace settings.
   */
  machineSettings?: Record<string, unknown>;
  /** code-server exits after this long without a connection (> 60; 0: never); default 300. */
  idleTimeoutSeconds?: number;
  /** Keep the temp folder after stop (for debugging); default: env SPK_E2E_KEEP=1. */
  keepTemp?: boolean;
  /** Print code-server's output to stderr as well as to the log file. */
  verbose?: boolean;
  /** code-server/VS Code server log level (trace, debug, info, warn, error); default info. */
  logLevel?: string;
  /**
   * Extra environment variables for code-server, and so for its extension hosts and what they run
   * (e.g. `{ KUBECONFIG }` for kubectl). Set last: they override the isolated HOME, XDG_* etc.
   */
  env?: Record<string, string>;
}

export interface CodeServer {
  /** Page URL that opens `folder` with the extension loaded. */
  url: string;
  port: number;
  folder: string;
  extensionPath: string | null;
  outputDir: string;
  tempDir: string;
  userDataDir: string;
  /** Milliseconds from spawn to listening. */
  startMs: number;
  /** Text of remoteexthost.log files (the extension host's log), concatenated. */
  extensionHostLog(): string;
  /** Resolves with code-server's exit code (or signal name) when it exits, for whatever reason. */
  exited: Promise<number | string>;
  /** Live processes of code-server's process group (server, extension hosts, language servers). */
  processes(): { pid: number; cmdline: string }[];
  stop(): Promise<void>;
}

function cleanEnv(dirs: { home: string; config: string; data: string; cache: string; tmp: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // VSCODE_IPC_HOOK_CLI etc. would make code-server hand the folder to an outer VS Code.
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_|npm_|NODE_OPTIONS$|PASSWORD$|HASHED_PASSWORD$|GITHUB_TOKEN$)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    // No extension gallery (default open-vsx.org, unreachable here): no update checks, no queries.
    EXTENSIONS_GALLERY: '{}',
  };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** Builds the workbench URL: folder plus the extension development path through `payload`. */
export function workbenchUrl(port: number, folder: string, extensionPath: string | null): string {
  const params = [`folder=${encodeURIComponent(folder)}`];
  if (extensionPath) {
    // The server maps incoming vscode-remote URIs to its own file system (a plain path or file:
    // URI is taken as the browser's and ignored); the authority itself is not checked.
    const devUri = `vscode-remote://127.0.0.1:${port}${extensionPath}`;
    params.push(`payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', devUri]]))}`);
  }
  return `http://127.0.0.1:${port}/?${params.join('&')}`;
}

/** Starts code-server on 127.0.0.1 with isolated dirs; resolves when it listens. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const inst = ensureInstalled();
  installProcessHandlers();
  const folder = path.resolve(opts.folder);
  const extensionPath = opts.extensionPath === null ? null : path.resolve(opts.extensionPath ?? REPO_ROOT);
  if (extensionPath && !existsSync(path.join(extensionPath, 'dist', 'extension.js'))) {
    throw new Error(`${extensionPath}/dist/extension.js is missing: run npm run build`);
  }
  const outputDir = path.resolve(opts.outputDir ?? path.join(REPO_ROOT, 'test-output', 'e2e', `${timestamp()}-${opts.runName ?? 'run'}`));
  mkdirSync(outputDir, { recursive: true });
  const tempDir = mkdtempSync(path.join(tmpdir(), 'spk-vscode-'));
  const d = (name: string) => { const p = path.join(tempDir, name); mkdirSync(p, { recursive: true }); return p; };
  const dirs = { home: d('home'), config: d('config'), data: d('data'), cache: d('cache'), tmp: d('tmp') };
  const userDataDir = d('user-data');
  const extensionsDir = d('extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2));
  if (opts.machineSettings) {
    mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
    writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.machineSettings, null, 2));
  }

  const args = [
    inst.codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(opts.idleTimeoutSeconds === 0 ? [] : ['--idle-timeout-seconds', String(opts.idleTimeoutSeconds ?? 300)]),
    ...(opts.logLevel ? ['--log', opts.logLevel] : []),
    '--config', path.join(tempDir, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // Lets the built (product) workbench honour `payload` (extensionDevelopmentPath).
    '--vscode-option', 'enable-smoke-test-driver',
    folder,
  ];
  const keep = opts.keepTemp ?? process.env.SPK_E2E_KEEP === '1';
  const t0 = Date.now();
  const child = spawn(inst.node, args, {
    cwd: tempDir,
    env: { ...cleanEnv(dirs), ...opts.env },
    detached: true, // own process group: stop() kills code-server, its extension hosts and language servers
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watchdog = startWatchdog(child.pid!, path.join(tempDir, 'chromium-profile'), keep ? [] : [tempDir, ...tempCopies]);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const logPath = path.join(outputDir, 'code-server.log');
  const logFile = createWriteStream(logPath);
  let output = '';
  let port = 0;
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const s = chunk.toString();
      logFile.write(s);
      if (opts.verbose) process.stderr.write(s);
      if (!port) {
        output += s;
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (m) { port = Number(m[1]); resolve(port); }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!port) reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output.slice(-3000)}`));
    });
  });

  // Things that live in tempDir (Chromium) are stopped first: see attach().
  const attached: Live[] = [];
  const removeTemp = () => {
    if (!keep) rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  let stopped: Promise<void> | undefined;
  const entry: Live = {
    killSync: () => {
      for (const a of attached) a.killSync();
      killGroup(child, 'SIGKILL');
      try { removeTemp(); } catch { /* best effort while exiting */ }
    },
    stop: () => (stopped ??= (async () => {
      await Promise.allSettled(attached.map((a) => a.stop()));
      killGroup(child, 'SIGTERM');
      if (!(await waitExit(child, 5000))) killGroup(child, 'SIGKILL');
      await waitExit(child, 2000);
      // The wrapper may exit before its children: make sure the whole group is gone.
      killGroup(child, 'SIGKILL');
      live.delete(entry);
      try { cpSync(path.join(userDataDir, 'logs'), path.join(outputDir, 'vscode-logs'), { recursive: true }); } catch { /* no logs */ }
      logFile.end();
      removeTemp();
      watchdog.stdin?.end(); // nothing left for it to do: it exits
    })()),
  };
  live.add(entry);

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      listening,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${output.slice(-3000)}`)), 60_000);
      }),
    ]);
  } catch (e) {
    await entry.stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const startMs = Date.now() - t0;

  const server: CodeServer = {
    url: workbenchUrl(port, folder, extensionPath),
    port,
    folder,
    extensionPath,
    outputDir,
    tempDir,
    userDataDir,
    startMs,
    extensionHostLog: () => readExtensionHostLogs(path.join(userDataDir, 'logs')),
    processes: () => (child.pid === undefined ? [] : processGroup(child.pid)),
    exited,
    stop: entry.stop,
  };
  attachments.set(server, attached);
  return server;
}

const attachments = new WeakMap<CodeServer, Live[]>();

/** Ties `l` to the server: stopped (or killed) before it, and before its temp folder is removed. */
export function attach(server: CodeServer, l: Live): void {
  attachments.get(server)?.push(l);
}

function readExtensionHostLogs(logsDir: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'remoteexthost.log') out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(logsDir);
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Temp workspace folders: the watchdog of a code-server started after them removes them too.

const tempCopies = new Set<string>();

/** Writes `files` (relative path → text) into a fresh folder under the system temp folder
 * (removed on process exit, or by the watchdog of a code-server started after it). */
export function tempFolder(files: Record<string, string>, prefix = 'spk-e2e-ws-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  tempCopies.add(dir);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies `src` to a fresh folder under the system temp folder (removed on process exit). */
export function tempCopy(src: string, prefix = 'spk-e2e-ws-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(src, dir, { recursive: true });
  tempCopies.add(dir);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
