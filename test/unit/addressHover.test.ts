import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIp, type IpAddress } from '../../server/src/core/net/index.js';
import { addressHoverMarkdown, groupDigits, prefixHoverMarkdown } from '../../server/src/core/features/addressHover.js';

function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.reason);
  return r.address;
}

const md = (...lines: string[]) => lines.join('\n');
const HEAD = ['| | |', '|:--|:--|'];

describe('groupDigits', () => {
  test('examples', () => {
    assert.equal(groupDigits(0n), '0');
    assert.equal(groupDigits(999n), '999');
    assert.equal(groupDigits(1000n), '1,000');
    assert.equal(groupDigits(65534n), '65,534');
    assert.equal(groupDigits(4294967296n), '4,294,967,296');
    assert.equal(groupDigits(1n << 64n), '18,446,744,073,709,551,616');
  });
  test('removing the commas gives the number back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 130n }), (n) => {
        const s = groupDigits(n);
        assert.equal(BigInt(s.replaceAll(',', '')), n);
        assert.match(s, /^\d{1,3}(,\d{3})*$/);
      }),
    );
  });
});

describe('prefixHoverMarkdown: IPv4', () => {
  test('/16 destination', () => {
    assert.equal(
      prefixHoverMarkdown(ip('10.20.0.0'), 16, 'destination'),
      md(
        'destination: **10.20.0.0/16** · private network (RFC 1918)',
        '',
        ...HEAD,
        '| Network | `10.20.0.0/16` |',
        '| Netmask | `255.255.0.0` = 16 |',
        '| Wildcard | `0.0.255.255` |',
        '| Broadcast | `10.20.255.255` |',
        '| HostMin | `10.20.0.1` |',
        '| HostMax | `10.20.255.254` |',
        '| Hosts/Net | 65,534 |',
        '| Addresses | 65,536 |',
      ),
    );
  });

  test('a destination with host bits says what the network is', () => {
    assert.equal(
      prefixHoverMarkdown(ip('10.1.30.7'), 24),
      md(
        '**10.1.30.7/24** · private network (RFC 1918)',
        '',
        '⚠️ `10.1.30.7` has host bits set for /24; the network is **10.1.30.0/24**.',
        '',
        ...HEAD,
        '| Network | `10.1.30.0/24` |',
        '| Netmask | `255.255.255.0` = 24 |',
        '| Wildcard | `0.0.0.255` |',
        '| Broadcast | `10.1.30.255` |',
        '| HostMin | `10.1.30.1` |',
        '| HostMax | `10.1.30.254` |',
        '| Hosts/Net | 254 |',
        '| Addresses | 256 |',
      ),
    );
  });

  test('a self IP with its subnet: the address is shown, host bits are expected', () => {
    assert.equal(
      prefixHoverMarkdown(ip('10.2.201.201'), 24, 'self IP subnet of red-vlan', { interfaceAddress: true }),
      md(
        'self IP subnet of red\\-vlan: **10.2.201.201/24** · private network (RFC 1918)',
        '',
        ...HEAD,
        '| Address | `10.2.201.201` |',
        '| Network | `10.2.201.0/24` |',
        '| Netmask | `255.255.255.0` = 24 |',
        '| Wildcard | `0.0.0.255` |',
        '| Broadcast | `10.2.201.255` |',
        '| HostMin | `10.2.201.1` |',
        '| HostMax | `10.2.201.254` |',
        '| Hosts/Net | 254 |',
        '| Addresses | 256 |',
      ),
    );
  });

  test('/0 is the default route', () => {
    assert.equal(
      prefixHoverMarkdown(ip('0.0.0.0'), 0, 'destination'),
      md(
        'destination: **0.0.0.0/0** · default route — every address',
        '',
        ...HEAD,
        '| Network | `0.0.0.0/0` |',
        '| Netmask | `0.0.0.0` = 0 |',
        '| Wildcard | `255.255.255.255` |',
        '| Broadcast | `255.255.255.255` |',
        '| HostMin | `0.0.0.1` |',
        '| HostMax | `255.255.255.254` |',
        '| Hosts/Net | 4,294,967,294 |',
        '| Addresses | 4,294,967,296 |',
      ),
    );
  });

  test('/8', () => {
    const text = prefixHoverMarkdown(ip('10.0.0.0'), 8);
    assert.ok(text.startsWith('**10.0.0.0/8** · private network (RFC 1918)\n'));
    assert.ok(text.includes('| Hosts/Net | 16,777,214 |\n| Addresses | 16,777,216 |'));
  });

  test('/30', () => {
    assert.equal(
      prefixHoverMarkdown(ip('192.168.1.4'), 30),
      md(
        '**192.168.1.4/30** · private network (RFC 1918)',
        '',
        ...HEAD,
        '| Network | `192.168.1.4/30` |',
        '| Netmask | `255.255.255.252` = 30 |',
        '| Wildcard | `0.0.0.3` |',
        '| Broadcast | `192.168.1.7` |',
        '| HostMin | `192.168.1.5` |',
        '| HostMax | `192.168.1.6` |',
        '| Hosts/Net | 2 |',
        '| Addresses | 4 |',
      ),
    );
  });

  test('/31 has no broadcast', () => {
    assert.equal(
      prefixHoverMarkdown(ip('198.51.100.6'), 31),
      md(
        '**198.51.100.6/31** · documentation (TEST-NET-2, RFC 5737)',
        '',
        ...HEAD,
        '| Network | `198.51.100.6/31` |',
        '| Netmask | `255.255.255.254` = 31 |',
        '| Wildcard | `0.0.0.1` |',
        '| HostMin | `198.51.100.6` |',
        '| HostMax | `198.51.100.7` |',
        '| Hosts/Net | 2 (point-to-point link, RFC 3021) |',
        '| Addresses | 2 |',
      ),
    );
  });

  test('/32 is a host route', () => {
    assert.equal(
      prefixHoverMarkdown(ip('8.8.8.8'), 32),
      md(
        '**8.8.8.8/32** · global unicast',
        '',
        ...HEAD,
        '| Network | `8.8.8.8/32` |',
        '| Netmask | `255.255.255.255` = 32 |',
        '| Wildcard | `0.0.0.0` |',
        '| Hosts/Net | 1 (host route) |',
        '| Addresses | 1 |',
      ),
    );
  });

  test('a prefix wider than one space lists the spaces', () => {
    assert.equal(
      prefixHoverMarkdown(ip('10.0.0.0'), 7),
      md(
        '**10.0.0.0/7** · spans 2 address spaces',
        '',
        ...HEAD,
        '| Network | `10.0.0.0/7` |',
        '| Netmask | `254.0.0.0` = 7 |',
        '| Wildcard | `1.255.255.255` |',
        '| Broadcast | `11.255.255.255` |',
        '| HostMin | `10.0.0.1` |',
        '| HostMax | `11.255.255.254` |',
        '| Hosts/Net | 33,554,430 |',
        '| Addresses | 33,554,432 |',
        '| Spaces | private network (RFC 1918), global unicast |',
      ),
    );
    const wide = prefixHoverMarkdown(ip('192.0.0.0'), 8);
    assert.ok(wide.startsWith('**192.0.0.0/8** · spans 5 address spaces\n'), wide);
    assert.ok(
      wide.endsWith(
        '| Spaces | IETF protocol assignments (RFC 6890), documentation (TEST-NET-1, RFC 5737), ' +
          '6to4 relay anycast (deprecated, RFC 7526), private network (RFC 1918) and 1 more |',
      ),
      wide,
    );
  });
});

describe('prefixHoverMarkdown: IPv6', () => {
  test('/0', () => {
    assert.equal(
      prefixHoverMarkdown(ip('::'), 0),
      md(
        '**::/0** · default route — every address',
        '',
        ...HEAD,
        '| Network | `::/0` |',
        '| Full | `0000:0000:0000:0000:0000:0000:0000:0000` |',
        '| Netmask | `::` = 0 |',
        '| HostMin | `::1` |',
        '| HostMax | `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` |',
        '| Hosts/Net | 2^128 − 1 |',
        '| Addresses | 2^128 |',
      ),
    );
  });

  test('/32', () => {
    assert.equal(
      prefixHoverMarkdown(ip('2001:DB8::'), 32, 'destination'),
      md(
        'destination: **2001:db8::/32** · documentation (RFC 3849)',
        '',
        ...HEAD,
        '| Network | `2001:db8::/32` |',
        '| Full | `2001:0db8:0000:0000:0000:0000:0000:0000` |',
        '| Netmask | `ffff:ffff::` = 32 |',
        '| HostMin | `2001:db8::1` |',
        '| HostMax | `2001:db8:ffff:ffff:ffff:ffff:ffff:ffff` |',
        '| Hosts/Net | 2^96 − 1 |',
        '| Addresses | 2^96 |',
        '',
        '`2001:db8::` is the subnet-router anycast address (RFC 4291); IPv6 has no broadcast.',
      ),
    );
  });

  test('/48 with host bits', () => {
    const text = prefixHoverMarkdown(ip('2001:db8:abcd:12::'), 48);
    assert.ok(
      text.startsWith(
        md(
          '**2001:db8:abcd:12::/48** · documentation (RFC 3849)',
          '',
          '⚠️ `2001:db8:abcd:12::` has host bits set for /48; the network is **2001:db8:abcd::/48**.',
        ),
      ),
      text,
    );
    assert.ok(text.includes('| Hosts/Net | 2^80 − 1 |\n| Addresses | 2^80 |'), text);
  });

  test('/64', () => {
    assert.equal(
      prefixHoverMarkdown(ip('fd00:1:2:3::'), 64),
      md(
        '**fd00:1:2:3::/64** · unique local (ULA, RFC 4193)',
        '',
        ...HEAD,
        '| Network | `fd00:1:2:3::/64` |',
        '| Full | `fd00:0001:0002:0003:0000:0000:0000:0000` |',
        '| Netmask | `ffff:ffff:ffff:ffff::` = 64 |',
        '| HostMin | `fd00:1:2:3::1` |',
        '| HostMax | `fd00:1:2:3:ffff:ffff:ffff:ffff` |',
        '| Hosts/Net | 18,446,744,073,709,551,615 |',
        '| Addresses | 18,446,744,073,709,551,616 (2^64) |',
        '',
        '`fd00:1:2:3::` is the subnet-router anycast address (RFC 4291); IPv6 has no broadcast.',
      ),
    );
  });

  test('/127', () => {
    assert.equal(
      prefixHoverMarkdown(ip('2001:db8::'), 127),
      md(
        '**2001:db8::/127** · documentation (RFC 3849)',
        '',
        ...HEAD,
        '| Network | `2001:db8::/127` |',
        '| Full | `2001:0db8:0000:0000:0000:0000:0000:0000` |',
        '| Netmask | `ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe` = 127 |',
        '| HostMin | `2001:db8::` |',
        '| HostMax | `2001:db8::1` |',
        '| Hosts/Net | 2 (point-to-point link, RFC 6164) |',
        '| Addresses | 2 |',
      ),
    );
  });

  test('/128', () => {
    assert.equal(
      prefixHoverMarkdown(ip('::1'), 128),
      md(
        '**::1/128** · loopback (RFC 4291)',
        '',
        ...HEAD,
        '| Network | `::1/128` |',
        '| Full | `0000:0000:0000:0000:0000:0000:0000:0001` |',
        '| Netmask | `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` = 128 |',
        '| Hosts/Net | 1 (host route) |',
        '| Addresses | 1 |',
      ),
    );
  });

  test('/120 shows small counts in full', () => {
    const text = prefixHoverMarkdown(ip('2001:db8::'), 120);
    assert.ok(text.includes('| Hosts/Net | 255 |\n| Addresses | 256 (2^8) |'), text);
  });

  test('a block with more specific blocks inside lists them', () => {
    const text = prefixHoverMarkdown(ip('2000::'), 3);
    assert.ok(text.startsWith('**2000::/3** · global unicast\n'), text);
    assert.ok(
      text.includes(
        '| Includes | IETF protocol assignments (RFC 2928), Teredo (RFC 4380), benchmarking (RFC 5180), documentation (RFC 3849) and 2 more |',
      ),
      text,
    );
  });
});

describe('addressHoverMarkdown', () => {
  test('IPv4 gateway', () => {
    assert.equal(
      addressHoverMarkdown(ip('10.2.201.5'), 'gateway'),
      md(
        'gateway: **10.2.201.5** · private network (RFC 1918)',
        '',
        ...HEAD,
        '| Family | IPv4 |',
        '| Integer | `167954693` |',
        '| Hex | `0x0a02c905` |',
      ),
    );
  });

  test('IPv4 edges of a space', () => {
    assert.ok(addressHoverMarkdown(ip('100.63.255.255')).startsWith('**100.63.255.255** · global unicast\n'));
    assert.ok(addressHoverMarkdown(ip('100.64.0.0')).startsWith('**100.64.0.0** · CGNAT shared address space (RFC 6598)\n'));
    assert.ok(addressHoverMarkdown(ip('0.0.0.1')).includes('| Hex | `0x00000001` |'));
  });

  test('IPv6 self IP, written in capitals and in full', () => {
    assert.equal(
      addressHoverMarkdown(ip('2001:0DB8:0000:0000:0000:0000:0000:0001'), 'self IP of replica 2'),
      md(
        'self IP of replica 2: **2001:db8::1** · documentation (RFC 3849)',
        '',
        ...HEAD,
        '| Family | IPv6 |',
        '| Compressed | `2001:db8::1` |',
        '| Full | `2001:0db8:0000:0000:0000:0000:0000:0001` |',
      ),
    );
  });

  test('IPv4-mapped and NAT64 addresses show the embedded IPv4 address', () => {
    assert.equal(
      addressHoverMarkdown(ip('::ffff:c000:201')),
      md(
        '**::ffff:192.0.2.1** · IPv4-mapped (RFC 4291)',
        '',
        ...HEAD,
        '| Family | IPv6 |',
        '| Compressed | `::ffff:192.0.2.1` |',
        '| Full | `0000:0000:0000:0000:0000:ffff:c000:0201` |',
        '| IPv4 | `192.0.2.1` |',
      ),
    );
    assert.ok(addressHoverMarkdown(ip('64:ff9b::198.51.100.1')).endsWith('| IPv4 | `198.51.100.1` |'));
    assert.ok(!addressHoverMarkdown(ip('2001:db8::c000:201')).includes('| IPv4 |'));
  });

  test('the role is plain text, never markup', () => {
    const text = addressHoverMarkdown(ip('10.0.0.1'), '# *x* [y](z) | <b>');
    assert.ok(text.startsWith('\\# \\*x\\* \\[y\\]\\(z\\) \\| \\<b\\>: **10.0.0.1**'), text);
  });
});
