// The SPK kinds this project understands, and what each one is for.

/**
 * `vxlan`: a VXLAN tunnel interface of TMM; like a VLAN it has self IPs, but no interfaces or tag.
 * `infra`: a BNK 2.4 Infra, which holds networks, IPAM pools and static routes of its own.
 * `routeTest`: this project's own RouteTest (`spk-routes/v1alpha1`): expectations checked against a
 * namespace's route table; never an object of a cluster, never applied, never in a route table.
 */
export type ResourceRole = 'staticRoute' | 'vlan' | 'vxlan' | 'egress' | 'snatpool' | 'infra' | 'routeTest';

export const KIND_ROLES: Readonly<Record<string, ResourceRole>> = {
  IngressRouteStaticRoute: 'staticRoute',
  F5SPKStaticRoute: 'staticRoute',
  IngressRouteVlan: 'vlan',
  F5SPKVlan: 'vlan',
  F5SPKVxlan: 'vxlan',
  F5SPKEgress: 'egress',
  F5SPKSnatpool: 'snatpool',
  Infra: 'infra',
  RouteTest: 'routeTest',
};

/** The API group of this project's own kinds (RouteTest): never sent to a cluster. */
export const ROUTE_TEST_GROUP = 'spk-routes';

/**
 * Kinds whose name other projects use too: ours only in this API group (`Infra` of another group is
 * not an SPK resource and is neither recognised nor diagnosed). The k8s.f5net.com kinds have names of
 * their own: any apiVersion of them is ours (an unknown one is reported).
 */
export const KIND_GROUPS: Readonly<Record<string, string>> = {
  Infra: 'gateway.k8s.f5.com',
  RouteTest: ROUTE_TEST_GROUP,
};

export function isSpkKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(KIND_ROLES, kind);
}

/** The group of an apiVersion (`gateway.k8s.f5.com` of `gateway.k8s.f5.com/v1alpha1`; '' for `v1`). */
export function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** An SPK kind, and for a kind of a fixed group, an apiVersion of that group. */
export function isSpkResourceKind(kind: unknown, apiVersion: unknown): kind is string {
  if (!isSpkKind(kind)) return false;
  const group = KIND_GROUPS[kind];
  return group === undefined || groupOf(apiVersion) === group;
}

/** A VLAN's (or VXLAN's) self-IP lists, each with the field that gives their prefix length. */
export const SELF_IP_FIELDS = [
  { list: 'selfip_v4s', prefix: 'prefixlen_v4', family: 4 },
  { list: 'selfip_v6s', prefix: 'prefixlen_v6', family: 6 },
] as const;

/** A cheap test that a YAML document may hold an SPK resource; documents failing it are never parsed. */
export const SPK_KIND_HINT = new RegExp(`\\b(?:${Object.keys(KIND_ROLES).join('|')})\\b`);
