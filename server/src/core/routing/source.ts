// The source address of egress traffic. With no egress, or SNAT automap, it is the egress VLAN's
// self IP of each replica (seen); with SRC_TRANS_SNATPOOL it is the pool's address for that replica,
// `addressList[i]` of the destination's family (F5); with SRC_TRANS_NONE it is the original source.
import { writtenText, type Family, type IpAddress } from '../net/index.js';
import { readEgress, readSnatpool, readTmmName } from '../resources/egressReaders.js';
import type { SpkResource } from '../resources/resource.js';

export type SourceKind = 'self-ip' | 'automap' | 'snatpool' | 'none';

export interface EgressRef {
  name: string;
  /** `pseudoCNIConfig.namespaces`: the application namespaces whose traffic it translates. */
  appNamespaces: string[];
}

export type SourceTranslation =
  | { kind: 'self-ip' }
  | { kind: 'automap' | 'none'; egress: EgressRef }
  /** `lists` undefined when no pool of that name is in view. */
  | { kind: 'snatpool'; egress: EgressRef; pool: string; lists?: IpAddress[][] };

export interface Sources {
  source: SourceKind;
  /** Per replica, in the order asked; null where the resources give that replica no address. */
  sourceAddresses: (string | null)[];
  /** Per replica, every address it may use (a pool list can hold several of one family). */
  candidates: string[][];
  /** The SNAT pool's name, with `snatpool`. */
  pool?: string;
}

/**
 * The source addresses for traffic leaving on `selfIps` (per replica; undefined when it leaves over
 * the pod interface, whose address no resource states).
 */
export function sourcesFor(translation: SourceTranslation, family: Family, replicas: readonly number[], selfIpOf: ((replica: number) => IpAddress | undefined) | undefined): Sources {
  if (translation.kind === 'none') return { source: 'none', sourceAddresses: [], candidates: [] };
  const candidates = replicas.map((replica) => {
    if (translation.kind === 'snatpool') return (translation.lists?.[replica - 1] ?? []).filter((a) => a.family === family).map(writtenText);
    const selfIp = selfIpOf?.(replica);
    return selfIp ? [writtenText(selfIp)] : [];
  });
  const sources: Sources = { source: translation.kind, sourceAddresses: candidates.map((c) => c[0] ?? null), candidates };
  if (translation.kind === 'snatpool') sources.pool = translation.pool;
  return sources;
}

/** The same translation (so one answer covers both egresses)? */
export function sameTranslation(a: SourceTranslation, b: SourceTranslation): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'snatpool' || b.kind !== 'snatpool') return true;
  const text = (lists?: IpAddress[][]) => JSON.stringify(lists?.map((l) => l.map((x) => x.text)) ?? null);
  return a.pool === b.pool && text(a.lists) === text(b.lists);
}

/**
 * The namespace's translations, one per distinct egress behaviour: `snatType` SRC_TRANS_SNATPOOL,
 * _AUTOMAP or _NONE; without one, the pool it names, else automap (F5). A pool is found by its
 * spec.name, else metadata.name (seen). Egresses whose type a template fills in are left out.
 */
export function translationsOf(egresses: readonly SpkResource[], pools: readonly SpkResource[]): SourceTranslation[] {
  const out: SourceTranslation[] = [];
  for (const resource of egresses) {
    const fields = readEgress(resource);
    const egress = { name: readTmmName(resource).name ?? resource.name ?? '(unnamed egress)', appNamespaces: fields.appNamespaces };
    if (fields.snatType?.templated || fields.snatpool?.templated) continue;
    const type = fields.snatType?.value ?? (fields.snatpool?.value !== undefined ? 'SRC_TRANS_SNATPOOL' : 'SRC_TRANS_AUTOMAP');
    let translation: SourceTranslation | undefined;
    if (type === 'SRC_TRANS_AUTOMAP') translation = { kind: 'automap', egress };
    else if (type === 'SRC_TRANS_NONE') translation = { kind: 'none', egress };
    else if (type === 'SRC_TRANS_SNATPOOL' && fields.snatpool?.value !== undefined) {
      const name = fields.snatpool.value;
      const pool = pools.find((p) => readTmmName(p).name === name);
      translation = { kind: 'snatpool', egress, pool: name };
      if (pool) translation.lists = readSnatpool(pool).lists.map((l) => l.addresses.flatMap((a) => (a.address ? [a.address] : [])));
    }
    if (translation && !out.some((t) => sameTranslation(t, translation))) out.push(translation);
  }
  return out.length ? out : [{ kind: 'self-ip' }];
}
