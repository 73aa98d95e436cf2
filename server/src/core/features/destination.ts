// The simulator's input box, checked as the user types (through `spk/checkDestination`).
import { parseIp } from '../net/index.js';

/** Nothing when `text` is an address to simulate (or empty), else why not. */
export function destinationProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const parsed = parseIp(text.trim());
  return parsed.ok ? undefined : parsed.reason;
}
