// Random routing scenarios for property tests: addresses from a few small pools (so prefixes nest,
// tie and match), VLANs and static routes, written as YAML CRs of one namespace `ns`. Shared by the
// reference test (test/unit/routing.test.ts) and the kernel-FIB differential test (test/kernel).
import fc from 'fast-check';
import { formatAddress } from '../../server/src/core/net/index.js';

export interface GenRoute {
  dest: bigint;
  len: number;
  /** Ignored for a blackhole. */
  gateway: bigint;
  family: 4 | 6;
  name: string;
  /** `type: blackhole` (no gateway) instead of a gateway route. */
  blackhole?: boolean;
}

/** A VLAN's self-IP list of one family: `selfIps[i]` is TMM replica i + 1's (R8). */
export interface GenVlan {
  selfIps: bigint[];
  len: number;
  family: 4 | 6;
  name: string;
}

export const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

export const mask = (value: bigint, len: number, family: 4 | 6) => {
  const width = BigInt(bits(family));
  const host = (1n << (width - BigInt(len))) - 1n;
  return value & ~host & ((1n << width) - 1n);
};

export const text = (value: bigint, family: 4 | 6) => formatAddress(value, family);

/** The pools: 10.0/16, 10.20/16, 192.168/16, 169.254/16, 0.0/16; 2001:db8::/96, fd00::/96, ::/96. */
export const POOLS_V4 = [0x0a000000n, 0x0a140000n, 0xc0a80000n, 0xa9fe0000n, 0n];
export const POOLS_V6 = [0x20010db8n << 96n, 0xfd000000n << 96n, 0n];

/** Addresses drawn from a few small pools, so prefixes nest, tie and match. */
export function address(family: 4 | 6, pools: readonly bigint[] = family === 4 ? POOLS_V4 : POOLS_V6): fc.Arbitrary<bigint> {
  return fc.tuple(fc.constantFrom(...pools), fc.bigInt({ min: 0n, max: 0xffffn }), fc.bigInt({ min: 0n, max: family === 4 ? 0xffn : 0xffffn }))
    .map(([b, mid, low]) => b + (family === 4 ? (mid & 0xffn) << 8n : mid << 16n) + low);
}

/** Static route prefix lengths. */
export const lengths = (family: 4 | 6) => family === 4 ? fc.constantFrom(0, 8, 16, 20, 24, 28, 31, 32) : fc.constantFrom(0, 32, 48, 64, 112, 127, 128);

/** VLAN prefix lengths. */
export const vlanLengths = (family: 4 | 6) => family === 4 ? fc.constantFrom(16, 24, 30) : fc.constantFrom(64, 112, 126);

/** The VLANs and routes as CRs of namespace `ns`, in order, one document each. */
export function yamlOf(family: 4 | 6, vlans: GenVlan[], routes: GenRoute[]): string {
  const docs = vlans.map((v) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: ${v.name}, namespace: ns}
spec:
  name: ${v.name}
  selfip_v${family}s: [${v.selfIps.map((ip) => `"${text(ip, family)}"`).join(', ')}]
  prefixlen_v${family}: ${v.len}
`);
  for (const r of routes) {
    const how = r.blackhole ? 'type: blackhole' : `type: gateway, gateway: "${text(r.gateway, family)}"`;
    docs.push(`apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: ${r.name}, namespace: ns}
spec: {destination: "${text(r.dest, family)}", prefixLen: ${r.len}, ${how}}
`);
  }
  return docs.join('---\n');
}
