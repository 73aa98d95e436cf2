// What a hostile workspace holds, made for real in a folder: two symlink loops, a link to /, a link
// to /dev/zero named *.yaml, a FIFO named *.yaml and a 1 GB sparse file (no disk used).
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export function addHostileEntries(dir: string): void {
  symlinkSync('.', join(dir, 'loop'));
  symlinkSync('.', join(dir, 'loop2'));
  symlinkSync('/', join(dir, 'to-root'));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  const fd = openSync(join(dir, 'big.yaml'), 'w');
  ftruncateSync(fd, 1024 ** 3);
  closeSync(fd);
}
