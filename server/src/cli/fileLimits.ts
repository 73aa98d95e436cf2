// `--max-file-size`, read once for every command: the limit for files found in folders, and for
// files named on the command line (read as an editor opens them, up to 512 MB, unless it is given).
import { maxFileBytes } from '../node/yamlFiles.js';
import { single, UsageError, type ParsedArgs } from './args.js';

const NAMED_FILE_MAX_MB = 512;

export function fileSizeLimits(args: ParsedArgs): { maxBytes: number; namedMaxBytes: number } {
  const limit = single(args, 'max-file-size');
  if (limit !== undefined && !(Number(limit) > 0 && Number.isFinite(Number(limit)))) throw new UsageError(`--max-file-size must be a positive number of megabytes, not "${limit}"`);
  const maxBytes = maxFileBytes(limit === undefined ? undefined : Number(limit));
  return { maxBytes, namedMaxBytes: limit === undefined ? maxFileBytes(NAMED_FILE_MAX_MB) : maxBytes };
}
