// The SPK kinds this project understands, and what each one is for.

export type ResourceRole = 'staticRoute' | 'vlan' | 'egress' | 'snatpool';

export const KIND_ROLES: Readonly<Record<string, ResourceRole>> = {
  IngressRouteStaticRoute: 'staticRoute',
  F5SPKStaticRoute: 'staticRoute',
  IngressRouteVlan: 'vlan',
  F5SPKVlan: 'vlan',
  F5SPKEgress: 'egress',
  F5SPKSnatpool: 'snatpool',
};

export function isSpkKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(KIND_ROLES, kind);
}

/** A VLAN's self-IP lists, each with the field that gives their prefix length. */
export const SELF_IP_FIELDS = [
  { list: 'selfip_v4s', prefix: 'prefixlen_v4', family: 4 },
  { list: 'selfip_v6s', prefix: 'prefixlen_v6', family: 6 },
] as const;

/** A cheap test that a YAML document may hold an SPK resource; documents failing it are never parsed. */
export const SPK_KIND_HINT = new RegExp(`\\b(?:${Object.keys(KIND_ROLES).join('|')})\\b`);
