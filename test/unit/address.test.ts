import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Address4, Address6 } from 'ip-address';
import {
  addressSpace,
  describeSpace,
  formatAddress,
  fullIPv6,
  hasHostBits,
  isPrefixLen,
  maxPrefix,
  networkAddress,
  parseIp,
  prefixContains,
  prefixFacts,
  splitCidr,
  type Family,
  type IpAddress,
  type PrefixFacts,
} from '../../server/src/core/net/index.js';

function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.reason);
  return r.address;
}

function reason(text: string): string {
  const r = parseIp(text);
  assert.equal(r.ok, false, `${text} should not parse`);
  return (r as { reason: string }).reason;
}

function facts(cidr: string): PrefixFacts {
  const [a, n] = cidr.split('/');
  return prefixFacts(ip(a!), Number(n));
}

function spaceOf(text: string): string {
  return describeSpace(addressSpace(ip(text)));
}

// ---------------------------------------------------------------------------------------------

describe('parseIp: valid literals', () => {
  test('IPv4', () => {
    assert.deepEqual(parseIp('10.1.30.0'), { ok: true, address: { family: 4, value: 0x0a011e00n, text: '10.1.30.0' } });
    assert.deepEqual(ip('0.0.0.0'), { family: 4, value: 0n, text: '0.0.0.0' });
    assert.deepEqual(ip('255.255.255.255'), { family: 4, value: 0xffffffffn, text: '255.255.255.255' });
  });
  test('IPv6, any case and form, text kept as written', () => {
    assert.deepEqual(ip('2001:DB8::1'), { family: 6, value: 0x20010db8000000000000000000000001n, text: '2001:db8::1', written: '2001:DB8::1' });
    assert.equal(ip('2001:0db8:0000:0000:0000:0000:0000:0001').value, 0x20010db8000000000000000000000001n);
    assert.equal(ip('::').value, 0n);
    assert.equal(ip('::1').value, 1n);
    assert.equal(ip('::ffff:192.0.2.1').value, 0xffffc0000201n);
    assert.equal(ip('1:2:3:4:5:6:7::').value, 0x00010002000300040005000600070000n);
  });
});

describe('parseIp: reasons', () => {
  const cases: [string, string][] = [
    ['10.241.0.0/24', '"10.241.0.0/24" is a CIDR; write the address alone and its length in prefixLen'],
    ['2001:db8::/32', '"2001:db8::/32" is a CIDR; write the address alone and its length in prefixLen'],
    ['10.0.0.0/33', '"10.0.0.0/33" is a CIDR, and /33 is longer than 32 bits; write the address alone and its length (0–32) in prefixLen'],
    ['2001:db8::/129', '"2001:db8::/129" is a CIDR, and /129 is longer than 128 bits; write the address alone and its length (0–128) in prefixLen'],
    ['10.0.0.0/255.255.255.0', '"10.0.0.0/255.255.255.0" is an address and netmask; write the address alone and its length (24) in prefixLen'],
    ['10.0.0.0/255.0.255.0', '"10.0.0.0/255.0.255.0" is not an IP address ("/" is not allowed)'],
    ['10.0.0/24', '"10.0.0" has 3 octets, an IPv4 address has 4'],
    ['256.1.1.1', 'octet 256 in "256.1.1.1" is above 255'],
    ['1.2.3.999', 'octet 999 in "1.2.3.999" is above 255'],
    ['10.1.1', '"10.1.1" has 3 octets, an IPv4 address has 4'],
    ['1.2.3.4.5', '"1.2.3.4.5" has 5 octets, an IPv4 address has 4'],
    ['167772161', '"167772161" has 1 octet, an IPv4 address has 4'],
    ['1..2.3', '"1..2.3" has an empty octet'],
    ['010.1.1.1', 'leading zero in "010.1.1.1" is ambiguous (octal?)'],
    ['1.2.3.04', 'leading zero in "1.2.3.04" is ambiguous (octal?)'],
    ['fe80::1%eth0', '"fe80::1%eth0" has a zone id, which is not allowed here'],
    ['1::2::3', '"1::2::3" is not a valid IPv6 address (more than one "::")'],
    ['1:::2', '"1:::2" is not a valid IPv6 address (":::" has a colon too many)'],
    ['gggg::', '"gggg::" is not a valid IPv6 address (bad character "g")'],
    ['12345::', '"12345::" is not a valid IPv6 address (group "12345" has more than 4 hex digits)'],
    [':1::2', '":1::2" is not a valid IPv6 address (starts with a single ":")'],
    ['1::2:', '"1::2:" is not a valid IPv6 address (ends with a single ":")'],
    ['1:2:3:4:5:6:7', '"1:2:3:4:5:6:7" is not a valid IPv6 address (7 groups, an IPv6 address has 8)'],
    ['1:2:3:4:5:6:7:8:9', '"1:2:3:4:5:6:7:8:9" is not a valid IPv6 address (9 groups, an IPv6 address has 8)'],
    ['1:2:3:4::5:6:7:8', '"1:2:3:4::5:6:7:8" is not a valid IPv6 address (8 groups besides "::", at most 7 are allowed with it)'],
    ['::ffff:256.1.1.1', '"::ffff:256.1.1.1" is not a valid IPv6 address (embedded IPv4: octet 256 in "256.1.1.1" is above 255)'],
    ['1.2.3.4::', '"1.2.3.4::" is not a valid IPv6 address (embedded IPv4 "1.2.3.4" must come last)'],
    ['[::1]', '"[::1]" is in brackets; write the address alone'],
    ['10.0.0.1:8080', '"10.0.0.1:8080" has a port, which is not allowed here'],
    ['', '"" is empty'],
    ['   ', '"   " is empty'],
    [' 10.1.1.1', '" 10.1.1.1" has spaces around it'],
    ['hello', '"hello" is not an IP address'],
    ['10.0.0.1%2', '"10.0.0.1%2" is not an IP address'],
    ['0x0a.1.1.1', '"0x0a.1.1.1" is not an IP address'],
    ['x'.repeat(80), `"${'x'.repeat(57)}…" is not an IP address`],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.equal(reason(text), expected));
  }
});

describe('splitCidr', () => {
  test('splits address/length and IPv4 address/netmask', () => {
    assert.deepEqual(splitCidr('10.241.0.0/24'), { address: '10.241.0.0', prefixLen: 24 });
    assert.deepEqual(splitCidr('0.0.0.0/0'), { address: '0.0.0.0', prefixLen: 0 });
    assert.deepEqual(splitCidr('2001:db8::/32'), { address: '2001:db8::', prefixLen: 32 });
    assert.deepEqual(splitCidr('::/128'), { address: '::', prefixLen: 128 });
    assert.deepEqual(splitCidr('10.0.0.0/255.255.255.0'), { address: '10.0.0.0', prefixLen: 24 });
    assert.deepEqual(splitCidr('10.0.0.0/0.0.0.0'), { address: '10.0.0.0', prefixLen: 0 });
  });
  test('refuses what the quick fix could not repair', () => {
    for (const t of ['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0/24', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/255.0.255.0', 'fe80::1%eth0/64', '2001:db8::/ffff::', '10.0.0.0/24/8']) {
      assert.equal(splitCidr(t), undefined, t);
    }
  });
});

describe('prefix lengths', () => {
  test('maxPrefix and isPrefixLen', () => {
    assert.equal(maxPrefix(4), 32);
    assert.equal(maxPrefix(6), 128);
    assert.equal(isPrefixLen(32, 4), true);
    assert.equal(isPrefixLen(33, 4), false);
    assert.equal(isPrefixLen(128, 6), true);
    assert.equal(isPrefixLen(-1, 6), false);
    assert.equal(isPrefixLen(24.5, 4), false);
    assert.equal(isPrefixLen('24', 4), false);
  });
  test('bad lengths throw RangeError', () => {
    assert.throws(() => networkAddress(ip('10.0.0.0'), 33), RangeError);
    assert.throws(() => hasHostBits(ip('::'), 129), RangeError);
    assert.throws(() => prefixFacts(ip('10.0.0.0'), -1), RangeError);
    assert.throws(() => prefixContains(ip('10.0.0.0'), 8.5, ip('10.0.0.1')), RangeError);
  });
});

describe('host bits and containment', () => {
  test('hasHostBits / networkAddress', () => {
    assert.equal(hasHostBits(ip('10.20.0.0'), 16), false);
    assert.equal(hasHostBits(ip('10.20.1.0'), 16), true);
    assert.equal(hasHostBits(ip('10.20.1.0'), 24), false);
    assert.equal(hasHostBits(ip('0.0.0.0'), 0), false);
    assert.equal(hasHostBits(ip('10.0.0.1'), 0), true);
    assert.equal(hasHostBits(ip('10.0.0.1'), 32), false);
    assert.equal(hasHostBits(ip('2001:db8::1'), 64), true);
    assert.equal(hasHostBits(ip('2001:db8:0:1::'), 64), false);
    assert.equal(hasHostBits(ip('2001:db8:0:1::'), 63), true);
    assert.deepEqual(networkAddress(ip('10.20.1.5'), 16), { family: 4, value: 0x0a140000n, text: '10.20.0.0' });
    assert.deepEqual(networkAddress(ip('192.168.1.5'), 30), { family: 4, value: 0xc0a80104n, text: '192.168.1.4' });
    assert.equal(networkAddress(ip('2001:DB8:0:1:2:3:4:5'), 48).text, '2001:db8::');
    assert.equal(networkAddress(ip('2001:db8:0:1:2:3:4:5'), 0).text, '::');
  });
  test('prefixContains', () => {
    assert.equal(prefixContains(ip('10.0.0.0'), 8, ip('10.255.255.255')), true);
    assert.equal(prefixContains(ip('10.0.0.0'), 8, ip('11.0.0.0')), false);
    assert.equal(prefixContains(ip('10.9.9.9'), 8, ip('10.0.0.1')), true, 'host bits of the network are ignored');
    assert.equal(prefixContains(ip('0.0.0.0'), 0, ip('203.0.113.9')), true);
    assert.equal(prefixContains(ip('10.1.1.1'), 32, ip('10.1.1.1')), true);
    assert.equal(prefixContains(ip('10.1.1.1'), 32, ip('10.1.1.2')), false);
    assert.equal(prefixContains(ip('2001:db8::'), 32, ip('2001:db8:ffff::1')), true);
    assert.equal(prefixContains(ip('2001:db8::'), 32, ip('2001:db9::')), false);
    assert.equal(prefixContains(ip('::'), 0, ip('ffff::')), true);
    assert.equal(prefixContains(ip('0.0.0.0'), 0, ip('::')), false, 'families never mix');
    assert.equal(prefixContains(ip('::'), 0, ip('0.0.0.0')), false, 'families never mix');
    assert.equal(prefixContains(ip('::ffff:0:0'), 96, ip('10.0.0.1')), false, 'IPv4-mapped is not IPv4');
  });
});

describe('text forms', () => {
  test('formatAddress follows RFC 5952', () => {
    const f = (s: string) => formatAddress(ip(s).value, 6);
    assert.equal(f('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(f('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1', 'first of two equal runs');
    assert.equal(f('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1', 'longest run');
    assert.equal(f('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1', 'a single zero group stays');
    assert.equal(f('1:2:3:4:5:6:7:0'), '1:2:3:4:5:6:7:0');
    assert.equal(f('0:0:0:0:0:0:0:0'), '::');
    assert.equal(f('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(f('1:0:0:0:0:0:0:0'), '1::');
    assert.equal(f('ABCD:EF01::'), 'abcd:ef01::');
    assert.equal(f('::ffff:c000:0201'), '::ffff:192.0.2.1', 'IPv4-mapped in mixed notation (RFC 5952 §5)');
    assert.equal(f('64:ff9b::c000:201'), '64:ff9b::c000:201');
    assert.equal(formatAddress(0x0a140105n, 4), '10.20.1.5');
    assert.equal(formatAddress(0n, 4), '0.0.0.0');
    assert.equal(formatAddress(0xffffffffn, 4), '255.255.255.255');
  });
  test('formatAddress and fullIPv6 reject out-of-range values', () => {
    assert.throws(() => formatAddress(1n << 32n, 4), RangeError);
    assert.throws(() => formatAddress(-1n, 6), RangeError);
    assert.throws(() => fullIPv6(1n << 128n), RangeError);
  });
  test('fullIPv6', () => {
    assert.equal(fullIPv6(ip('2001:db8::1').value), '2001:0db8:0000:0000:0000:0000:0000:0001');
    assert.equal(fullIPv6(0n), '0000:0000:0000:0000:0000:0000:0000:0000');
    assert.equal(fullIPv6((1n << 128n) - 1n), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });
});

// ---------------------------------------------------------------------------------------------

const PRIVATE = { name: 'private network', rfc: 'RFC 1918', block: '10.0.0.0/8' };
const GLOBAL4 = { name: 'global unicast' };
const DOC6 = { name: 'documentation', rfc: 'RFC 3849', block: '2001:db8::/32' };

describe('prefixFacts: IPv4 (values agree with Debian ipcalc 0.42)', () => {
  test('/0', () => {
    const f = facts('0.0.0.0/0');
    assert.deepEqual({ ...f, space: undefined, otherSpaces: undefined }, {
      family: 4, network: '0.0.0.0', prefixLen: 0, netmask: '0.0.0.0', wildcard: '255.255.255.255',
      broadcast: '255.255.255.255', firstHost: '0.0.0.1', lastHost: '255.255.255.254',
      usableHosts: 4294967294n, addresses: 4294967296n, spansSeveral: true, space: undefined, otherSpaces: undefined,
    });
    assert.deepEqual(f.space, { name: 'this network', rfc: 'RFC 791', block: '0.0.0.0/8' });
    assert.equal(f.otherSpaces.length, 15);
    assert.deepEqual(f.otherSpaces.at(-1), GLOBAL4);
  });
  test('/8', () => {
    assert.deepEqual(facts('10.0.0.0/8'), {
      family: 4, network: '10.0.0.0', prefixLen: 8, netmask: '255.0.0.0', wildcard: '0.255.255.255',
      broadcast: '10.255.255.255', firstHost: '10.0.0.1', lastHost: '10.255.255.254',
      usableHosts: 16777214n, addresses: 16777216n, space: PRIVATE, spansSeveral: false, otherSpaces: [],
    });
  });
  test('/16 with host bits: facts are about the network', () => {
    assert.deepEqual(facts('10.20.1.5/16'), {
      family: 4, network: '10.20.0.0', prefixLen: 16, netmask: '255.255.0.0', wildcard: '0.0.255.255',
      broadcast: '10.20.255.255', firstHost: '10.20.0.1', lastHost: '10.20.255.254',
      usableHosts: 65534n, addresses: 65536n, space: PRIVATE, spansSeveral: false, otherSpaces: [],
    });
  });
  test('/24', () => {
    assert.deepEqual(facts('10.1.30.0/24'), {
      family: 4, network: '10.1.30.0', prefixLen: 24, netmask: '255.255.255.0', wildcard: '0.0.0.255',
      broadcast: '10.1.30.255', firstHost: '10.1.30.1', lastHost: '10.1.30.254',
      usableHosts: 254n, addresses: 256n, space: PRIVATE, spansSeveral: false, otherSpaces: [],
    });
  });
  test('/30', () => {
    assert.deepEqual(facts('192.168.1.5/30'), {
      family: 4, network: '192.168.1.4', prefixLen: 30, netmask: '255.255.255.252', wildcard: '0.0.0.3',
      broadcast: '192.168.1.7', firstHost: '192.168.1.5', lastHost: '192.168.1.6',
      usableHosts: 2n, addresses: 4n, space: { ...PRIVATE, block: '192.168.0.0/16' }, spansSeveral: false, otherSpaces: [],
    });
  });
  test('/31: both usable, no broadcast (RFC 3021)', () => {
    assert.deepEqual(facts('1.2.3.4/31'), {
      family: 4, network: '1.2.3.4', prefixLen: 31, netmask: '255.255.255.254', wildcard: '0.0.0.1',
      firstHost: '1.2.3.4', lastHost: '1.2.3.5', usableHosts: 2n, addresses: 2n,
      space: GLOBAL4, spansSeveral: false, otherSpaces: [],
    });
  });
  test('/32: the single host', () => {
    assert.deepEqual(facts('1.2.3.4/32'), {
      family: 4, network: '1.2.3.4', prefixLen: 32, netmask: '255.255.255.255', wildcard: '0.0.0.0',
      firstHost: '1.2.3.4', lastHost: '1.2.3.4', usableHosts: 1n, addresses: 1n,
      space: GLOBAL4, spansSeveral: false, otherSpaces: [],
    });
  });
});

describe('prefixFacts: IPv6', () => {
  test('/0', () => {
    const f = facts('::/0');
    assert.deepEqual({ ...f, space: undefined, otherSpaces: undefined }, {
      family: 6, network: '::', prefixLen: 0, netmask: '::', wildcard: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      firstHost: '::1', lastHost: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      usableHosts: (1n << 128n) - 1n, addresses: 1n << 128n, spansSeveral: true,
      fullNetwork: '0000:0000:0000:0000:0000:0000:0000:0000', space: undefined, otherSpaces: undefined,
    });
    assert.deepEqual(f.space, { name: 'unspecified address', rfc: 'RFC 4291', block: '::/128' });
    assert.deepEqual(f.otherSpaces.at(-1), { name: 'reserved' });
  });
  test('/32', () => {
    assert.deepEqual(facts('2001:db8::/32'), {
      family: 6, network: '2001:db8::', prefixLen: 32, netmask: 'ffff:ffff::', wildcard: '::ffff:ffff:ffff:ffff:ffff:ffff',
      firstHost: '2001:db8::1', lastHost: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
      usableHosts: (1n << 96n) - 1n, addresses: 1n << 96n, space: DOC6, spansSeveral: false, otherSpaces: [],
      fullNetwork: '2001:0db8:0000:0000:0000:0000:0000:0000',
    });
  });
  test('/48 with host bits', () => {
    assert.deepEqual(facts('2001:db8:abcd:12::1/48'), {
      family: 6, network: '2001:db8:abcd::', prefixLen: 48, netmask: 'ffff:ffff:ffff::', wildcard: '::ffff:ffff:ffff:ffff:ffff',
      firstHost: '2001:db8:abcd::1', lastHost: '2001:db8:abcd:ffff:ffff:ffff:ffff:ffff',
      usableHosts: (1n << 80n) - 1n, addresses: 1n << 80n, space: DOC6, spansSeveral: false, otherSpaces: [],
      fullNetwork: '2001:0db8:abcd:0000:0000:0000:0000:0000',
    });
  });
  test('/64', () => {
    assert.deepEqual(facts('fd00:1:2:3::/64'), {
      family: 6, network: 'fd00:1:2:3::', prefixLen: 64, netmask: 'ffff:ffff:ffff:ffff::', wildcard: '::ffff:ffff:ffff:ffff',
      firstHost: 'fd00:1:2:3::1', lastHost: 'fd00:1:2:3:ffff:ffff:ffff:ffff',
      usableHosts: 18446744073709551615n, addresses: 18446744073709551616n,
      space: { name: 'unique local (ULA)', rfc: 'RFC 4193', block: 'fc00::/7' }, spansSeveral: false, otherSpaces: [],
      fullNetwork: 'fd00:0001:0002:0003:0000:0000:0000:0000',
    });
  });
  test('/127: both usable (RFC 6164)', () => {
    assert.deepEqual(facts('2001:db8::1/127'), {
      family: 6, network: '2001:db8::', prefixLen: 127, netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', wildcard: '::1',
      firstHost: '2001:db8::', lastHost: '2001:db8::1', usableHosts: 2n, addresses: 2n,
      space: DOC6, spansSeveral: false, otherSpaces: [], fullNetwork: '2001:0db8:0000:0000:0000:0000:0000:0000',
    });
  });
  test('/128: the single host', () => {
    assert.deepEqual(facts('2001:db8::1/128'), {
      family: 6, network: '2001:db8::1', prefixLen: 128, netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', wildcard: '::',
      firstHost: '2001:db8::1', lastHost: '2001:db8::1', usableHosts: 1n, addresses: 1n,
      space: DOC6, spansSeveral: false, otherSpaces: [], fullNetwork: '2001:0db8:0000:0000:0000:0000:0000:0001',
    });
  });
  test('masks are never written as IPv4-mapped', () => {
    assert.equal(facts('2001:db8::/80').wildcard, '::ffff:ffff:ffff');
    assert.equal(facts('::ffff:0:0/96').network, '::ffff:0.0.0.0');
  });
});

describe('address spaces', () => {
  const cases: [string, string][] = [
    ['0.0.0.0', 'this host on this network (RFC 1122)'],
    ['0.1.2.3', 'this network (RFC 791)'],
    ['0.255.255.255', 'this network (RFC 791)'],
    ['1.0.0.0', 'global unicast'],
    ['9.255.255.255', 'global unicast'],
    ['10.0.0.0', 'private network (RFC 1918)'],
    ['10.255.255.255', 'private network (RFC 1918)'],
    ['11.0.0.0', 'global unicast'],
    ['100.63.255.255', 'global unicast'],
    ['100.64.0.0', 'CGNAT shared address space (RFC 6598)'],
    ['100.127.255.255', 'CGNAT shared address space (RFC 6598)'],
    ['100.128.0.0', 'global unicast'],
    ['127.0.0.1', 'loopback (RFC 1122)'],
    ['169.254.169.254', 'link-local (RFC 3927)'],
    ['169.255.0.0', 'global unicast'],
    ['172.15.255.255', 'global unicast'],
    ['172.16.0.0', 'private network (RFC 1918)'],
    ['172.31.255.255', 'private network (RFC 1918)'],
    ['172.32.0.0', 'global unicast'],
    ['192.0.0.9', 'IETF protocol assignments (RFC 6890)'],
    ['192.0.2.1', 'documentation (TEST-NET-1, RFC 5737)'],
    ['192.0.3.0', 'global unicast'],
    ['192.88.99.1', '6to4 relay anycast (deprecated, RFC 7526)'],
    ['192.167.255.255', 'global unicast'],
    ['192.168.0.0', 'private network (RFC 1918)'],
    ['192.168.255.255', 'private network (RFC 1918)'],
    ['192.169.0.0', 'global unicast'],
    ['198.17.255.255', 'global unicast'],
    ['198.18.0.0', 'benchmarking (RFC 2544)'],
    ['198.19.255.255', 'benchmarking (RFC 2544)'],
    ['198.20.0.0', 'global unicast'],
    ['198.51.100.7', 'documentation (TEST-NET-2, RFC 5737)'],
    ['203.0.113.200', 'documentation (TEST-NET-3, RFC 5737)'],
    ['223.255.255.255', 'global unicast'],
    ['224.0.0.5', 'multicast (RFC 5771)'],
    ['239.255.255.255', 'multicast (RFC 5771)'],
    ['240.0.0.0', 'reserved (RFC 1112)'],
    ['255.255.255.254', 'reserved (RFC 1112)'],
    ['255.255.255.255', 'limited broadcast (RFC 919)'],
    ['::', 'unspecified address (RFC 4291)'],
    ['::1', 'loopback (RFC 4291)'],
    ['::2', 'reserved'],
    ['::ffff:10.0.0.1', 'IPv4-mapped (RFC 4291)'],
    ['64:ff9b::192.0.2.33', 'NAT64 well-known prefix (RFC 6052)'],
    ['64:ff9b:1::1', 'local-use NAT64 (RFC 8215)'],
    ['100::1', 'discard-only (RFC 6666)'],
    ['100:0:0:1::', 'reserved'],
    ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
    ['2000::', 'global unicast'],
    ['2001::1', 'Teredo (RFC 4380)'],
    ['2001:1::1', 'IETF protocol assignments (RFC 2928)'],
    ['2001:2::1', 'benchmarking (RFC 5180)'],
    ['2001:1ff::', 'IETF protocol assignments (RFC 2928)'],
    ['2001:200::', 'global unicast'],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', 'global unicast'],
    ['2001:db8::1', 'documentation (RFC 3849)'],
    ['2001:db9::', 'global unicast'],
    ['2002:c000:0201::1', '6to4 (RFC 3056)'],
    ['2606:4700::1111', 'global unicast'],
    ['3fff:fff::1', 'documentation (RFC 9637)'],
    ['3fff:1000::', 'global unicast'],
    ['4000::', 'reserved'],
    ['5f00:1::', 'SRv6 SIDs (RFC 9602)'],
    ['fc00::1', 'unique local (ULA, RFC 4193)'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique local (ULA, RFC 4193)'],
    ['fe00::', 'reserved'],
    ['fe80::1', 'link-local (RFC 4291)'],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local (RFC 4291)'],
    ['fec0::', 'reserved'],
    ['ff02::1', 'multicast (RFC 4291)'],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.equal(spaceOf(text), expected));
  }
  test('block of the space', () => {
    assert.deepEqual(addressSpace(ip('172.20.1.1')), { name: 'private network', rfc: 'RFC 1918', block: '172.16.0.0/12' });
    assert.deepEqual(addressSpace(ip('8.8.8.8')), { name: 'global unicast' });
  });
});

describe('spaces of prefixes', () => {
  const names = (f: PrefixFacts) => [f.space, ...f.otherSpaces].map(describeSpace);
  test('a prefix inside one block', () => {
    const f = facts('172.16.0.0/12');
    assert.equal(f.spansSeveral, false);
    assert.deepEqual(names(f), ['private network (RFC 1918)']);
  });
  test('wider than its block: 10.0.0.0/7 spans private and global', () => {
    const f = facts('10.0.0.0/7');
    assert.equal(f.spansSeveral, true);
    assert.deepEqual(names(f), ['private network (RFC 1918)', 'global unicast']);
  });
  test('global unicast with a block inside: 100.0.0.0/8', () => {
    const f = facts('100.0.0.0/8');
    assert.equal(f.spansSeveral, true);
    assert.deepEqual(names(f), ['global unicast', 'CGNAT shared address space (RFC 6598)']);
  });
  test('172.0.0.0/8 holds one private block; 192.0.0.0/8 holds several', () => {
    assert.deepEqual(names(facts('172.0.0.0/8')), ['global unicast', 'private network (RFC 1918)']);
    assert.deepEqual(names(facts('192.0.0.0/8')), [
      'IETF protocol assignments (RFC 6890)',
      'documentation (TEST-NET-1, RFC 5737)',
      '6to4 relay anycast (deprecated, RFC 7526)',
      'private network (RFC 1918)',
      'global unicast',
    ]);
  });
  test('a block with a more specific block inside is not "spanning"', () => {
    const f = facts('0.0.0.0/8');
    assert.equal(f.spansSeveral, false);
    assert.deepEqual(names(f), ['this network (RFC 791)', 'this host on this network (RFC 1122)']);
    const g = facts('2001::/16');
    assert.equal(g.spansSeveral, false);
    assert.deepEqual(names(g), [
      'global unicast',
      'IETF protocol assignments (RFC 2928)',
      'Teredo (RFC 4380)',
      'benchmarking (RFC 5180)',
      'documentation (RFC 3849)',
    ]);
  });
  test('a block wholly covered by more specific blocks does not count', () => {
    assert.deepEqual(names(facts('2001::/32')), ['Teredo (RFC 4380)']);
    assert.deepEqual(names(facts('0.0.0.0/32')), ['this host on this network (RFC 1122)']);
  });
  test('::/127 is the unspecified and the loopback address', () => {
    const f = facts('::/127');
    assert.equal(f.spansSeveral, true);
    assert.deepEqual(names(f), ['unspecified address (RFC 4291)', 'loopback (RFC 4291)']);
  });
  test('IPv4 /0 touches every IPv4 space once', () => {
    const f = facts('0.0.0.0/0');
    assert.equal(new Set(names(f)).size, names(f).length);
    assert.equal(names(f).length, 16);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const v4Value = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
/** IPv6 values with many zero groups, so that "::" placement is exercised. */
const v6Groups = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((gs) => gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));
const v6Value = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), v6Groups);
const anyAddress = fc.oneof(
  v4Value.map((value): IpAddress => ({ family: 4, value, text: formatAddress(value, 4) })),
  v6Value.map((value): IpAddress => ({ family: 6, value, text: formatAddress(value, 6) })),
);
const addressAndPrefix = anyAddress.chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: maxPrefix(a.family) })));

/** An independent RFC 5952 §4 writer, for checking formatAddress. */
function rfc5952(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = Math.max(j, i + 1);
  }
  const hex = groups.map((g) => g.toString(16));
  return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function ipAddressLib(a: IpAddress, n: number): Address4 | Address6 {
  return a.family === 4 ? new Address4(`${a.text}/${n}`) : new Address6(`${a.text}/${n}`);
}

describe('properties', () => {
  test('networkAddress is idempotent, has no host bits and contains the address', () => {
    fc.assert(
      fc.property(addressAndPrefix, ([a, n]) => {
        const net = networkAddress(a, n);
        assert.deepEqual(networkAddress(net, n), net);
        assert.equal(hasHostBits(net, n), false);
        assert.equal(prefixContains(net, n, a), true);
        assert.equal(hasHostBits(a, n), net.value !== a.value);
      }),
      { numRuns: 1000 },
    );
  });

  test('network, last address and containment agree with ip-address', () => {
    fc.assert(
      fc.property(addressAndPrefix, anyAddress, ([a, n], b) => {
        const lib = ipAddressLib(a, n);
        const f = prefixFacts(a, n);
        assert.equal(networkAddress(a, n).value, lib.startAddress().bigInt());
        const last = f.family === 4 ? (f.broadcast ?? f.lastHost) : f.lastHost;
        assert.equal(ip(last).value, lib.endAddress().bigInt());
        if (b.family === a.family) {
          const other = b.family === 4 ? new Address4(b.text) : new Address6(b.text);
          assert.equal(prefixContains(a, n, b), (other as Address4).isInSubnet(lib as Address4));
        } else {
          assert.equal(prefixContains(a, n, b), false);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('IPv6 text round-trips through parse and format, and is RFC 5952', () => {
    fc.assert(
      fc.property(v6Value, (v) => {
        const text = formatAddress(v, 6);
        const mapped = v >> 32n === 0xffffn;
        assert.equal(text, mapped ? `::ffff:${formatAddress(v & 0xffffffffn, 4)}` : rfc5952(v));
        const back = ip(text);
        assert.equal(back.value, v);
        assert.equal(formatAddress(back.value, 6), text);
        assert.equal(ip(fullIPv6(v)).value, v);
        assert.equal(ip(text.toUpperCase()).value, v);
      }),
      { numRuns: 2000 },
    );
  });

  test('IPv4 text round-trips', () => {
    fc.assert(
      fc.property(v4Value, (v) => {
        const text = formatAddress(v, 4);
        assert.deepEqual(ip(text), { family: 4, value: v, text });
      }),
      { numRuns: 1000 },
    );
  });

  test('usable host counts follow the rules and match HostMin..HostMax', () => {
    fc.assert(
      fc.property(addressAndPrefix, ([a, n]) => {
        const f = prefixFacts(a, n);
        const max = maxPrefix(a.family);
        assert.equal(f.addresses, 1n << BigInt(max - n));
        const expected =
          n === max ? 1n : n === max - 1 ? 2n : a.family === 4 ? f.addresses - 2n : f.addresses - 1n;
        assert.equal(f.usableHosts, expected);
        assert.equal(ip(f.lastHost).value - ip(f.firstHost).value + 1n, f.usableHosts);
        assert.equal(f.broadcast !== undefined, a.family === 4 && n <= 30);
      }),
      { numRuns: 1000 },
    );
  });

  test('CIDR text is refused with the CIDR reason and split back by splitCidr', () => {
    fc.assert(
      fc.property(addressAndPrefix, ([a, n]) => {
        const text = `${a.text}/${n}`;
        assert.equal(reason(text), `${JSON.stringify(text)} is a CIDR; write the address alone and its length in prefixLen`);
        assert.deepEqual(splitCidr(text), { address: a.text, prefixLen: n });
      }),
    );
  });

  test('parseIp accepts exactly what ip-address accepts (without /, %), and every refusal names the value', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFg:.:.:. '.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 24 }), (s) => {
        const r = parseIp(s);
        const lib = s.includes(':') ? Address6.isValid(s) : Address4.isValid(s);
        assert.equal(r.ok, lib, s);
        if (!r.ok) assert.ok(r.reason.includes(JSON.stringify(s)), r.reason);
      }),
      { numRuns: 3000 },
    );
  });

  test('every address of a prefix is in one of its spaces', () => {
    const starts = ['0.0.0.0', '10.0.0.0', '100.64.0.0', '172.16.0.0', '192.0.0.0', '192.168.0.0', '198.18.0.0', '224.0.0.0', '255.255.255.255',
      '::', '::ffff:0:0', '64:ff9b::', '100::', '2001::', '2001:2::', '2001:db8::', '2002::', '3fff::', 'fc00::', 'fe80::', 'ff00::'];
    const big = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    // An address near the start of a block (only its low `k` bits changed), a prefix length, and an
    // address inside that prefix.
    const near = fc
      .tuple(fc.constantFrom(...starts), fc.integer({ min: 0, max: 128 }), big, fc.integer({ min: 0, max: 128 }), big)
      .map(([s, k, jitter, n, offset]) => {
        const base = ip(s);
        const max = maxPrefix(base.family);
        const low = (bits: number) => (1n << BigInt(bits)) - 1n;
        const value = base.value ^ (jitter & low(Math.min(k, max)));
        const len = Math.min(n, max);
        const a: IpAddress = { family: base.family, value, text: formatAddress(value, base.family) };
        const inside: IpAddress = { ...a, value: networkAddress(a, len).value | (offset & low(max - len)) };
        return [a, len, inside] as const;
      });
    fc.assert(
      fc.property(near, ([a, n, inside]) => {
        const f = prefixFacts(a, n);
        const all = [f.space, ...f.otherSpaces].map(describeSpace);
        assert.ok(all.includes(describeSpace(addressSpace(inside))), `${formatAddress(inside.value, a.family)} in ${f.network}/${n}: ${all.join('; ')}`);
        if (!f.spansSeveral && f.otherSpaces.length === 0) assert.equal(describeSpace(addressSpace(inside)), describeSpace(f.space));
      }),
      { numRuns: 2000 },
    );
  });

  test('address spaces agree with the classifiers of ip-address', () => {
    const interesting = fc.oneof(
      v4Value.map((v): [Family, bigint] => [4, v]),
      fc.constantFrom(0x0a000000n, 0x64400000n, 0xac100000n, 0xc0a80000n, 0xc6120000n, 0xc0000200n, 0xa9fe0000n, 0x7f000000n, 0xe0000000n, 0xf0000000n)
        .chain((base) => fc.bigInt({ min: -(1n << 22n), max: 1n << 22n }).map((d): [Family, bigint] => [4, (base + d) & 0xffffffffn])),
      v6Value.map((v): [Family, bigint] => [6, v]),
      fc.constantFrom(0x2001n << 112n, 0x20010db8n << 96n, 0x2002n << 112n, 0xfc00n << 112n, 0xfe80n << 112n, 0xff00n << 112n, 0x3fffn << 112n, 1n)
        .chain((base) => fc.bigInt({ min: 0n, max: 1n << 100n }).map((d): [Family, bigint] => [6, (base + d) & ((1n << 128n) - 1n)])),
    );
    fc.assert(
      fc.property(interesting, ([family, value]) => {
        const a: IpAddress = { family, value, text: formatAddress(value, family) };
        const name = addressSpace(a).name;
        if (family === 4) {
          const lib = new Address4(a.text);
          assert.equal(name === 'private network', lib.isPrivate(), a.text);
          assert.equal(name === 'loopback', lib.isLoopback(), a.text);
          assert.equal(name === 'link-local', lib.isLinkLocal(), a.text);
          assert.equal(name === 'CGNAT shared address space', lib.isCGNAT(), a.text);
          assert.equal(name.startsWith('documentation'), lib.isDocumentation(), a.text);
          assert.equal(name === 'benchmarking', lib.isBenchmarking(), a.text);
          assert.equal(name === 'multicast', lib.isMulticast(), a.text);
          assert.equal(name === 'reserved', lib.isReserved() && !lib.isBroadcast(), a.text);
          assert.equal(name === 'limited broadcast', lib.isBroadcast(), a.text);
          assert.equal(name === 'this host on this network', lib.isUnspecified(), a.text);
        } else {
          const embedded = value >> 32n === 0xffffn || value >> 32n === 0x64ff9b0000000000000000n;
          if (embedded) return; // ip-address classifies these by their embedded IPv4 address
          const lib = new Address6(a.text);
          assert.equal(name === 'loopback', lib.isLoopback(), a.text);
          assert.equal(name === 'link-local', lib.isLinkLocal(), a.text);
          assert.equal(name === 'multicast', lib.isMulticast(), a.text);
          assert.equal(name === 'unique local (ULA)', lib.isULA(), a.text);
          assert.equal(name === 'Teredo', lib.isTeredo(), a.text);
          assert.equal(name === '6to4', lib.is6to4(), a.text);
          assert.equal(name === 'documentation', lib.isDocumentation(), a.text);
          assert.equal(name === 'benchmarking', lib.isBenchmarking(), a.text);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
