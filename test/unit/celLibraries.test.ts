// Golden tests of the Kubernetes CEL quantity and URL libraries (crd/quantity.ts, crd/url.ts, as
// cel.ts registers them) and of the cost limit of a rule's evaluation: what kube-apiserver 1.32
// answers (resource.ParseQuantity, url.ParseRequestURI / url.Parse, cel-go's cost limit).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileRule, COST_LIMIT_ERROR, OBJECT_COST_BUDGET, PER_CALL_COST_LIMIT } from '../../server/src/core/resources/crd/cel';
import { parseQuantity, QUANTITY_ERRORS } from '../../server/src/core/resources/crd/quantity';
import { readCrd } from '../../server/src/core/resources/crd/crd';
import { parseRequestUrl } from '../../server/src/core/resources/crd/url';
import { violationPath } from '../../server/src/core/resources/crd/validate';

/** The rule's result on `self`: true, false, or the evaluation error. */
function run(rule: string, self: unknown = {}): boolean | string {
  const compiled = compileRule(rule);
  assert.ok(typeof compiled !== 'string', String(compiled));
  return compiled.run(self);
}

const q = (text: string) => {
  const parsed = parseQuantity(text);
  return typeof parsed === 'string' ? parsed : `${parsed.unscaled}e${parsed.scale}${parsed.fast ? '' : ' dec'}`;
};

describe('quantity: resource.ParseQuantity', () => {
  test('decimal, binary and exponent suffixes; kept as an int64 amount when it fits', () => {
    assert.equal(q('0'), '0e0');
    assert.equal(q('100'), '100e0');
    assert.equal(q('+5'), '5e0');
    assert.equal(q('-5'), '-5e0');
    assert.equal(q('500m'), '500e-3');
    assert.equal(q('1.5'), '15e-1');
    assert.equal(q('1.0'), '10e-1');
    assert.equal(q('007'), '7e0');
    assert.equal(q('2k'), '2e3');
    assert.equal(q('3M'), '3e6');
    assert.equal(q('1G'), '1e9');
    assert.equal(q('1T'), '1e12');
    assert.equal(q('1P'), '1e15');
    assert.equal(q('1E'), '1e18');
    assert.equal(q('1n'), '1e-9');
    assert.equal(q('1u'), '1e-6');
    assert.equal(q('1Ki'), '1024e0');
    assert.equal(q('1Mi'), '1048576e0');
    assert.equal(q('1Gi'), '1073741824e0');
    assert.equal(q('1Ti'), '1099511627776e0');
    assert.equal(q('1e3'), '1e3');
    assert.equal(q('1E-3'), '1e-3');
    assert.equal(q('1e+3'), '1e3');
    assert.equal(q('.5'), '5e-1');
    assert.equal(q('1.'), '1e0');
  });
  test('what does not fit an int64 amount is a decimal, rounded up to nano units', () => {
    assert.equal(q('1.5Gi'), '1610612736000000000e-9 dec');
    assert.equal(q('1.0000000001'), '1000000001e-9 dec');
    assert.equal(q('-1.0000000001'), '-1000000001e-9 dec');
    assert.equal(q('0.1n'), '1e-9 dec');
    assert.equal(q('1e-999999999'), '1e-9 dec');
    assert.equal(q('12345678901234567890'), '12345678901234567890000000000e-9 dec');
    assert.equal(q('1Ei'), '1152921504606846976000000000e-9 dec', 'too many digits for the binary fast path');
    assert.equal(q('1Pi'), '1125899906842624000000000e-9 dec');
    assert.equal(q('8Ei'), '9223372036854775807000000000e-9 dec', 'binary quantities are capped at the largest int64');
  });
  test('the errors, in Go\'s words', () => {
    assert.equal(q(''), QUANTITY_ERRORS.format);
    assert.equal(q('abc'), QUANTITY_ERRORS.format);
    assert.equal(q('1 Gi'), QUANTITY_ERRORS.format);
    assert.equal(q('1Gi5x'), QUANTITY_ERRORS.format);
    assert.equal(q('1K'), QUANTITY_ERRORS.suffix);
    assert.equal(q('1e'), QUANTITY_ERRORS.suffix);
    assert.equal(q('1Kib'), QUANTITY_ERRORS.format);
    assert.equal(q('1mi'), QUANTITY_ERRORS.suffix);
  });
});

describe('quantity: the CEL functions', () => {
  test('quantity() and isQuantity()', () => {
    assert.equal(run("isQuantity('1.5Gi') && !isQuantity('1K') && !isQuantity('')"), true);
    assert.equal(run("quantity('1K') == quantity('1')"), QUANTITY_ERRORS.suffix);
    assert.equal(run('quantity(self.size).isGreaterThan(quantity("1Gi"))', { size: '2Gi' }), true);
  });
  test('isInteger and asInteger: an int64 amount at a scale of 0 or more, as Quantity.AsInt64', () => {
    assert.equal(run("quantity('1Gi').isInteger() && quantity('2k').isInteger() && quantity('1e3').isInteger()"), true);
    assert.equal(run("quantity('1.5Gi').isInteger() || quantity('1.0').isInteger() || quantity('500m').isInteger() || quantity('1e19').isInteger()"), false);
    assert.equal(run("quantity('1Gi').asInteger() == 1073741824 && quantity('2k').asInteger() == 2000"), true);
    assert.equal(run("quantity('500m').asInteger() == 0"), 'cannot convert value to integer');
  });
  test('asApproximateFloat', () => {
    assert.equal(run("quantity('500m').asApproximateFloat() == 0.5 && quantity('1.5Gi').asApproximateFloat() == 1610612736.0 && quantity('-2k').asApproximateFloat() == -2000.0"), true);
  });
  test('no sign(): kube-apiserver 1.32 has none (it refuses a CRD whose rule calls it); here the rule is an evaluation error', () => {
    assert.equal(run("quantity('1').sign() == 1"), "found no matching overload for 'kubernetes.Quantity.sign()'");
  });
  test('add and sub, of quantities and of integers; compareTo, isGreaterThan, isLessThan, ==', () => {
    assert.equal(run("quantity('1k').add(quantity('24')) == quantity('1024') && quantity('1k').add(24).asInteger() == 1024"), true);
    assert.equal(run("quantity('1Ki').sub(quantity('24')).asInteger() == 1000 && quantity('1').sub(2).isLessThan(quantity('0'))"), true);
    assert.equal(run("quantity('1.5').add(quantity('0.5')).isInteger()"), false, 'the sum stays at the smaller scale, as int64Amount.Add');
    assert.equal(run("quantity('1.5Gi').add(quantity('0.5Gi')) == quantity('2Gi') && !quantity('1.5Gi').add(quantity('0.5Gi')).isInteger()"), true, 'a decimal stays one');
    assert.equal(run("quantity('9223372036854775807').add(1).isInteger()"), false, 'an overflow becomes a decimal');
    assert.equal(run("quantity('1Gi').compareTo(quantity('1G')) == 1 && quantity('1G').compareTo(quantity('1Gi')) == -1 && quantity('1000m').compareTo(quantity('1')) == 0"), true);
    assert.equal(run("quantity('1e999999999').isGreaterThan(quantity('1E')) && quantity('1n').isLessThan(quantity('1u'))"), true);
    assert.equal(run("quantity('1k') == quantity('1000') && quantity('1k') != quantity('1001')"), true);
  });
});

describe('URL: url.ParseRequestURI, then url.Parse', () => {
  const parts = (raw: string) => {
    const u = parseRequestUrl(raw);
    return typeof u === 'string' ? u : { scheme: u.scheme, host: u.host, hostname: u.hostname(), port: u.port(), path: u.escapedPath(), query: Object.fromEntries(u.query()) };
  };
  test('absolute URIs and absolute paths; the escaped path is the written one only when that is a valid encoding', () => {
    assert.deepEqual(parts('https://user:pw@Example.com:8443/a%2Fb/c d?x=1&x=2&y=a+b&z=%41#frag'), { scheme: 'https', host: 'Example.com:8443', hostname: 'Example.com', port: '8443', path: '/a/b/c%20d', query: { x: ['1', '2'], y: ['a b'], z: ['A'] } });
    assert.deepEqual(parts('HTTP://[fe80::1%25eth0]:80/'), { scheme: 'http', host: '[fe80::1%eth0]:80', hostname: 'fe80::1%eth0', port: '80', path: '/', query: {} });
    assert.deepEqual(parts('/api/v1?watch'), { scheme: '', host: '', hostname: '', port: '', path: '/api/v1', query: { watch: [''] } });
    assert.deepEqual(parts('//host/path'), { scheme: '', host: 'host', hostname: 'host', port: '', path: '/path', query: {} }, 'url.Parse reads an authority where ParseRequestURI read a path');
    assert.deepEqual(parts('mailto:a@b.c'), { scheme: 'mailto', host: '', hostname: '', port: '', path: '', query: {} });
    assert.deepEqual(parts('https://h/?a=1;b=2&c=3'), { scheme: 'https', host: 'h', hostname: 'h', port: '', path: '/', query: { c: ['3'] } }, 'a pair with a semicolon is left out');
    assert.deepEqual(parts('*'), { scheme: '', host: '', hostname: '', port: '', path: '*', query: {} });
  });
  test('the errors, in Go\'s words', () => {
    assert.equal(parts(''), 'parse "": empty url');
    assert.equal(parts('example.com'), 'parse "example.com": invalid URI for request');
    assert.equal(parts('./a'), 'parse "./a": invalid URI for request');
    assert.equal(parts(':foo'), 'parse ":foo": missing protocol scheme');
    assert.equal(parts('https://exa mple.com/'), 'parse "https://exa mple.com/": invalid character " " in host name');
    assert.equal(parts('https://h:80x/'), 'parse "https://h:80x/": invalid port ":80x" after host');
    assert.equal(parts('https://[::1/'), 'parse "https://[::1/": missing \']\' in host');
    assert.equal(parts('https://h/%zz'), 'parse "https://h/%zz": invalid URL escape "%zz"');
    assert.equal(parts('https://h/\u0007'), 'parse "https://h/\\u0007": net/url: invalid control character in URL');
  });
  test('the CEL functions', () => {
    assert.equal(run("isURL('https://example.com/x') && isURL('/x') && !isURL('example.com') && !isURL('')"), true);
    assert.equal(run("url(self.u).getScheme() == 'https' && url(self.u).getHost() == 'h.example:8080' && url(self.u).getHostname() == 'h.example' && url(self.u).getPort() == '8080'", { u: 'https://h.example:8080/p?q=1' }), true);
    assert.equal(run("url('https://h/a b').getEscapedPath() == '/a%20b' && url('https://h/a%2Fb').getEscapedPath() == '/a%2Fb' && url('https://h').getEscapedPath() == ''"), true);
    assert.equal(run("url('https://h/?k=v1&k=v2').getQuery() == {'k': ['v1', 'v2']} && url('https://h/').getQuery().size() == 0"), true);
    assert.equal(run("url('https://[::1]/').getHostname() == '::1' && url('https://[::1]:443/').getPort() == '443'"), true);
    assert.equal(run("url('example.com').getScheme() == ''"), 'URL parse error during conversion from string: parse "example.com": invalid URI for request');
  });
});

describe('the cost of a rule', () => {
  const big = { l: Array.from({ length: 300 }, (_, i) => BigInt(i)) };
  test('a rule over the per-call limit is stopped, quickly, with cel-go\'s words; a cheap one is not', () => {
    const start = performance.now();
    assert.equal(run('self.l.all(x, self.l.all(y, self.l.all(z, x + y + z >= 0)))', big), COST_LIMIT_ERROR);
    assert.ok(performance.now() - start < 5_000, `took ${performance.now() - start} ms`);
    assert.equal(run('self.l.all(x, x >= 0) && self.l.map(x, self.l.filter(y, y < 10)).size() == 300', big), true);
    assert.equal(PER_CALL_COST_LIMIT, 1_000_000);
  });
  test('a message expression over the limit gives no message (the rule\'s message is used)', () => {
    const compiled = compileRule('false', "self.l.map(x, self.l.map(y, self.l.map(z, 'a'))).size() > 0 ? 'expensive' : 'no'");
    assert.ok(typeof compiled !== 'string');
    assert.equal(compiled.message(big), undefined);
  });

  const crd = (rules: string[]) => {
    const read = readCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' },
      spec: { group: 'example.com', names: { kind: 'Thing', plural: 'things' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': rules.map((rule) => ({ rule })) } } } } }] },
    });
    assert.ok(typeof read !== 'string', String(read));
    return read.versions[0]!;
  };
  test('in a CRD: the rule too expensive is an error at its node, in the API server\'s words, and the other rules still run', () => {
    const version = crd(['self.l.all(x, self.l.all(y, self.l.all(z, x + y + z >= 0)))', 'self.l.size() < 10']);
    const found = version.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { l: big.l.map(Number) } }).violations.map((v) => `${violationPath(v)}: ${v.detail}`);
    assert.deepEqual(found, [
      `spec: Invalid value: "object": '${COST_LIMIT_ERROR}': call cost exceeds limit for rule: self.l.all(x, self.l.all(y, self.l.all(z, x + y + z >= 0)))`,
      'spec: Invalid value: "object": failed rule: self.l.size() < 10',
    ]);
  });
  test('the rules of one object share one budget: once spent, no further rule runs, as the API server says', () => {
    const expensive = 'self.l.all(x, self.l.all(y, x + y >= 0))'; // about 460,000 steps over 300 items
    const version = crd(Array.from({ length: 30 }, () => expensive).map((r, i) => `${r} && ${i} >= 0`));
    const start = performance.now();
    const found = version.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { l: big.l.map(Number) } }).violations.map((v) => `${violationPath(v)}: ${v.detail}`);
    assert.deepEqual(found, ['spec: Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run']);
    assert.ok(performance.now() - start < 20_000, `took ${performance.now() - start} ms`);
    assert.equal(OBJECT_COST_BUDGET, 10_000_000);
  });
});

