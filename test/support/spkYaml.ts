// SPK documents that several tiers' tests use as they are.

/** event1's external VLAN: two TMM replicas on 10.10.0.0/16. */
export const EVENT1_VLAN = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16}
`;

/** A route for half of the examples' seed prefix (10.20.0.0/16) to event1's default gateway, as a document to append. */
export const DETOUR_ROUTE = `---
apiVersion: k8s.f5net.com/v1
kind: IngressRouteStaticRoute
metadata: {name: detour, namespace: event1}
spec: {destination: 10.20.128.0, prefixLen: 17, type: gateway, gateway: 10.10.0.1}
`;
