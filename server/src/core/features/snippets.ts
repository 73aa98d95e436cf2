// Whole-resource snippets, shaped like the seed use case and F5's examples.

export interface ResourceSnippet {
  label: string;
  detail: string;
  documentation: string;
  insertText: string;
}

const route = (kind: string) => [
  'apiVersion: k8s.f5net.com/v1',
  `kind: ${kind}`,
  'metadata:',
  '  name: ${1:egress-route}',
  '  namespace: ${2:spk-ingress}',
  'spec:',
  '  destination: ${3:10.20.0.0}',
  '  prefixLen: ${4:16}',
  '  type: gateway',
  '  gateway: ${5:10.10.255.252}',
  '$0',
].join('\n');

const vlan = (kind: string) => [
  'apiVersion: k8s.f5net.com/v1',
  `kind: ${kind}`,
  'metadata:',
  '  name: ${1:external}',
  '  namespace: ${2:spk-ingress}',
  'spec:',
  '  name: ${1:external}',
  '  interfaces:',
  '    - "${3:1.1}"',
  '  tag: ${4:0}',
  '  selfip_v4s:',
  '    - ${5:10.10.0.10}',
  '  prefixlen_v4: ${6:16}',
  '  auto_lasthop: AUTO_LASTHOP_ENABLED',
  '$0',
].join('\n');

const routeTest = [
  'apiVersion: spk-routes/v1alpha1',
  'kind: RouteTest',
  'metadata:',
  '  name: ${1:egress-routes}',
  'spec:',
  '  namespace: ${2:spk-ingress}',
  '  expect:',
  '    - destination: ${3:10.20.0.0/16}',
  '      nextHop: ${4:10.10.255.252}',
  '$0',
].join('\n');

export const RESOURCE_SNIPPETS: readonly ResourceSnippet[] = [
  { label: 'F5SPKStaticRoute', detail: 'static route (SPK 1.3+)', documentation: 'A whole static route: destination + prefixLen → gateway.', insertText: route('F5SPKStaticRoute') },
  { label: 'IngressRouteStaticRoute', detail: 'static route (SPK 1.2)', documentation: 'A whole static route for SPK 1.2: destination + prefixLen → gateway.', insertText: route('IngressRouteStaticRoute') },
  { label: 'F5SPKVlan', detail: 'VLAN with self IPs (SPK 1.3+)', documentation: 'A whole VLAN: interfaces, tag, one self IP per TMM replica and their prefix length.', insertText: vlan('F5SPKVlan') },
  { label: 'IngressRouteVlan', detail: 'VLAN with self IPs (SPK 1.2)', documentation: 'A whole VLAN for SPK 1.2: interfaces, tag, self IPs and their prefix length.', insertText: vlan('IngressRouteVlan') },
  { label: 'RouteTest', detail: 'route test (spk-routes, never applied)', documentation: 'Expectations about where traffic goes from a namespace, checked on every edit and by `spk-route test`: a destination (an address or a CIDR) and its nextHop, vlan, route, source or outcome.', insertText: routeTest },
];
