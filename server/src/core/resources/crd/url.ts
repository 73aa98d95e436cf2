// Go's net/url as the Kubernetes CEL URL library uses it: `url()` and `isURL()` accept what
// url.ParseRequestURI accepts (an absolute URI or an absolute path; no fragment is split off), and the
// URL object is then url.Parse's (the fragment split off), whose Host, Hostname, Port, EscapedPath
// and Query the member functions in cel.ts return.

export class GoUrl {
  scheme = '';
  opaque = '';
  host = '';
  path = '';
  rawPath = '';
  rawQuery = '';
  fragment = '';

  /** URL.Hostname: the host without its port or IPv6 brackets. */
  hostname(): string {
    return splitHostPort(this.host).host;
  }
  port(): string {
    return splitHostPort(this.host).port;
  }
  /** URL.EscapedPath. */
  escapedPath(): string {
    if (this.rawPath !== '' && validEncoded(this.rawPath)) {
      const p = unescape(this.rawPath, 'path');
      if (typeof p === 'string' && p === this.path) return this.rawPath;
    }
    if (this.path === '*') return '*';
    return escape(this.path, 'path');
  }
  /** URL.Query: ParseQuery of the raw query, what cannot be read left out. */
  query(): Map<string, string[]> {
    const values = new Map<string, string[]>();
    for (const pair of this.rawQuery.split('&')) {
      if (pair === '' || pair.includes(';')) continue;
      const eq = pair.indexOf('=');
      const key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'query');
      const value = unescape(eq < 0 ? '' : pair.slice(eq + 1), 'query');
      if (typeof key !== 'string' || typeof value !== 'string') continue;
      values.set(key, [...(values.get(key) ?? []), value]);
    }
    return values;
  }
}

/** url.ParseRequestURI, then url.Parse (as the library does); a string is the error, in Go's words. */
export function parseRequestUrl(raw: string): GoUrl | string {
  const checked = parse(raw, true);
  if (typeof checked === 'string') return `parse ${goQuote(raw)}: ${checked}`;
  const hash = raw.indexOf('#');
  const parsed = parse(hash < 0 ? raw : raw.slice(0, hash), false);
  if (typeof parsed === 'string') return `parse ${goQuote(raw)}: ${parsed}`;
  if (hash >= 0) {
    const fragment = unescape(raw.slice(hash + 1), 'fragment');
    if (typeof fragment === 'string') parsed.fragment = fragment;
  }
  return parsed;
}

function parse(raw: string, viaRequest: boolean): GoUrl | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '' && viaRequest) return 'empty url';
  const url = new GoUrl();
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const scheme = getScheme(raw);
  if (typeof scheme === 'string') return scheme;
  url.scheme = scheme.scheme.toLowerCase();
  let rest = scheme.rest;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) return 'invalid URI for request';
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon';
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const host = parseAuthority(authority);
    if (typeof host !== 'object') return host;
    url.host = host.host;
  }
  const path = unescape(rest, 'path');
  if (typeof path !== 'string') return path.error;
  url.path = path;
  url.rawPath = escape(path, 'path') === rest ? '' : rest;
  return url;
}

function getScheme(raw: string): { scheme: string; rest: string } | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function parseAuthority(authority: string): { host: string } | string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (typeof host !== 'object') return host;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return 'net/url: invalid userinfo';
    const colon = userinfo.indexOf(':');
    for (const part of colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)]) {
      const u = unescape(part, 'userinfo');
      if (typeof u !== 'string') return u.error;
    }
  }
  return host;
}

function parseHost(host: string): { host: string } | string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    const zone = host.slice(0, close).indexOf('%25');
    if (zone >= 0) {
      const parts = [unescape(host.slice(0, zone), 'host'), unescape(host.slice(zone, close), 'zone'), unescape(host.slice(close), 'host')];
      for (const p of parts) if (typeof p !== 'string') return p.error;
      return { host: parts.join('') };
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return `invalid port ${goQuote(host.slice(colon))} after host`;
  }
  const unescaped = unescape(host, 'host');
  return typeof unescaped === 'string' ? { host: unescaped } : unescaped.error;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function splitHostPort(hostPort: string): { host: string; port: string } {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

type Mode = 'path' | 'host' | 'zone' | 'userinfo' | 'query' | 'fragment';

/** Go's shouldEscape for one byte. */
function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[a-zA-Z0-9]/.test(ch)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'userinfo':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'query':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** Go's unescape over the UTF-8 bytes; `{error}` in Go's words. */
function unescape(s: string, mode: Mode): string | { error: string } {
  const bytes = new TextEncoder().encode(s);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x25) {
      const hex = String.fromCharCode(...bytes.slice(i + 1, i + 3));
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { error: `invalid URL escape ${goQuote(new TextDecoder().decode(bytes.slice(i, i + 3)))}` };
      if (mode === 'host' && parseInt(hex[0]!, 16) < 8 && hex !== '25') return { error: `invalid URL escape ${goQuote(`%${hex}`)}` };
      if (mode === 'zone') {
        const v = parseInt(hex, 16);
        if (hex !== '25' && v !== 0x20 && shouldEscape(v, 'host')) return { error: `invalid URL escape ${goQuote(`%${hex}`)}` };
      }
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (b === 0x2b) {
      out.push(mode === 'query' ? 0x20 : b);
    } else {
      if ((mode === 'host' || mode === 'zone') && b < 0x80 && shouldEscape(b, mode)) return { error: `invalid character ${goQuote(String.fromCharCode(b))} in host name` };
      out.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    if (shouldEscape(b, mode)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function validEncoded(s: string): boolean {
  for (const b of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(b);
    if (`!$&'()*+,;=:@[]%`.includes(ch)) continue;
    if (shouldEscape(b, 'path')) return false;
  }
  return true;
}

/** Go's %q for text without control characters. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
