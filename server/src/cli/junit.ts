// JUnit XML, the format CI systems render test results from (GitLab, Jenkins, Azure DevOps, GitHub
// actions that read test reports): one <testsuite> per suite, one <testcase> per case; a failure is
// <failure>, a soft one (a warning) <skipped>, so that it shows without failing the build.

export interface JunitCase {
  name: string;
  classname: string;
  file: string;
  line: number;
  /** A failure: its message (the first line) and details. */
  failure?: { message: string; type: string; details: string };
  /** A failure that is only a warning. */
  warning?: { message: string };
}

export interface JunitSuite {
  name: string;
  file: string;
  cases: JunitCase[];
}

export function toJunit(name: string, suites: readonly JunitSuite[]): string {
  const count = (cases: readonly JunitCase[]) => ({ tests: cases.length, failures: cases.filter((c) => c.failure).length, skipped: cases.filter((c) => c.warning).length });
  const all = count(suites.flatMap((s) => s.cases));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${attr(name)}" tests="${all.tests}" failures="${all.failures}" errors="0" skipped="${all.skipped}">`];
  for (const suite of suites) {
    const n = count(suite.cases);
    lines.push(`  <testsuite name="${attr(suite.name)}" tests="${n.tests}" failures="${n.failures}" errors="0" skipped="${n.skipped}" file="${attr(suite.file)}">`);
    for (const c of suite.cases) {
      const head = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" file="${attr(c.file)}" line="${c.line}"`;
      if (c.failure) {
        lines.push(`${head}>`, `      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.details)}</failure>`, '    </testcase>');
      } else if (c.warning) {
        lines.push(`${head}>`, `      <skipped message="${attr(c.warning.message)}"/>`, '    </testcase>');
      } else lines.push(`${head}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
 * written as `\x1b` / `\u{fffe}` text, so a value from a file can neither break the document nor
 * vanish silently.
 */
function legal(value: string): string {
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

function text(value: string): string {
  return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and line ends and tabs as references (attribute values normalise them). */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
