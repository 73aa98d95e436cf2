// The address module's public names (see address.ts for the layout of net/). The LPM engine imports
// parse.ts and format.ts directly, to stay free of `ip-address` in dist/lpm.js.

export { parseCidr, parseIp, splitCidr, writtenText, type CidrResult, type Family, type IpAddress, type ParseResult } from './address.js';
export { parseIPv4, parseIPv6 } from './parse.js';
export { formatAddress, formatIPv4, formatIPv6, formatPrefix, fullIPv6, wordsOf } from './format.js';
export { hasHostBits, hostMaskOf, isPrefixLen, maxPrefix, networkAddress, networkValue, prefixContains } from './prefix.js';
export { addressSpace, describeSpace, prefixFacts, type AddressSpace, type PrefixFacts } from './spaces.js';
