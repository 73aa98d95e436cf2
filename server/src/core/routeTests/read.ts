// A RouteTest (spk-routes/v1alpha1, this project's own kind) as written: the namespace it tests and
// each expectation with its located values, parsed, or why one cannot be used. Read once per
// resource. Wrong types and unknown fields are the schema's diagnostics; what the schema cannot
// say (an address that does not parse, a CIDR with host bits, nothing to check) is a problem here.
import { hasHostBits, maxPrefix, networkAddress, parseCidr, parseIp, type Family, type IpAddress } from '../net/index.js';
import type { DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import type { Outcome } from '../routing/lookup.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import { isTemplated } from '../yaml/templates.js';
import { getPair, type YNode, type YScalar } from '../yaml/tree.js';

export const OUTCOMES: readonly Outcome[] = ['connected', 'forwarded', 'unresolved', 'blackhole', 'no-route'];

/** The fields an expectation checks (at least one is needed). */
export const CHECKED_FIELDS = ['outcome', 'nextHop', 'vlan', 'route', 'source'] as const;

export interface Value<T> {
  node: YNode;
  value: T;
}

export interface Destination {
  node: YNode;
  /** As written. */
  text: string;
  family: Family;
  /** The first and last address (the same for an address). */
  first: bigint;
  last: bigint;
  /** The network (an address: the address itself) and its prefix length (an address: 32 or 128). */
  network: IpAddress;
  prefixLen: number;
  /** Written as a CIDR (`10.20.0.0/16`, also `/32`), not as a bare address. */
  cidr: boolean;
}

export interface Problem {
  node: YNode;
  message: string;
}

export interface ExpectationSpec {
  /** The list item, and its index in `expect`. */
  item: YNode;
  index: number;
  destination?: Destination;
  /** The destination's node, also when it has no usable value. */
  destinationNode?: YNode;
  outcome?: Value<Outcome>;
  nextHop?: Value<IpAddress>;
  vlan?: Value<string>;
  route?: Value<string>;
  source?: Value<IpAddress>;
  replica?: Value<number>;
  soft: boolean;
  /** Why it cannot be run (reported as `route-test-invalid`). */
  problems: Problem[];
  /**
   * Whether it can be run: a destination, at least one checked field, and every field written has a
   * usable value (a wrong type or a value a template fills in leaves it unrun, the schema says why).
   */
  runnable: boolean;
}

export interface RouteTestSpec {
  /** `metadata.name`. */
  name?: string;
  /** `spec.namespace` when it is a string (it may be templated: the test then runs nowhere). */
  namespace?: string;
  expectations: ExpectationSpec[];
}

const cache = new WeakMap<SpkResource, RouteTestSpec>();

export function readRouteTest(resource: SpkResource): RouteTestSpec {
  let spec = cache.get(resource);
  if (spec) return spec;
  const root = specOf(resource);
  const namespace = root ? getPair(root, 'namespace')?.value : undefined;
  const expect = root ? getPair(root, 'expect')?.value : undefined;
  spec = {
    ...(resource.name !== undefined ? { name: resource.name } : {}),
    ...(namespace?.type === 'scalar' && typeof namespace.value === 'string' ? { namespace: namespace.value } : {}),
    expectations: expect?.type === 'seq' ? expect.items.map(readExpectation) : [],
  };
  cache.set(resource, spec);
  return spec;
}

/** A document that is a RouteTest, read or not (an unknown apiVersion of our group, a syntax error). */
export function isRouteTestDocument(analysis: DocumentAnalysis): boolean {
  if (analysis.resource) return analysis.resource.role === 'routeTest';
  return analysis.text !== '' && /^kind:[ \t]*["']?RouteTest["']?[ \t]*(?:#.*)?\r?$/m.test(analysis.text);
}

function readExpectation(item: YNode, index: number): ExpectationSpec {
  const out: ExpectationSpec = { item, index, soft: false, problems: [], runnable: false };
  if (item.type !== 'map') return out;
  let usable = true;
  const string = (key: string): { node: YScalar | YNode; text?: string } | undefined => {
    const pair = getPair(item, key);
    if (!pair) return undefined;
    const node = pair.value;
    if (node.type !== 'scalar' || typeof node.value !== 'string' || isTemplated(node.value)) {
      usable = false;
      return { node };
    }
    return { node, text: node.value };
  };
  const address = (key: string, what: string): Value<IpAddress> | undefined => {
    const field = string(key);
    if (field?.text === undefined) return undefined;
    const parsed = parseIp(field.text);
    if (parsed.ok) return { node: field.node, value: parsed.address };
    usable = false;
    out.problems.push({ node: field.node, message: `${what} ${parsed.reason}` });
    return undefined;
  };

  const destination = string('destination');
  if (destination) out.destinationNode = destination.node;
  if (destination?.text !== undefined) {
    const read = readDestination(destination.node, destination.text);
    if ('problem' in read) {
      usable = false;
      out.problems.push({ node: destination.node, message: read.problem });
    } else out.destination = read;
  }
  const outcome = string('outcome');
  if (outcome?.text !== undefined) {
    if ((OUTCOMES as readonly string[]).includes(outcome.text)) out.outcome = { node: outcome.node, value: outcome.text as Outcome };
    else usable = false; // the schema's invalid-value says why
  }
  const nextHop = address('nextHop', 'nextHop:');
  if (nextHop) out.nextHop = nextHop;
  const vlan = string('vlan');
  if (vlan?.text !== undefined) out.vlan = { node: vlan.node, value: vlan.text };
  const route = string('route');
  if (route?.text !== undefined) out.route = { node: route.node, value: route.text };
  const source = address('source', 'source:');
  if (source) out.source = source;
  const replica = getPair(item, 'replica');
  if (replica) {
    const node = replica.value;
    if (node.type === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 1) out.replica = { node, value: node.value };
    else usable = false;
  }
  const soft = getPair(item, 'soft');
  if (soft) {
    if (soft.value.type === 'scalar' && typeof soft.value.value === 'boolean') out.soft = soft.value.value;
    else usable = false;
  }
  const checks = CHECKED_FIELDS.filter((key) => getPair(item, key));
  if (!checks.length && destination) {
    out.problems.push({ node: destination.node, message: `the expectation for ${destination.text ?? 'this destination'} checks nothing: add outcome, nextHop, vlan, route or source` });
  }
  out.runnable = usable && out.destination !== undefined && checks.length > 0;
  return out;
}

function readDestination(node: YNode, text: string): Destination | { problem: string } {
  if (!text.includes('/')) {
    const parsed = parseIp(text);
    if (!parsed.ok) return { problem: `destination: ${parsed.reason}; write an address or a CIDR` };
    const address = parsed.address;
    return { node, text, family: address.family, first: address.value, last: address.value, network: address, prefixLen: maxPrefix(address.family), cidr: false };
  }
  const parsed = parseCidr(text);
  if (!parsed.ok) return { problem: `destination: ${parsed.reason}` };
  const { address, prefixLen } = parsed;
  const network = networkAddress(address, prefixLen);
  if (hasHostBits(address, prefixLen)) {
    return { problem: `destination "${text}" has host bits set for /${prefixLen}: its network is ${network.text}/${prefixLen} (write that, or the address alone)` };
  }
  const size = 1n << BigInt(maxPrefix(address.family) - prefixLen);
  return { node, text, family: address.family, first: network.value, last: network.value + size - 1n, network, prefixLen, cidr: true };
}
