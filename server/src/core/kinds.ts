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

/** A cheap test that a YAML document may hold an SPK resource; documents failing it are never parsed. */
export const SPK_KIND_HINT = new RegExp(`\\b(?:${Object.keys(KIND_ROLES).join('|')})\\b`);
