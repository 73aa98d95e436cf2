// Lines end at \n, \r\n and a lone \r, for YAML and for LSP alike. Every position the core computes is
// checked against vscode-languageserver-textdocument, the LSP's own line counting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../../server/src/core/features/codeActions.js';
import { complete } from '../../server/src/core/features/completion.js';
import { hover } from '../../server/src/core/features/hover.js';
import { documentSymbols } from '../../server/src/core/features/symbols.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { splitDocuments } from '../../server/src/core/yaml/splitDocuments.js';

const LF = `# routes
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: r1
spec:
  destination: 10.20.0.0/16
  gateway: 10.1.1.300
  type: gateway
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r2}
spec: {destination: 10.30.0.0/16, gateway: 1.2.3.4.5, type: gateway}
`;

const BREAKS = ['\n', '\r', '\r\n'];
const variants: Record<string, string> = {
  LF,
  CR: LF.replaceAll('\n', '\r'),
  CRLF: LF.replaceAll('\n', '\r\n'),
  mixed: LF.split('\n').map((line, i, all) => (i === all.length - 1 ? line : line + BREAKS[i % 3])).join(''),
};

/** `line:character-line:character code [the text of the range]`, with LSP's reading of the range. */
function described(text: string): string[] {
  const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
  return new FileModel(text).diagnostics().map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} [${doc.getText(d.range)}]`);
}

describe('positions with every kind of line end', () => {
  const expected = [
    '6:0-6:4 missing-field [spec]',
    '7:15-7:27 destination-cidr [10.20.0.0/16]',
    '8:11-8:21 invalid-address [10.1.1.300]',
    '14:0-14:4 missing-field [spec]',
    '14:20-14:32 destination-cidr [10.30.0.0/16]',
    '14:43-14:52 invalid-address [1.2.3.4.5]',
  ];
  for (const [name, text] of Object.entries(variants)) {
    test(`${name}: diagnostics on the lines LSP counts, over the text they name`, () => {
      assert.deepEqual(described(text), expected);
    });
  }

  test('CR only: hover, completion and symbols on the right lines', () => {
    const text = variants.CR!.replace('  gateway: 10.1.1.300\r', '  gateway: 10.1.1.1\r  \r');
    const model = new FileModel(text);
    assert.match(hover(model, { line: 7, character: 17 })!.markdown, /\*\*10\.20\.0\.0\/16\*\*/);
    assert.deepEqual(complete(model, text, { line: 9, character: 2 }).map((e) => e.label), ['prefixLen']);
    const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
    const [first] = documentSymbols(model);
    assert.equal(doc.getText(first!.selectionRange), 'r1');
  });

  for (const name of ['CR', 'CRLF', 'mixed']) {
    test(`${name}: the quick fix applies to the real text and keeps its line ends`, () => {
      const text = variants[name]!;
      const model = new FileModel(text);
      const cidr = model.diagnostics().find((d) => d.code === 'destination-cidr')!;
      const [action] = quickFixes(model, cidr.range);
      const fixed = TextDocument.applyEdits(TextDocument.create('file:///x.yaml', 'yaml', 1, text), action!.fix.edits);
      const lines = fixed.split(/\r\n|\r|\n/);
      assert.deepEqual(lines.slice(7, 9), ['  destination: 10.20.0.0', '  prefixLen: 16']);
      if (name === 'CR') assert.ok(!fixed.includes('\n'), 'a file of CRs stays one');
      assert.deepEqual(new FileModel(fixed).diagnostics().filter((d) => d.range.start.line < 10).map((d) => d.code), ['invalid-address']);
    });
  }

  test('a document marker after a lone CR splits; after U+2028, which ends no line, it does not', () => {
    assert.deepEqual(splitDocuments('a: 1\r---\rb: 2\r').map((c) => [c.line, c.offset]), [[0, 0], [1, 5]]);
    assert.deepEqual(splitDocuments('a: "x\u2028--- y"\n').length, 1);
  });
});
