// E2E harness: a real VS Code (code-server, installed by scripts/vscode/install.sh) with this
// extension loaded from the repo as a development extension, driven through Debian's Chromium by
// playwright-core. Used by the e2e tests and by `npm start` (scripts/start.mjs, server only).
//
// Isolation: every launch gets a fresh folder under the system temp folder (HOME, XDG_* dirs,
// TMPDIR, code-server's user data and extensions dirs, Chromium's profile); it is removed by
// stop(). Screenshots and logs go to test-output/e2e/<run>/. code-server and Chromium are killed
// by stop(), on SIGINT/SIGTERM/SIGHUP, (synchronously) when the process exits, and by a watchdog
// process if this one dies without cleaning up.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** The repo: the nearest folder above this file that holds scripts/vscode/install.sh. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'vscode', 'install.sh'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

/** `${publisher}.${name}` from package.json. */
export const EXTENSION_ID = 'spk-routes.spk-routes';
export const CHROMIUM = process.env.SPK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

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
// Process bookkeeping: everything started here is killed on stop, signal or exit.

interface Live {
  stop(): Promise<void>;
  killSync(): void;
}
const live = new Set<Live>();
let handlersInstalled = false;

function installProcessHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const l of live) l.killSync();
  });
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    process.stderr.write(`\n[vscode] ${signal}: stopping code-server and Chromium\n`);
    const all = Promise.allSettled([...live].map((l) => l.stop()));
    void Promise.race([all, deadline(10_000)]).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
}

/** Signals the child's whole process group (it was spawned detached, so it leads one). The group
 * can outlive its leader (code-server's extension hosts), so this is tried even after it exited. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* ESRCH: the group is gone */
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms).unref();
    child.once('exit', () => { clearTimeout(t); resolve(true); });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Like sleep, but does not keep the process alive (for races against a deadline). */
function deadline(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// A watchdog outlives us if we die without cleaning up (SIGKILL, a test runner that kills its
// child mid-cleanup, a crash): it is a separate process that holds the read end of a pipe whose
// write end only we hold. When that pipe closes, it kills Chromium (found by its profile folder)
// and code-server's process group, and removes the temp folders.
const WATCHDOG_JS = `
const fs = require('fs');
const { pgid, profile, dirs } = JSON.parse(process.argv[1]);
let done = false;
function cleanup() {
  if (done) return;
  done = true;
  const groups = new Set();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      if (!fs.readFileSync('/proc/' + name + '/cmdline', 'utf8').includes('--user-data-dir=' + profile)) continue;
      const stat = fs.readFileSync('/proc/' + name + '/stat', 'utf8');
      groups.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]));
    } catch {}
  }
  for (const g of groups) if (g > 1 && g !== process.pid) try { process.kill(-g, 'SIGKILL'); } catch {}
  try { process.kill(-pgid, 'SIGKILL'); } catch {}
  for (const d of dirs) try { fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch {}
  process.exit(0);
}
process.on('SIGINT', () => {}); // Ctrl-C is for the harness; it closes the pipe when it is done
process.on('SIGTERM', cleanup);
process.stdin.on('data', () => {});
process.stdin.on('end', cleanup);
process.stdin.on('close', cleanup);
process.stdin.on('error', cleanup);
`;

const tempCopies = new Set<string>();

function startWatchdog(pgid: number, profile: string, dirs: string[]): ChildProcess {
  const wd = spawn(process.execPath, ['-e', WATCHDOG_JS, JSON.stringify({ pgid, profile, dirs })], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  wd.unref();
  (wd.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return wd;
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
function attach(server: CodeServer, l: Live): void {
  attachments.get(server)?.push(l);
}

/** SIGKILLs the process groups of Chromium processes that use `profileDir` (found through /proc). */
function killChromium(profileDir: string): void {
  for (const g of chromiumGroups(profileDir)) {
    if (g > 1 && g !== process.pid) try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ }
  }
}

function chromiumGroups(profileDir: string): Set<number> {
  const groups = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes(`--user-data-dir=${profileDir}`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      groups.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]));
    } catch { /* exited meanwhile */ }
  }
  return groups;
}

/** Processes whose process group is `pgid` (Linux /proc). */
export function processGroup(pgid: number): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may contain spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      out.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch { /* exited meanwhile */ }
  }
  return out;
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
// VS Code in Chromium

export interface LaunchOptions extends CodeServerOptions {
  /** Default true. false needs a display. */
  headless?: boolean;
  /** Default 1400x900. */
  viewport?: { width: number; height: number };
  /** Wait for `.monaco-workbench` this long; default 60 s. */
  workbenchTimeoutMs?: number;
}

export interface Problem {
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  /** Diagnostic source ("json", "ts", ...) and code, as the Problems view shows them. */
  source?: string;
  code?: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** File name as the Problems view shows it. */
  file?: string;
  /** The row's accessible label, e.g. "Error: Expected comma at line 3 and character 3. generated by json" */
  label: string;
}

export interface VsCode {
  url: string;
  page: Page;
  context: BrowserContext;
  server: CodeServer;
  outputDir: string;
  /** Timings in ms: server listening, page load to `.monaco-workbench`, total launch. */
  timings: { serverMs: number; workbenchMs: number; launchMs: number };
  /** Saves <outputDir>/<nn>-<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;

  /** Resolves when the extension host has activated `id` (default ours); returns ms waited. */
  waitForExtensionActive(id?: string, timeoutMs?: number): Promise<number>;
  /** Opens the command palette and runs the command with this exact label (e.g. "View: Toggle Output"). */
  runCommand(label: string): Promise<void>;
  /** Labels the command palette offers for `query` (closes the palette again). */
  paletteCommands(query: string): Promise<string[]>;
  /** Quick Open (Ctrl+P): opens a workspace file by relative path; waits for its editor tab. */
  openFile(relativePath: string): Promise<void>;
  /** Opens a file by clicking it in the Explorer (top-level entries or already expanded folders). */
  openFileFromExplorer(name: string): Promise<void>;
  /** Moves the cursor of the active editor to 1-based line/column (Go to Line). */
  goTo(line: number, column: number): Promise<void>;
  /** Text of the active editor as rendered (visible lines only; inlay hints left out). */
  editorText(): Promise<string>;
  /** Inlay hints rendered in the active editor (visible lines), waiting up to timeoutMs for one. */
  inlayHints(timeoutMs?: number): Promise<{ line: number | undefined; text: string }[]>;
  /** Output channel names from "Output: Show Output Channels..." */
  outputChannels(): Promise<string[]>;
  /** Text of an output channel (shows the Output view with it selected). */
  outputChannelText(name: string): Promise<string>;
  /** Opens the Problems view and returns its entries: waits up to timeoutMs (15 s) for at least `min`; with min 0 (default) returns after 1 s. */
  problems(opts?: { min?: number; timeoutMs?: number }): Promise<Problem[]>;
  /** The Problems view's rows as they are now, without opening it or waiting. */
  problemRows(): Promise<Problem[]>;
  /** Shows the hover at line/column of the active editor and returns its text. */
  hover(line: number, column: number, timeoutMs?: number): Promise<string>;
  /** Triggers completion at line/column and returns the suggestion labels; closes the widget. */
  completions(line: number, column: number, timeoutMs?: number): Promise<string[]>;
  /** CodeLens texts currently rendered in the active editor. */
  codeLenses(timeoutMs?: number): Promise<string[]>;
  /** Quick fix titles offered at line/column (Ctrl+.); closes the menu. */
  quickFixes(line: number, column: number, timeoutMs?: number): Promise<string[]>;
  /** Applies the quick fix whose title contains `title` at line/column. */
  applyQuickFix(line: number, column: number, title: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Presses Escape until no quick input, suggest, hover or action widget is open. */
  dismiss(): Promise<void>;
}

/** Starts code-server + Chromium, loads the workbench (folder open, extension loaded). */
export async function launchVsCode(opts: LaunchOptions): Promise<VsCode> {
  const t0 = Date.now();
  const server = await startCodeServer(opts);
  let context: BrowserContext | undefined;
  const profile = path.join(server.tempDir, 'chromium-profile');
  attach(server, {
    killSync: () => killChromium(profile),
    stop: async () => {
      if (context) await Promise.race([context.close().catch(() => undefined), deadline(5000)]);
      // Let Chromium reap its helpers before anything left is killed.
      for (let i = 0; i < 30 && chromiumGroups(profile).size; i++) await sleep(100);
      killChromium(profile);
    },
  });
  const stop = () => server.stop();
  try {
    const home = path.join(server.tempDir, 'home');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: ensureInstalled().chromium,
      headless: opts.headless ?? true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(server.tempDir, 'config'),
        XDG_DATA_HOME: path.join(server.tempDir, 'data'),
        XDG_CACHE_HOME: path.join(server.tempDir, 'cache'),
        TMPDIR: path.join(server.tempDir, 'tmp'),
      },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleLog = createWriteStream(path.join(server.outputDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    page.on('requestfailed', (r) => consoleLog.write(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}\n`));
    context.on('close', () => consoleLog.end());
    const tPage = Date.now();
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: opts.workbenchTimeoutMs ?? 60_000 });
    const workbenchMs = Date.now() - tPage;
    return makeVsCode(page, context, server, stop, { serverMs: server.startMs, workbenchMs, launchMs: Date.now() - t0 });
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------
// UI helpers

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

function makeVsCode(page: Page, context: BrowserContext, server: CodeServer, stop: () => Promise<void>, timings: VsCode['timings']): VsCode {
  let shot = 0;
  const activeEditor = () => page.locator('.editor-group-container.active .monaco-editor').first();

  /**
   * Opens the quick input with a key (F1: commands, Control+p: files, Control+g: line) and types
   * `text` (with its prefix: ">" for commands, ":" for lines). When the key does not reach the
   * workbench (focus in a modal editor or a webview), clicks the title bar's command center.
   */
  async function quickInput(key: string, text: string): Promise<Locator> {
    await dismiss();
    const box = page.locator(QUICK_INPUT_BOX);
    await page.keyboard.press(key);
    try {
      await box.waitFor({ state: 'visible', timeout: 1500 });
    } catch {
      await page.keyboard.press('Escape');
      await page.locator('.command-center .command-center-center').first().click({ timeout: 5000 });
      await box.waitFor({ state: 'visible', timeout: 10_000 });
    }
    await box.fill(text);
    return box;
  }

  /** Labels of the rows of the open quick pick, after the list settles. */
  async function quickPickLabels(): Promise<string[]> {
    const rows = page.locator(`${QUICK_ROWS} .label-name`);
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await sleep(150);
    return (await rows.allInnerTexts()).map((s) => s.trim());
  }

  async function dismiss(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      const open = await page.locator(
        `${QUICK_INPUT}:visible, .suggest-widget.visible, .monaco-hover:visible:not(.hidden), .action-widget:visible, .context-view .monaco-menu:visible`,
      ).count();
      if (!open) return;
      await page.keyboard.press('Escape');
      await sleep(100);
    }
  }

  /**
   * Opens the palette on a command and clicks its row. A busy workbench sometimes drops the typed
   * text or lists commands late: the whole step is tried again, three times at most.
   */
  async function clickCommand(label: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await quickInput('F1', `>${label}`);
      const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 8_000 });
        await row.click();
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await dismiss();
      }
    }
  }

  async function runCommand(label: string): Promise<void> {
    await clickCommand(label);
    // Done when the palette closes, or when the command replaced it with its own quick input
    // (an input box or a pick: no longer the ">label" text), which a wait for hidden would sit out.
    const box = page.locator(QUICK_INPUT_BOX);
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (!(await page.locator(QUICK_INPUT).isVisible())) break;
      if (!(await box.inputValue({ timeout: 1000 }).catch(() => `>${label}`)).startsWith('>')) break;
      await sleep(50);
    }
  }

  async function paletteCommands(query: string): Promise<string[]> {
    await quickInput('F1', `>${query}`);
    const labels = await quickPickLabels();
    await dismiss();
    return labels;
  }

  async function waitForTab(name: string): Promise<void> {
    await page.locator(`.editor-group-container.active .tab.active[aria-label*="${cssEscape(name)}"]`).first().waitFor({ timeout: 15_000 });
    await activeEditor().locator('.view-lines').waitFor({ timeout: 15_000 });
  }

  async function openFile(relativePath: string): Promise<void> {
    await quickInput('Control+p', relativePath);
    const base = path.basename(relativePath);
    const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exactly(base) }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    await waitForTab(base);
  }

  async function openFileFromExplorer(name: string): Promise<void> {
    await dismiss();
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${cssEscape(name)}"]`).first();
    if (!(await row.isVisible())) {
      const tree = page.locator('.explorer-folders-view');
      if (!(await tree.isVisible())) await runCommand('View: Show Explorer');
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    }
    await row.click();
    await waitForTab(name);
  }

  async function goTo(line: number, column: number): Promise<void> {
    await activeEditor().waitFor({ timeout: 10_000 });
    await quickInput('Control+g', `:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    // Focus stays in the editor; give the cursor a frame to settle.
    await sleep(100);
  }

  /** Rendered lines of the active editor, top to bottom: real text, injected text (inlay hints:
   * spans styled through `dyn-rule-*` classes) and the line number in the gutter. */
  async function renderedLines(): Promise<{ line: number | undefined; text: string; injected: string[] }[]> {
    type El = { style: { top: string }; textContent: string | null; querySelectorAll(s: string): ArrayLike<El>; className: string };
    const editor = activeEditor();
    const lines = await editor.locator('.view-lines .view-line').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as El;
        let text = '';
        const injected: string[] = [];
        const spans = el.querySelectorAll('span > span');
        for (let i = 0; i < spans.length; i++) {
          const span = spans[i]!;
          if (/\bdyn-rule-/.test(span.className)) { if (span.textContent) injected.push(span.textContent); } else text += span.textContent ?? '';
        }
        if (!spans.length) text = el.textContent ?? '';
        return { top: parseFloat(el.style.top), text, injected };
      }));
    const numbers = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as { parentElement: { style: { top: string } } | null; textContent: string | null };
        return { top: parseFloat(el.parentElement?.style.top ?? 'NaN'), n: Number(el.textContent) };
      }));
    const byTop = new Map(numbers.filter((x) => Number.isFinite(x.top) && x.n > 0).map((x) => [x.top, x.n]));
    const clean = (t: string) => t.replace(/\u00a0/g, ' ');
    return lines
      .sort((a, b) => a.top - b.top)
      .map((l) => ({ line: byTop.get(l.top), text: clean(l.text), injected: l.injected.map(clean) }));
  }

  async function editorText(): Promise<string> {
    return (await renderedLines()).map((l) => l.text).join('\n');
  }

  async function inlayHints(timeoutMs = 0): Promise<{ line: number | undefined; text: string }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hints = (await renderedLines()).flatMap((l) => l.injected.map((text) => ({ line: l.line, text: text.trim() })));
      if (hints.length || Date.now() >= deadline) return hints;
      await sleep(200);
    }
  }

  async function outputChannels(): Promise<string[]> {
    await clickCommand('Output: Show Output Channels...');
    // A second quick pick lists the channels.
    await sleep(300);
    const labels = await quickPickLabels();
    await dismiss();
    return labels;
  }

  async function outputChannelText(name: string): Promise<string> {
    await clickCommand('Output: Show Output Channels...');
    await sleep(300);
    await page.locator(QUICK_INPUT_BOX).fill(name);
    const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exactly(name) }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    const editor = page.locator('.panel .output-view .monaco-editor, .pane-body.output-view .monaco-editor, [id="workbench.panel.output"] .monaco-editor').first();
    await editor.waitFor({ timeout: 10_000 });
    await sleep(300);
    return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async function problems(opts: { min?: number; timeoutMs?: number } = {}): Promise<Problem[]> {
    const min = opts.min ?? 0;
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    const settle = Date.now() + 1000; // min 0: give late diagnostics a moment
    await dismiss();
    await page.keyboard.press('Control+Shift+M'); // View: Focus Problems
    const view = page.locator('.markers-panel');
    await view.waitFor({ state: 'visible', timeout: 10_000 });
    for (;;) {
      const found = await problemRows();
      if (min > 0 ? found.length >= min : Date.now() >= settle) return found;
      if (Date.now() > deadline) return found;
      await sleep(250);
    }
  }

  /** The Problems view's rows as they are now (the view must be open). */
  async function problemRows(): Promise<Problem[]> {
    // Rows are virtualised: only what fits in the panel is rendered (enough for a few files).
    const rows = await page.locator('.markers-panel .monaco-list-row[aria-level]').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as { getAttribute(n: string): string | null; querySelector(s: string): { textContent: string | null } | null };
        return {
          index: Number(el.getAttribute('data-index')),
          level: Number(el.getAttribute('aria-level')),
          label: el.getAttribute('aria-label') ?? '',
          message: el.querySelector('.marker-message')?.textContent ?? '',
          source: el.querySelector('.marker-source')?.textContent ?? '',
          code: el.querySelector('.marker-code')?.textContent ?? '',
        };
      }));
    return parseProblems(rows.sort((a, b) => a.index - b.index));
  }

  async function hover(line: number, column: number, timeoutMs = 10_000): Promise<string> {
    await goTo(line, column);
    await runCommand('Show or Focus Hover');
    // The editor's hover (not the workbench's tooltips, e.g. an editor tab under the mouse).
    const h = page.locator('.monaco-resizable-hover .monaco-hover:not(.hidden), .overflowingContentWidgets .monaco-hover:not(.hidden)').first();
    await h.waitFor({ state: 'visible', timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await h.innerText().catch(() => '')).trim();
      if ((text && !/\(?loading\.\.\.\)?/i.test(text)) || Date.now() > deadline) return text;
      await sleep(150);
    }
  }

  async function completions(line: number, column: number, timeoutMs = 10_000): Promise<string[]> {
    await goTo(line, column);
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    const rows = widget.locator('.monaco-list-row .label-name');
    await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await sleep(200);
    const labels = (await rows.allInnerTexts()).map((s) => s.trim());
    await dismiss();
    return labels;
  }

  async function codeLenses(timeoutMs = 10_000): Promise<string[]> {
    const lens = activeEditor().locator('.codelens-decoration');
    await lens.first().waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => undefined);
    return (await lens.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  }

  async function openQuickFix(line: number, column: number, timeoutMs: number): Promise<Locator> {
    await goTo(line, column);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ state: 'visible', timeout: timeoutMs });
    await menu.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await sleep(150);
    return menu;
  }

  async function quickFixes(line: number, column: number, timeoutMs = 10_000): Promise<string[]> {
    const menu = await openQuickFix(line, column, timeoutMs);
    const titles = (await menu.locator('.monaco-list-row.action .title').allInnerTexts()).map((s) => s.trim());
    await dismiss();
    return titles;
  }

  async function applyQuickFix(line: number, column: number, title: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const menu = await openQuickFix(line, column, timeoutMs);
    const row = menu.locator('.monaco-list-row.action').filter({ hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
    await menu.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
  }

  async function waitForExtensionActive(id = EXTENSION_ID, timeoutMs = 60_000): Promise<number> {
    const t0 = Date.now();
    const started = `ExtensionService#_doActivateExtension ${id},`;
    const failed = `Activating extension '${id}' failed`;
    for (;;) {
      const log = server.extensionHostLog();
      const failure = log.split('\n').find((l) => l.includes(failed));
      if (failure) throw new Error(`extension ${id} failed to activate: ${failure}`);
      if (log.includes(started)) return Date.now() - t0;
      if (Date.now() - t0 > timeoutMs) throw new Error(`extension ${id} not activated within ${timeoutMs} ms (see ${server.outputDir}/vscode-logs)`);
      await sleep(200);
    }
  }

  async function screenshot(name: string): Promise<string> {
    const file = path.join(server.outputDir, `${String(++shot).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  return {
    url: server.url,
    page,
    context,
    server,
    outputDir: server.outputDir,
    timings,
    screenshot,
    stop,
    waitForExtensionActive,
    runCommand,
    paletteCommands,
    openFile,
    openFileFromExplorer,
    goTo,
    editorText,
    inlayHints,
    outputChannels,
    outputChannelText,
    problems,
    problemRows,
    hover,
    completions,
    codeLenses,
    quickFixes,
    applyQuickFix,
    dismiss,
  };
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function cssEscape(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

interface MarkerRow { level: number; label: string; message: string; source: string; code: string }

/** Problems view rows: level 1 = file ("N problems in file X of folder ."), 2 = marker, 3 = related info. */
export function parseProblems(rows: MarkerRow[]): Problem[] {
  const out: Problem[] = [];
  let file: string | undefined;
  for (const row of rows) {
    if (row.level === 1) {
      file = /problems? in file (.+?) of folder/.exec(row.label)?.[1] ?? file;
      continue;
    }
    if (row.level !== 2) continue;
    const m = /^(Error|Warning|Info)\b:?\s*([\s\S]*?) at line (\d+) and character (\d+)\./.exec(row.label);
    out.push({
      severity: (m?.[1]?.toLowerCase() as Problem['severity'] | undefined) ?? 'unknown',
      message: row.message.trim() || m?.[2] || row.label,
      source: row.source.trim() || undefined,
      code: row.code.trim() || undefined,
      line: m ? Number(m[3]) : undefined,
      column: m ? Number(m[4]) : undefined,
      file,
      label: row.label,
    });
  }
  return out;
}

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
