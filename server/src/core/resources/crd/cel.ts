// CEL as the API server runs `x-kubernetes-validations` (kube-apiserver 1.32): @marcbachmann/cel-js
// plus the Kubernetes libraries that route CRDs use, implemented here on the project's own address
// parsing — IP (`isIP`, `ip`, `family`, `isLoopback`…, `ip.isCanonical`), CIDR (`isCIDR`, `cidr`,
// `containsIP`, `containsCIDR`, `masked`, `prefixLength`, `ip`), lists (`isSorted`, `sum`, `min`,
// `max`, `indexOf`, `lastIndexOf`), regex (`find`, `findAll`; `matches` with RE2 syntax), the
// strings extension's `charAt`, `replace`, `strings.quote`, `sets.contains/equivalent/intersects`,
// quantity (`quantity`, `isQuantity`, `isInteger`, `asInteger`, `asApproximateFloat`, `add`, `sub`,
// `isGreaterThan`, `isLessThan`, `compareTo`; quantity.ts) and URL (`url`, `isURL`, `getScheme`,
// `getHost`, `getHostname`, `getPort`, `getEscapedPath`, `getQuery`; url.ts). Not `sign()`: the
// truth test found that kube-apiserver 1.32 refuses a CRD rule that calls it (no such overload).
// Not here: the format and authorizer libraries, and transition rules (`oldSelf`), which are never
// evaluated on create.
//
// Cost: as the API server bounds each rule (cel-go's cost limit, 1,000,000 per call) and the rules of
// one object (10,000,000 in all), every step of an evaluation (each node evaluated, each comprehension
// step) counts one, and a rule that goes over is stopped with the API server's words, so that a
// hostile rule (nested comprehensions over big lists) cannot hold the server.
import { Environment } from '@marcbachmann/cel-js';
import { formatAddress, maxPrefix, parseIp } from '../../net/index.js';
import { parseQuantity, Quantity } from './quantity.js';
import { re2 } from './regex.js';
import { GoUrl, parseRequestUrl } from './url.js';

/** The API server's cost limit of one rule's evaluation (apiextensions PerCallLimit). */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** The API server's cost budget of every rule of one object (RuntimeCELCostBudget). */
export const OBJECT_COST_BUDGET = 10_000_000;
/** cel-go's error when an evaluation goes over its limit. */
export const COST_LIMIT_ERROR = 'operation cancelled: actual cost limit exceeded';

export class CelIp {
  constructor(readonly family: 4 | 6, readonly value: bigint) {}
  toString(): string {
    return formatAddress(this.value, this.family);
  }
}

export class CelCidr {
  constructor(readonly ip: CelIp, readonly prefixLen: number) {}
  toString(): string {
    return `${this.ip.toString()}/${this.prefixLen}`;
  }
  masked(): CelCidr {
    const bits = BigInt(maxPrefix(this.ip.family));
    const mask = ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(this.prefixLen))) - 1n);
    return new CelCidr(new CelIp(this.ip.family, this.ip.value & mask), this.prefixLen);
  }
  contains(ip: CelIp): boolean {
    if (ip.family !== this.ip.family) return false;
    return new CelCidr(ip, this.prefixLen).masked().ip.value === this.masked().ip.value;
  }
}

/** netip.ParseAddr as the Kubernetes IP library uses it: strict, no zone, no IPv4-mapped IPv6. */
export function parseCelIp(text: string): CelIp | string {
  if (text.includes('%')) return `IP address with zone value is not allowed`;
  const parsed = parseIp(text);
  if (!parsed.ok) return `IP Address ${JSON.stringify(text)} parse error during conversion from string: ${parsed.reason}`;
  const { family, value } = parsed.address;
  if (family === 6 && value >> 32n === 0xffffn) return `IPv4-mapped IPv6 address ${JSON.stringify(text)} is not allowed`;
  return new CelIp(family, value);
}

/** netip.ParsePrefix as the Kubernetes CIDR library uses it: host bits allowed, no leading zeros in the length. */
export function parseCelCidr(text: string): CelCidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `network address parse error during conversion from string: no '/' in ${JSON.stringify(text)}`;
  const ip = parseCelIp(text.slice(0, slash));
  if (typeof ip === 'string') return ip;
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > maxPrefix(ip.family)) return `network address parse error during conversion from string: bad bits after slash: ${JSON.stringify(bits)}`;
  return new CelCidr(ip, Number(bits));
}

function orThrow<T>(value: T | string): T {
  if (typeof value === 'string') throw new Error(value);
  return value;
}

function regex(pattern: string, global = false): RegExp {
  const compiled = re2(pattern);
  if (typeof compiled === 'string') throw new Error(compiled);
  return new RegExp(compiled.source, compiled.flags + (global ? 'g' : ''));
}

function isLoopback(ip: CelIp): boolean {
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
function isMulticast(ip: CelIp): boolean {
  return ip.family === 4 ? ip.value >> 28n === 0xen : ip.value >> 120n === 0xffn;
}
function isLinkLocalUnicast(ip: CelIp): boolean {
  return ip.family === 4 ? ip.value >> 16n === 0xa9fen : ip.value >> 118n === 0x3fan;
}
function isLinkLocalMulticast(ip: CelIp): boolean {
  return ip.family === 4 ? ip.value >> 8n === 0xe00000n : ip.value >> 112n === 0xff02n || (ip.value >> 120n === 0xffn && ((ip.value >> 112n) & 0x0fn) === 2n);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error(`no such overload: comparing ${typeof a} and ${typeof b}`);
}

function celEquals(a: unknown, b: unknown): boolean {
  if (a instanceof CelIp && b instanceof CelIp) return a.family === b.family && a.value === b.value;
  if (a instanceof CelCidr && b instanceof CelCidr) return celEquals(a.ip, b.ip) && a.prefixLen === b.prefixLen;
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && celEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

class CelNamespace {
  constructor(readonly name: string) {}
}

let environment: Environment | undefined;

/** The steps left to the evaluation under way (see `counted`). */
const meter = { left: Infinity };

class CostLimitError extends Error {
  constructor() {
    super(COST_LIMIT_ERROR);
  }
}

/**
 * Makes every step of the environment's evaluator count against `meter`. cel-js evaluates each child
 * node and each comprehension step through its evaluator's `run`; the evaluator is reached through an
 * operator's handler, which is given it.
 */
function counted(env: Environment): void {
  let evaluator: { run: (ast: unknown, ctx: unknown) => unknown } | undefined;
  env.registerType('k8s.Probe', CelProbe).registerConstant('__costProbe', 'k8s.Probe', new CelProbe());
  env.registerOperator('k8s.Probe == k8s.Probe', ((_a: unknown, _b: unknown, _ast: unknown, ev: typeof evaluator) => ((evaluator = ev), true)) as (...args: any[]) => boolean);
  env.evaluate('__costProbe == __costProbe', {});
  if (!evaluator) throw new Error('cel.ts: the CEL evaluator could not be reached to count the cost');
  const run = evaluator.run;
  evaluator.run = function (this: unknown, ast: unknown, ctx: unknown) {
    if (--meter.left < 0) throw new CostLimitError();
    return run.call(this, ast, ctx);
  };
}

class CelProbe {}

/** The CEL environment of CRD validation rules: `self` and the Kubernetes libraries. */
export function celEnvironment(): Environment {
  if (environment) return environment;
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
  env.registerType('net.IP', CelIp).registerType('net.CIDR', CelCidr).registerVariable('self', 'dyn');
  const method = (receiverType: string, name: string, params: string[], returnType: string, handler: (...args: any[]) => unknown) =>
    env.registerFunction({ name, receiverType, returnType, handler, params: params.map((type, i) => ({ name: `a${i}`, type })) });
  // Namespaced functions (`ip.isCanonical`, `sets.contains`) are methods of a constant per namespace.
  env.registerType('k8s.Namespace', CelNamespace);
  for (const name of ['ip', 'sets', 'strings']) env.registerConstant(name, 'k8s.Namespace', new CelNamespace(name));
  const global = (qualified: string, params: string[], returnType: string, handler: (...args: any[]) => unknown) => {
    const [namespace, name] = qualified.split('.') as [string, string];
    method('k8s.Namespace', name, params, returnType, (ns: CelNamespace, ...args: unknown[]) => {
      if (ns.name !== namespace) throw new Error(`no such function: ${ns.name}.${name}`);
      return handler(...args);
    });
  };

  // IP
  env.registerFunction('isIP(string): bool', (s: string) => typeof parseCelIp(s) !== 'string');
  env.registerFunction('ip(string): net.IP', (s: string) => orThrow(parseCelIp(s)));
  global('ip.isCanonical', ['string'], 'bool', (s: string) => orThrow(parseCelIp(s)).toString() === s);
  env.registerFunction('string(net.IP): string', (ip: CelIp) => ip.toString());
  method('net.IP', 'family', [], 'int', (ip: CelIp) => BigInt(ip.family));
  method('net.IP', 'isUnspecified', [], 'bool', (ip: CelIp) => ip.value === 0n);
  method('net.IP', 'isLoopback', [], 'bool', isLoopback);
  method('net.IP', 'isLinkLocalMulticast', [], 'bool', isLinkLocalMulticast);
  method('net.IP', 'isLinkLocalUnicast', [], 'bool', isLinkLocalUnicast);
  method('net.IP', 'isGlobalUnicast', [], 'bool', (ip: CelIp) => {
    if (ip.family === 4 && (ip.value === 0n || ip.value === 0xffffffffn)) return false;
    return ip.value !== 0n && !isLoopback(ip) && !isMulticast(ip) && !isLinkLocalUnicast(ip);
  });
  env.registerOperator('net.IP == net.IP', (a: CelIp, b: CelIp) => celEquals(a, b));

  // CIDR
  env.registerFunction('isCIDR(string): bool', (s: string) => typeof parseCelCidr(s) !== 'string');
  env.registerFunction('cidr(string): net.CIDR', (s: string) => orThrow(parseCelCidr(s)));
  env.registerFunction('string(net.CIDR): string', (c: CelCidr) => c.toString());
  method('net.CIDR', 'containsIP', ['string'], 'bool', (c: CelCidr, s: string) => c.contains(orThrow(parseCelIp(s))));
  method('net.CIDR', 'containsIP', ['net.IP'], 'bool', (c: CelCidr, ip: CelIp) => c.contains(ip));
  method('net.CIDR', 'containsCIDR', ['string'], 'bool', (c: CelCidr, s: string) => {
    const other = orThrow(parseCelCidr(s));
    return other.prefixLen >= c.prefixLen && c.contains(other.ip);
  });
  method('net.CIDR', 'containsCIDR', ['net.CIDR'], 'bool', (c: CelCidr, other: CelCidr) => other.prefixLen >= c.prefixLen && c.contains(other.ip));
  method('net.CIDR', 'ip', [], 'net.IP', (c: CelCidr) => c.ip);
  method('net.CIDR', 'masked', [], 'net.CIDR', (c: CelCidr) => c.masked());
  method('net.CIDR', 'prefixLength', [], 'int', (c: CelCidr) => BigInt(c.prefixLen));
  env.registerOperator('net.CIDR == net.CIDR', (a: CelCidr, b: CelCidr) => celEquals(a, b));

  // Lists
  method('list', 'isSorted', [], 'bool', (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0));
  method('list', 'sum', [], 'dyn', (l: unknown[]) => (l.length === 0 ? 0n : l.reduce((a, b) => (a as number) + (b as number))));
  method('list', 'min', [], 'dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('min called on empty list');
    return l.reduce((a, b) => (compare(b, a) < 0 ? b : a));
  });
  method('list', 'max', [], 'dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('max called on empty list');
    return l.reduce((a, b) => (compare(b, a) > 0 ? b : a));
  });
  method('list', 'indexOf', ['dyn'], 'int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => celEquals(x, y))));
  method('list', 'lastIndexOf', ['dyn'], 'int', (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(x, l[i])) return BigInt(i);
    return -1n;
  });

  // Regex
  method('string', 'find', ['string'], 'string', (s: string, p: string) => regex(p).exec(s)?.[0] ?? '');
  method('string', 'findAll', ['string'], 'list<string>', (s: string, p: string) => [...s.matchAll(regex(p, true))].map((m) => m[0]));
  method('string', 'findAll', ['string', 'int'], 'list<string>', (s: string, p: string, n: bigint) => {
    const all = [...s.matchAll(regex(p, true))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });

  // Strings
  method('string', 'charAt', ['int'], 'string', (s: string, i: bigint) => {
    const chars = [...s];
    if (i < 0n || i > BigInt(chars.length)) throw new Error(`index out of range: ${i}`);
    return chars[Number(i)] ?? '';
  });
  method('string', 'replace', ['string', 'string'], 'string', (s: string, a: string, b: string) => s.split(a).join(b));
  method('string', 'replace', ['string', 'string', 'int'], 'string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Math.min(Number(n), parts.length - 1);
    return parts.slice(0, k + 1).join(b) + (k + 1 < parts.length ? a + parts.slice(k + 1).join(a) : '');
  });
  global('strings.quote', ['string'], 'string', (s: string) => JSON.stringify(s));

  // Sets
  global('sets.contains', ['list', 'list'], 'bool', (a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEquals(x, y))));
  global('sets.equivalent', ['list', 'list'], 'bool', (a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEquals(x, y))) && a.every((x) => b.some((y) => celEquals(x, y))));
  global('sets.intersects', ['list', 'list'], 'bool', (a: unknown[], b: unknown[]) => b.some((x) => a.some((y) => celEquals(x, y))));

  // Quantity
  env.registerType('kubernetes.Quantity', Quantity);
  env.registerFunction('quantity(string): kubernetes.Quantity', (s: string) => orThrow(parseQuantity(s)));
  env.registerFunction('isQuantity(string): bool', (s: string) => typeof parseQuantity(s) !== 'string');
  method('kubernetes.Quantity', 'isInteger', [], 'bool', (q: Quantity) => q.asInt64() !== undefined);
  method('kubernetes.Quantity', 'asInteger', [], 'int', (q: Quantity) => {
    const value = q.asInt64();
    if (value === undefined) throw new Error('cannot convert value to integer');
    return value;
  });
  method('kubernetes.Quantity', 'asApproximateFloat', [], 'double', (q: Quantity) => q.asApproximateFloat());
  const intQuantity = (i: bigint) => new Quantity(i, 0, true);
  method('kubernetes.Quantity', 'add', ['kubernetes.Quantity'], 'kubernetes.Quantity', (q: Quantity, o: Quantity) => q.add(o));
  method('kubernetes.Quantity', 'add', ['int'], 'kubernetes.Quantity', (q: Quantity, i: bigint) => q.add(intQuantity(i)));
  method('kubernetes.Quantity', 'sub', ['kubernetes.Quantity'], 'kubernetes.Quantity', (q: Quantity, o: Quantity) => q.add(o.negate()));
  method('kubernetes.Quantity', 'sub', ['int'], 'kubernetes.Quantity', (q: Quantity, i: bigint) => q.add(intQuantity(-i)));
  method('kubernetes.Quantity', 'isGreaterThan', ['kubernetes.Quantity'], 'bool', (q: Quantity, o: Quantity) => q.compare(o) > 0);
  method('kubernetes.Quantity', 'isLessThan', ['kubernetes.Quantity'], 'bool', (q: Quantity, o: Quantity) => q.compare(o) < 0);
  method('kubernetes.Quantity', 'compareTo', ['kubernetes.Quantity'], 'int', (q: Quantity, o: Quantity) => BigInt(q.compare(o)));
  env.registerOperator('kubernetes.Quantity == kubernetes.Quantity', (a: Quantity, b: Quantity) => celEquals(a, b));

  // URL
  env.registerType('net.URL', GoUrl);
  env.registerFunction('url(string): net.URL', (s: string) => {
    const url = parseRequestUrl(s);
    if (typeof url === 'string') throw new Error(`URL parse error during conversion from string: ${url}`);
    return url;
  });
  env.registerFunction('isURL(string): bool', (s: string) => typeof parseRequestUrl(s) !== 'string');
  method('net.URL', 'getScheme', [], 'string', (u: GoUrl) => u.scheme);
  method('net.URL', 'getHost', [], 'string', (u: GoUrl) => u.host);
  method('net.URL', 'getHostname', [], 'string', (u: GoUrl) => u.hostname());
  method('net.URL', 'getPort', [], 'string', (u: GoUrl) => u.port());
  method('net.URL', 'getEscapedPath', [], 'string', (u: GoUrl) => u.escapedPath());
  method('net.URL', 'getQuery', [], 'map<string, list<string>>', (u: GoUrl) => u.query());

  counted(env);
  return (environment = env);
}

/** What is left of the cost budget of one object's rules (OBJECT_COST_BUDGET to begin with). */
export interface CostBudget {
  left: number;
}

export interface CompiledRule {
  /**
   * Evaluates the rule, at most PER_CALL_COST_LIMIT steps (and what is left of `budget`, which it
   * spends); a string is the evaluation error, COST_LIMIT_ERROR when it went over the limit.
   */
  run(self: unknown, budget?: CostBudget): boolean | string;
  /** The message expression's result, or undefined when it has none or fails. */
  message(self: unknown): string | undefined;
}

/** A rule compiled once; a string is why it does not compile (the API server refuses such a CRD). */
export function compileRule(rule: string, messageExpression?: string): CompiledRule | string {
  const env = celEnvironment();
  let program: (context: Record<string, unknown>) => unknown;
  let messageProgram: ((context: Record<string, unknown>) => unknown) | undefined;
  try {
    program = env.parse(rule) as unknown as typeof program;
    if (messageExpression) messageProgram = env.parse(messageExpression) as unknown as typeof program;
  } catch (error) {
    return firstLine((error as Error).message);
  }
  return {
    run(self, budget) {
      return metered(PER_CALL_COST_LIMIT, budget, () => {
        try {
          const result = program({ self });
          if (typeof result !== 'boolean') return `rule did not evaluate to a bool: ${rule}`;
          return result;
        } catch (error) {
          if (error instanceof CostLimitError) return COST_LIMIT_ERROR;
          return firstLine((error as Error).message);
        }
      });
    },
    message(self) {
      if (!messageProgram) return undefined;
      try {
        const text = metered(PER_CALL_COST_LIMIT, undefined, () => messageProgram({ self }));
        return typeof text === 'string' && text.trim() !== '' && !text.includes('\n') ? text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Runs `evaluate` with at most `limit` steps; the steps taken are spent from `budget`. */
function metered<T>(limit: number, budget: CostBudget | undefined, evaluate: () => T): T {
  const outer = meter.left;
  const allowed = Math.min(limit, outer);
  meter.left = allowed;
  try {
    return evaluate();
  } finally {
    const spent = allowed - Math.max(meter.left, 0);
    meter.left = outer === Infinity ? Infinity : outer - spent;
    if (budget) budget.left -= spent;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
