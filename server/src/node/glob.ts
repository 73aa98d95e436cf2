// VS Code-style globs (`**`, `*`, `?`, `{a,b}`, `[abc]`) for `files.exclude`, matched against paths
// relative to a workspace folder.

export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${out}$`);
}

/** A test for `files.exclude`: the enabled globs, matched against a relative path or any of its parents. */
export function excludeMatcher(exclude: Record<string, unknown> | undefined): (relativePath: string) => boolean {
  const patterns = Object.entries(exclude ?? {})
    .filter(([, enabled]) => enabled === true)
    .map(([glob]) => globToRegExp(glob));
  if (!patterns.length) return () => false;
  return (relativePath) => {
    const path = relativePath.split('\\').join('/');
    return patterns.some((p) => p.test(path));
  };
}
