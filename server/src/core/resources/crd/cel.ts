// CEL as the API server runs `x-kubernetes-validations` (kube-apiserver 1.32): @marcbachmann/cel-js
// plus the Kubernetes libraries that route CRDs use, implemented here on the project's own address
// parsing — IP (`isIP`, `ip`, `family`, `isLoopback`…, `ip.isCanonical`), CIDR (`isCIDR`, `cidr`,
// `containsIP`, `containsCIDR`, `masked`, `prefixLength`, `ip`), lists (`isSorted`, `sum`, `min`,
// `max`, `indexOf`, `lastIndexOf`), regex (`find`, `findAll`; `matches` with RE2 syntax), the
// strings extension's `charAt`, `replace`, `strings.quote`, and `sets.contains/equivalent/intersects`.
// Not here: the quantity, URL, format and authorizer libraries, and transition rules (`oldSelf`),
// which are never evaluated on create.
import { Environment } from '@marcbachmann/cel-js';
import { formatAddress, maxPrefix, parseIp } from '../../net/index.js';
import { re2 } from './regex.js';

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
  return (environment = env);
}

export interface CompiledRule {
  /** Evaluates the rule; a string is the evaluation error. */
  run(self: unknown): boolean | string;
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
    run(self) {
      try {
        const result = program({ self });
        if (typeof result !== 'boolean') return `rule did not evaluate to a bool: ${rule}`;
        return result;
      } catch (error) {
        return firstLine((error as Error).message);
      }
    },
    message(self) {
      if (!messageProgram) return undefined;
      try {
        const text = messageProgram({ self });
        return typeof text === 'string' && text.trim() !== '' && !text.includes('\n') ? text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
