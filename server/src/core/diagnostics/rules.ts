// Every rule, once: its code, default severity, how sure the fact behind it is, and what it catches.
// Checks report through `makeDiagnostic` / `DocumentReport.add` with a code from here; the CLI's SARIF
// rules and the README's table of diagnostics are made from this table.
import type { QuickFix, Range, RelatedLocation, Severity } from '../types.js';

/**
 * How sure the fact behind a rule is (see the project's reference): `exact` follows from YAML,
 * Kubernetes or address arithmetic; `F5` is stated by F5; `seen` was seen on live clusters or in an API
 * server's answers; `inferred` is our reading. Checks on inferred facts are never errors.
 */
export type Certainty = 'exact' | 'F5' | 'seen' | 'inferred';

export interface Rule {
  severity: Severity;
  certainty: Certainty;
  summary: string;
  /** Apply refuses a document with this finding: what we read is not certainly what the cluster would get. */
  refusesApply?: boolean;
}

const RULE_TABLE = {
  'yaml-syntax': { severity: 'error', certainty: 'exact', summary: 'YAML that does not parse, in an SPK document.', refusesApply: true },
  'ambiguous-yaml': { severity: 'error', certainty: 'seen', summary: 'Text that kubectl (YAML 1.1, split at `---` lines) would read differently from YAML 1.2: `yes`/`off`/`0755`/`1:30` unquoted, U+2028 even in a comment, a `---#` line, a document after `...`; apply refuses it.', refusesApply: true },
  'unknown-api-version': { severity: 'error', certainty: 'seen', summary: 'An SPK kind at an apiVersion with no known schema.', refusesApply: true },
  'missing-field': { severity: 'error', certainty: 'F5', summary: 'A required field, reported at its parent key.' },
  'unknown-field': { severity: 'warning', certainty: 'seen', summary: 'A field the kind does not have (`netmask`, `vlan`, `interface`, `metric`…), listing the known ones; a quick fix for near misses.' },
  'wrong-type': { severity: 'error', certainty: 'seen', summary: 'A value of the wrong type, such as `prefixLen: "24"`.' },
  'invalid-value': { severity: 'error', certainty: 'seen', summary: 'A value outside the field\'s allowed values, such as `type: gatway` (with a quick fix).' },
  'out-of-range': { severity: 'error', certainty: 'seen', summary: 'A number outside the field\'s range, such as `tag: 5000`.' },
  'schema': { severity: 'error', certainty: 'seen', summary: 'Another JSON Schema violation.' },
  'missing-name': { severity: 'error', certainty: 'exact', summary: 'A resource without `metadata.name`.', refusesApply: true },
  'invalid-name': { severity: 'error', certainty: 'exact', summary: '`metadata.name` is not a valid Kubernetes (DNS-1123 subdomain) name.', refusesApply: true },
  'invalid-namespace': { severity: 'error', certainty: 'exact', summary: '`metadata.namespace` is not a valid namespace (DNS-1123 label) name.', refusesApply: true },
  'invalid-address': { severity: 'error', certainty: 'exact', summary: 'Not a bare IPv4/IPv6 literal, with the reason (`octet 300 … is above 255`).' },
  'destination-cidr': { severity: 'error', certainty: 'seen', summary: '`destination: 10.241.0.0/24`, which the API server rejects; a quick fix splits it into `destination` + `prefixLen`.' },
  'prefix-length-range': { severity: 'error', certainty: 'exact', summary: 'An IPv4 `prefixLen` above 32.' },
  'destination-host-bits': { severity: 'warning', certainty: 'inferred', summary: 'A route destination with host bits set for its prefix length (inferred R6): F5SPKStaticRoute `destination` for its `prefixLen`, or an Infra `destinations` CIDR such as `10.0.0.1/16`; a quick fix writes the network address.' },
  'invalid-cidr': { severity: 'error', certainty: 'seen', summary: 'An Infra `destinations` entry or pool `cidr` that is not `address/prefix-length`, with the reason (a bare address: a warning, inferred).' },
  'infra-ref-unknown': { severity: 'warning', certainty: 'inferred', summary: 'An Infra `networkRef`, `ipamRefs` or `networkAttachmentRef` name that names no `networks`, `ipams` or `networkAttachments` entry of the same Infra.' },
  'family-mismatch': { severity: 'warning', certainty: 'inferred', summary: 'Destination and gateway of different families (inferred R7, a warning); a self IP in the other family\'s list, or a VXLAN remote node\'s `peerip_v4` / `peerip_v6` of the other family (an error).' },
  'missing-gateway': { severity: 'error', certainty: 'F5', summary: 'A gateway route without `gateway`.' },
  'missing-prefix-length': { severity: 'warning', certainty: 'inferred', summary: 'Self IPs without `prefixlen_v4` / `prefixlen_v6`.' },
  'duplicate-self-ip': { severity: 'error', certainty: 'F5', summary: 'The same self IP listed for two TMM replicas.' },
  'selfip-network-address': { severity: 'warning', certainty: 'exact', summary: 'A self IP that is the network address of its subnet.' },
  'selfip-broadcast-address': { severity: 'warning', certainty: 'exact', summary: 'A self IP that is the broadcast address of its subnet.' },
  'document-too-large': { severity: 'information', certainty: 'exact', summary: 'A document too large to analyse (over 1,000,000 characters).', refusesApply: true },
  'too-many-diagnostics': { severity: 'information', certainty: 'exact', summary: 'A file with more findings than the editor is sent (999, errors first); its first line says how many are not shown, and `spk-route lint` lists them all.' },
  'duplicate-route': { severity: 'warning', certainty: 'inferred', summary: 'Two routes with one destination and prefix that both carry traffic on one TMM replica with different gateways (inferred R9: per-zone routes, each usable on its own replicas, are none), each pointing at the other; a hint when the gateways are the same.' },
  'untagged-vlan-twice': { severity: 'warning', certainty: 'F5', summary: 'A second untagged VLAN on one interface in a namespace (F5: one untagged VLAN per interface), pointing at the first.' },
  'vlan-tag-twice': { severity: 'warning', certainty: 'F5', summary: 'A VLAN tag used by two VLANs of a namespace (F5: tags unique across all interfaces), pointing at the first.' },
  'vlan-name-twice': { severity: 'warning', certainty: 'inferred', summary: 'One VLAN (or VXLAN) `spec.name` defined differently by two resources of a namespace (interfaces, tag, self IPs or prefix lengths), pointing at the first; copies that agree, and versions of one resource, are no conflict.' },
  'self-ip-on-two-vlans': { severity: 'warning', certainty: 'inferred', summary: 'One self IP on two VLANs or VXLANs of a namespace (or in two definitions of one VLAN name), pointing at the first; copies that agree, and versions of one resource, are no conflict.' },
  'snatpool-too-few-lists': { severity: 'warning', certainty: 'inferred', summary: 'A SNAT pool with fewer `addressList` lists than the namespace\'s TMM replicas (the longest self-IP list of its VLANs; F5: one list per replica), naming the replicas left without a SNAT address.' },
  'egress-snatpool-unknown': { severity: 'warning', certainty: 'F5', summary: 'An F5SPKEgress whose `egressSnatpool` names no SNAT pool of its namespace in the files in view (by `spec.name`, else `metadata.name`), where the namespace has pools in view.' },
  'egress-vxlan-interface-unknown': { severity: 'warning', certainty: 'F5', summary: 'An F5SPKEgress whose `pseudoCNIConfig.vxlan.tmmInterfaceName` names no VLAN of its namespace in the files in view, where the namespace has VLANs in view.' },
  'vxlan-key-twice': { severity: 'warning', certainty: 'inferred', summary: 'Two F5SPKEgress of a namespace with one `vxlan.key` on one `tmmInterfaceName` (one VNI per VXLAN interface, inferred), pointing at the first.' },
  'static-equals-connected': { severity: 'warning', certainty: 'inferred', summary: 'A static route equal to a VLAN\'s connected network: the connected one always wins.' },
  'gateway-unreachable': { severity: 'warning', certainty: 'inferred', summary: 'A gateway in no connected subnet of any TMM replica of its namespace and not link-local (169.254.0.0/16, reached over the pod interface), listing the connected subnets (inferred R5, R10); for an Infra, a `nextHop` on no network of the Infra (a range pool\'s network inferred).' },
  'gateway-in-destination': { severity: 'warning', certainty: 'inferred', summary: 'A gateway inside the route\'s own destination, in a namespace without VLANs (with VLANs, `gateway-unreachable` says it).' },
  'gateway-is-self-ip': { severity: 'error', certainty: 'exact', summary: 'A gateway that is one of TMM\'s own self IPs.' },
  'gateway-not-a-host': { severity: 'warning', certainty: 'inferred', summary: 'An IPv4 gateway that is the network or broadcast address of the connected network it is on (no router has it; the Linux kernel refuses such a next hop).' },
  'redundant-route': { severity: 'hint', certainty: 'inferred', summary: 'A more-specific route whose covering route has the same next hop.' },
  'route-test-failed': { severity: 'error', certainty: 'exact', summary: 'A RouteTest expectation that the namespace\'s route table does not satisfy, on its `destination`, saying what the traffic does instead (for a CIDR: the smallest list of prefixes that fail, with their answers); a warning when `soft: true`.' },
  'route-test-invalid': { severity: 'error', certainty: 'exact', summary: 'A RouteTest expectation that cannot be run: a `destination` that is no address or CIDR (or a CIDR with host bits), a `nextHop` or `source` that is no address, or nothing to check (none of `outcome`, `nextHop`, `vlan`, `route`, `source`).' },
} as const satisfies Record<string, Rule>;

export type RuleCode = keyof typeof RULE_TABLE;

export const RULES: Readonly<Record<RuleCode, Rule>> = RULE_TABLE;

export const RULE_CODES = Object.keys(RULES) as RuleCode[];

export const DIAGNOSTIC_SOURCE = 'spk-routes';

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable rule identifier, the same in the editor and the CLI, e.g. `destination-host-bits`. */
  code: RuleCode;
  message: string;
  fixes?: QuickFix[];
  related?: RelatedLocation[];
}

export interface DiagnosticOptions {
  /** Where a rule's severity depends on the case (an identical duplicate route is only a warning). */
  severity?: Severity;
  fixes?: QuickFix[];
  related?: RelatedLocation[];
}

export function makeDiagnostic(code: RuleCode, range: Range, message: string, options: DiagnosticOptions = {}): Diagnostic {
  const diagnostic: Diagnostic = { range, severity: options.severity ?? RULES[code].severity, code, message };
  if (options.fixes?.length) diagnostic.fixes = options.fixes;
  if (options.related?.length) diagnostic.related = options.related;
  return diagnostic;
}
