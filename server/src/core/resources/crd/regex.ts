// Go's regexp (RE2) syntax, as the API server runs OpenAPI `pattern` and CEL `matches`, in JavaScript.
// RE2 is a subset of what RegExp accepts, except for leading flag groups such as `(?i)`, which become
// RegExp flags, and `\z`, the end of text. A pattern RegExp cannot read is reported, not guessed.

const cache = new Map<string, RegExp | string>();

/** The RegExp of an RE2 pattern, or the reason it has none. */
export function re2(pattern: string): RegExp | string {
  let found = cache.get(pattern);
  if (found === undefined) {
    found = translate(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, found);
  }
  return found;
}

function translate(pattern: string): RegExp | string {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[1]!.includes('U')) return `the flag U of ${JSON.stringify(pattern)} is not supported`;
    flags = lead[1]!;
    source = source.slice(lead[0].length);
  }
  // RE2 has no lookaround and no backreferences: what RegExp would read in them is not RE2.
  if (/\(\?[=!<]|\\[1-9]/.test(source)) return `${JSON.stringify(pattern)} is not an RE2 regular expression (lookaround or backreference)`;
  source = source.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    return `${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** Whether `text` has a match of the RE2 pattern; throws with the reason when there is no RegExp. */
export function re2Test(pattern: string, text: string): boolean {
  const regex = re2(pattern);
  if (typeof regex === 'string') throw new Error(regex);
  regex.lastIndex = 0;
  return regex.test(text);
}
