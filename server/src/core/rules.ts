// Every diagnostic code, with what it means: for SARIF rule metadata, documentation and tests.
import type { Severity } from './types.js';

export interface Rule {
  code: string;
  severity: Severity;
  summary: string;
}

export const RULES: readonly Rule[] = [
  { code: 'yaml-syntax', severity: 'error', summary: 'The YAML of an SPK document does not parse.' },
  { code: 'ambiguous-yaml', severity: 'error', summary: 'kubectl (YAML 1.1, split at --- lines) would read the document differently from YAML 1.2: yes/no/on/off, octal, base-60 numbers, U+2028, a line starting with ---, a document after ... ; apply refuses it.' },
  { code: 'unknown-api-version', severity: 'error', summary: 'An SPK kind at an apiVersion that has no known schema.' },
  { code: 'missing-field', severity: 'error', summary: 'A required field is missing (reported at the parent key).' },
  { code: 'unknown-field', severity: 'warning', summary: 'A field that the kind does not have, such as netmask, vlan, interface or metric.' },
  { code: 'wrong-type', severity: 'error', summary: 'A value of the wrong type, such as prefixLen: "24".' },
  { code: 'invalid-value', severity: 'error', summary: 'A value outside the allowed values of the field.' },
  { code: 'out-of-range', severity: 'error', summary: 'A number outside the allowed range of the field.' },
  { code: 'schema', severity: 'error', summary: 'Another JSON Schema violation.' },
  { code: 'missing-name', severity: 'error', summary: 'A resource without metadata.name.' },
  { code: 'invalid-name', severity: 'error', summary: 'metadata.name is not a valid Kubernetes (DNS-1123 subdomain) name.' },
  { code: 'invalid-namespace', severity: 'error', summary: 'metadata.namespace is not a valid namespace (DNS-1123 label) name.' },
  { code: 'invalid-address', severity: 'error', summary: 'Not a valid bare IPv4 or IPv6 address.' },
  { code: 'destination-cidr', severity: 'error', summary: 'A CIDR written into destination; the API server rejects it.' },
  { code: 'prefix-length-range', severity: 'error', summary: 'An IPv4 prefixLen above 32.' },
  { code: 'destination-host-bits', severity: 'warning', summary: 'destination has host bits set for its prefixLen (inferred rule R6).' },
  { code: 'family-mismatch', severity: 'warning', summary: 'Addresses of the wrong family: destination and gateway (inferred R7), or a self IP in the other list.' },
  { code: 'missing-gateway', severity: 'error', summary: 'A gateway route without spec.gateway.' },
  { code: 'missing-prefix-length', severity: 'warning', summary: 'Self IPs without prefixlen_v4 / prefixlen_v6.' },
  { code: 'duplicate-self-ip', severity: 'error', summary: 'The same self IP listed for two TMM replicas.' },
  { code: 'selfip-network-address', severity: 'warning', summary: 'A self IP that is the network address of its subnet.' },
  { code: 'selfip-broadcast-address', severity: 'warning', summary: 'A self IP that is the broadcast address of its subnet.' },
  { code: 'selfip-subnet-mismatch', severity: 'warning', summary: "A VLAN's self IPs in different subnets." },
  { code: 'document-too-large', severity: 'information', summary: 'A document too large to analyse.' },
  { code: 'too-many-diagnostics', severity: 'information', summary: 'A file with more diagnostics than the editor is sent (999, errors first); its first line says how many are not shown, and spk-route lint lists them all.' },
  { code: 'duplicate-route', severity: 'error', summary: 'Two routes with the same destination and prefix in one namespace (error when their gateways differ, warning when identical; inferred R9).' },
  { code: 'static-equals-connected', severity: 'warning', summary: 'A static route equal to a connected network, which always wins.' },
  { code: 'gateway-unreachable', severity: 'warning', summary: 'A gateway in no connected subnet of its namespace (inferred R5).' },
  { code: 'gateway-in-destination', severity: 'warning', summary: "The gateway lies inside the route's own destination, and the namespace has no VLAN to say it is one hop away." },
  { code: 'gateway-is-self-ip', severity: 'error', summary: "A gateway that is one of TMM's own self IPs." },
  { code: 'redundant-route', severity: 'hint', summary: 'A more-specific route whose covering route has the same next hop.' },
];
