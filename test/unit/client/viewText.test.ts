import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destinationProblem as validateDestination } from '../../../server/src/core/features/destination.js';
import { changeMarker, changeTableName, hopDetails, hopSummary, routeDescription } from '../../../client/src/views/viewText.js';
import type { WireHop as Hop, WireRouteChange, WireRouteRow as RouteRow } from '../../../server/src/protocol.js';

const forwarded: Hop = {
  destination: '10.20.3.4', namespace: 'event1', replicas: [1, 2], replicaCount: 2, outcome: 'forwarded', interface: 'vlan', source: 'self-ip',
  sourceCandidates: [['10.10.0.10'], ['10.10.0.11']],
  route: { kind: 'IngressRouteStaticRoute', name: 'seed', namespace: 'event1', file: 'file:///w/event1/routes.yaml', line: 14, destination: '10.20.0.0', prefixLen: 16 },
  nextHop: '10.10.255.252', vlan: 'external', sourceAddresses: ['10.10.0.10', '10.10.0.11'],
};

// The server checks the simulator's input box (spk/checkDestination); these are its words.
test('the simulator input box explains what is wrong as the user types', () => {
  assert.equal(validateDestination(''), undefined);
  assert.equal(validateDestination('10.20.3.4'), undefined);
  assert.equal(validateDestination(' 2001:db8::1 '), undefined);
  assert.equal(validateDestination('10.20.3'), '"10.20.3" has 3 octets, an IPv4 address has 4');
  assert.equal(validateDestination('10.20.0.0/16'), '"10.20.0.0/16" is a CIDR; write the address alone and its length in prefixLen');
});

test('a lookup reads as outcome, route with its file and line, next hop, VLAN and SNAT per replica', () => {
  assert.deepEqual(hopSummary(forwarded), { label: '10.20.3.4 from event1', description: '→ 10.10.255.252 on external' });
  assert.deepEqual(hopDetails(forwarded), [
    { label: 'Outcome', description: 'forwarded' },
    { label: 'Route', description: '10.20.0.0/16 — IngressRouteStaticRoute event1/seed (routes.yaml:15)' },
    { label: 'Next hop', description: '10.10.255.252' },
    { label: 'Egress VLAN', description: 'external' },
    { label: 'Source (self IP)', description: '10.10.0.10 (TMM 1), 10.10.0.11 (TMM 2)' },
  ]);
  const none: Hop = { ...forwarded, outcome: 'no-route', route: null, nextHop: null, vlan: null, interface: null, sourceAddresses: [], sourceCandidates: [] };
  assert.deepEqual(hopSummary(none).description, 'no static or connected route');
  assert.deepEqual(hopDetails(none).map((l) => l.description), ['no route', 'no static or connected route matches; TMM may still forward by dynamic routing (BGP) or its pod interface', '—']);
});

test('a lookup that holds for some replicas says which; a SNAT pool and the pod interface are named', () => {
  const zone2: Hop = { ...forwarded, replicas: [2], replicaCount: 3, nextHop: '10.156.16.1', source: 'snatpool', sourcePool: 'egress-snat', sourceAddresses: ['10.0.10.61'], sourceCandidates: [['10.0.10.61', '10.0.10.62']] };
  assert.deepEqual(hopSummary(zone2), { label: '10.20.3.4 from event1 (TMM 2)', description: '→ 10.156.16.1 on external' });
  assert.deepEqual(hopDetails(zone2).at(-1), { label: 'Source (SNAT pool)', description: 'egress-snat: 10.0.10.61 or 10.0.10.62 (TMM 2)' });
  const pod: Hop = { ...forwarded, nextHop: '169.254.1.1', vlan: null, interface: 'pod', sourceAddresses: [null, null], sourceCandidates: [[], []] };
  assert.equal(hopSummary(pod).description, '→ 169.254.1.1 over the pod interface');
  assert.deepEqual(hopDetails(pod)[3], { label: 'Egress', description: 'the pod interface (a link-local gateway, inferred)' });
});

test('route table rows say where they go and what is wrong', () => {
  const row: RouteRow = { prefix: '10.20.0.0/16', type: 'static', replicas: [1], nextHop: '10.9.0.1', vlan: null, interface: null, sourceAddresses: [], active: true, route: forwarded.route! };
  assert.equal(routeDescription(row, 1), 'static → 10.9.0.1 · gateway on no connected network');
  assert.equal(routeDescription({ ...row, vlan: 'external' }, 1), 'static → 10.9.0.1 on external');
  assert.equal(routeDescription({ ...row, type: 'connected', vlan: 'external', active: true }, 1), 'connected on external');
  assert.equal(routeDescription({ ...row, vlan: 'external', active: false }, 1), 'static → 10.9.0.1 on external · unused (another route of this prefix wins)');
  assert.equal(routeDescription({ ...row, vlan: 'external', replicas: [2] }, 3), 'static → 10.9.0.1 on external (TMM 2)');
  assert.equal(routeDescription({ ...row, vlan: 'external', replicas: [1, 2, 3] }, 3), 'static → 10.9.0.1 on external');
  assert.equal(routeDescription({ ...row, interface: 'pod' }, 1), 'static → 10.9.0.1 over the pod interface');
});

test('routing changes: the marker on the route that now answers, and the heading of its table', () => {
  const answer = (text: string) => ({ outcome: 'forwarded' as const, nextHop: '10.10.0.1', vlan: 'external', interface: 'vlan' as const, route: null, text });
  const change: WireRouteChange = {
    namespace: 'event1', infra: null, scope: null, replicas: [1, 2], replicaCount: 2, prefixes: ['10.20.0.0/16'],
    before: answer('→ 10.10.0.1 on external (route-a)'), after: answer('→ 10.10.255.252 on external (route-b)'), summary: '', line: '',
  };
  assert.equal(changeMarker(change, 'git HEAD'), 'changes 10.20.0.0/16: was → 10.10.0.1 on external (route-a) (against git HEAD)');
  assert.equal(changeTableName(change), 'event1');
  const some = { ...change, infra: 'infra', scope: 'file:///w/labs/v2', replicas: [2], prefixes: ['10.1.0.0/16', '10.3.0.0/16', '10.5.0.0/16', '10.7.0.0/16', '2001:db8::/32'] };
  assert.equal(changeMarker(some, 'cluster spk-test'), 'changes 10.1.0.0/16, 10.3.0.0/16, 10.5.0.0/16 and 2 more (TMM 2): was → 10.10.0.1 on external (route-a) (against cluster spk-test)');
  assert.equal(changeTableName(some), 'event1 (Infra infra) [v2] (TMM 2)');
});
