// Process bookkeeping for the VS Code that `npm start` and the e2e tests run: every child started
// here (code-server's process group, Chromium) is tracked in `live` and killed by its stop(), on
// SIGINT/SIGTERM/SIGHUP, (synchronously) when the process exits, and by a watchdog process if this
// one dies without cleaning up. Linux only (/proc, process groups).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Something started here that must not outlive us: stop() to end it, killSync() at exit. */
export interface Live {
  stop(): Promise<void>;
  killSync(): void;
}
/** What is running; codeServer.ts adds each code-server (with what is attached to it). */
export const live = new Set<Live>();
let handlersInstalled = false;

export function installProcessHandlers(): void {
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
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* ESRCH: the group is gone */
  }
}

export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms).unref();
    child.once('exit', () => { clearTimeout(t); resolve(true); });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Like sleep, but does not keep the process alive (for races against a deadline). */
export function deadline(ms: number): Promise<void> {
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
process.on('SIGINT', () => {}); // Ctrl-C is for the parent; it closes the pipe when it is done
process.on('SIGTERM', cleanup);
process.stdin.on('data', () => {});
process.stdin.on('end', cleanup);
process.stdin.on('close', cleanup);
process.stdin.on('error', cleanup);
`;

export function startWatchdog(pgid: number, profile: string, dirs: string[]): ChildProcess {
  const wd = spawn(process.execPath, ['-e', WATCHDOG_JS, JSON.stringify({ pgid, profile, dirs })], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  wd.unref();
  (wd.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return wd;
}

/** SIGKILLs the process groups of Chromium processes that use `profileDir` (found through /proc). */
export function killChromium(profileDir: string): void {
  for (const g of chromiumGroups(profileDir)) {
    if (g > 1 && g !== process.pid) try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ }
  }
}

export function chromiumGroups(profileDir: string): Set<number> {
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
