// The string formats the API server checks in custom resources (kube-openapi's strfmt registry, as
// kube-apiserver 1.32 uses it). Unknown formats are not checked, as there. Addresses are read the way
// kube-openapi reads them: "sloppy" (k8s.io/utils/net ParseIPSloppy), so an IPv4 octet may have
// leading zeros, and `ipv4` is any address written with a dot, `ipv6` any written with a colon.
import { parseIp } from '../../net/index.js';

/** Whether `value` is of `format`; undefined for a format the API server does not check. */
export function checkFormat(format: string, value: string): boolean | undefined {
  const check = FORMATS[format];
  return check ? check(value) : undefined;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
/** go-openapi's hostname pattern, as written there: one label, or labels ending in a letters-only one. */
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DURATION = /^\s*(\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|sec|secs|min|mins|hr|hrs)\s*)+$/;
const MAC = /^(?:[0-9a-f]{2}(?:([:-])[0-9a-f]{2}){5}|[0-9a-f]{2}(?:([:-])[0-9a-f]{2}){7}|[0-9a-f]{2}(?:([:-])[0-9a-f]{2}){19}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){3}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){9})$/i;

const FORMATS: Record<string, (value: string) => boolean> = {
  ipv4: (v) => sloppyIp(v) !== undefined && v.includes('.'),
  ipv6: (v) => sloppyIp(v) !== undefined && v.includes(':'),
  cidr: (v) => sloppyCidr(v),
  mac: (v) => MAC.test(v) && sameSeparators(v),
  uuid: (v) => UUID.test(v),
  uuid3: (v) => UUID3.test(v),
  uuid4: (v) => UUID4.test(v),
  uuid5: (v) => UUID5.test(v),
  hostname: (v) => v.length <= 255 && HOSTNAME.test(v),
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  date: (v) => validDate(DATE.exec(v)),
  'date-time': (v) => {
    const m = DATE_TIME.exec(v);
    return validDate(m) && Number(m![4]) < 24 && Number(m![5]) < 60 && (m![7] === undefined || Number(m![7]) < 60);
  },
  datetime: (v) => FORMATS['date-time']!(v),
  duration: (v) => DURATION.test(v),
  email: (v) => /^[^\s@<>()]+@[^\s@<>()]+$/.test(v),
  hexcolor: (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v),
  rgbcolor: (v) => /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(v),
  bsonobjectid: (v) => /^[0-9a-fA-F]{24}$/.test(v),
  ssn: (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v),
};

function validDate(m: RegExpExecArray | null | undefined): boolean {
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function sameSeparators(v: string): boolean {
  const seps = v.replace(/[0-9a-f]/gi, '');
  return new Set(seps).size <= 1;
}

/** An address as k8s.io/utils/net ParseIPSloppy reads it: IPv4 octets may have leading zeros (decimal). */
export function sloppyIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { family: 4, value: BigInt(octets.reduce((sum, o) => sum * 256 + o, 0)) };
  }
  if (!text.includes(':') || text.includes('%')) return undefined;
  // An IPv6 address may end in a dotted quad, which the sloppy reading takes with leading zeros too.
  const tail = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const normal = tail ? `${tail[1]}${tail.slice(2).map((o) => String(Number(o))).join('.')}` : text;
  const parsed = parseIp(normal);
  return parsed.ok && parsed.address.family === 6 ? { family: 6, value: parsed.address.value } : undefined;
}

function sloppyCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = sloppyIp(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (address.family === 4 ? 32 : 128);
}
