import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destinationProblem as validateDestination } from '../../../server/src/core/features/destination.js';
import { hopDetails, hopSummary, routeDescription } from '../../../client/src/views/viewText.js';
import type { WireHop as Hop, WireRouteRow as RouteRow } from '../../../server/src/protocol.js';

const forwarded: Hop = {
  destination: '10.20.3.4', namespace: 'event1', outcome: 'forwarded',
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
    { label: 'SNAT source', description: '10.10.0.10 (replica 1), 10.10.0.11 (replica 2)' },
  ]);
  const none: Hop = { ...forwarded, outcome: 'no-route', route: null, nextHop: null, vlan: null, sourceAddresses: [] };
  assert.deepEqual(hopSummary(none).description, 'no route');
  assert.deepEqual(hopDetails(none).map((l) => l.description), ['no route', 'none matches, and there is no default route', '—']);
});

test('route table rows say where they go and what is wrong', () => {
  const row: RouteRow = { prefix: '10.20.0.0/16', type: 'static', nextHop: '10.9.0.1', vlan: null, sourceAddresses: [], active: true, route: forwarded.route! };
  assert.equal(routeDescription(row), 'static → 10.9.0.1 · gateway on no connected network');
  assert.equal(routeDescription({ ...row, vlan: 'external' }), 'static → 10.9.0.1 on external');
  assert.equal(routeDescription({ ...row, type: 'connected', vlan: 'external', active: true }), 'connected on external');
  assert.equal(routeDescription({ ...row, vlan: 'external', active: false }), 'static → 10.9.0.1 on external · unused (another route of this prefix wins)');
});
