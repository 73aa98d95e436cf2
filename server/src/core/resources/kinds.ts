// The SPK kinds this project understands, and what each one is for.

/** `vxlan`: a VXLAN tunnel interface of TMM; like a VLAN it has self IPs, but no interfaces or tag. */
export type ResourceRole = 'staticRoute' | 'vlan' | 'vxlan' | 'egress' | 'snatpool';

export const KIND_ROLES: Readonly<Record<string, ResourceRole>> = {
  IngressRouteStaticRoute: 'staticRoute',
  F5SPKStaticRoute: 'staticRoute',
  IngressRouteVlan: 'vlan',
  F5SPKVlan: 'vlan',
  F5SPKVxlan: 'vxlan',
  F5SPKEgress: 'egress',
  F5SPKSnatpool: 'snatpool',
};

export function isSpkKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(KIND_ROLES, kind);
}

/** A VLAN's (or VXLAN's) self-IP lists, each with the field that gives their prefix length. */
export const SELF_IP_FIELDS = [
  { list: 'selfip_v4s', prefix: 'prefixlen_v4', family: 4 },
  { list: 'selfip_v6s', prefix: 'prefixlen_v6', family: 6 },
] as const;

/** A cheap test that a YAML document may hold an SPK resource; documents failing it are never parsed. */
export const SPK_KIND_HINT = new RegExp(`\\b(?:${Object.keys(KIND_ROLES).join('|')})\\b`);
