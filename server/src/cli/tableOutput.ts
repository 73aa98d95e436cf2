// The route tables that `simulate` and `table` work on, and `table`'s text output.
import type { RouteRow } from '../core/routing/routeRows.js';
import type { RouteTable } from '../core/routing/table.js';
import type { Workspace } from '../core/workspace/workspace.js';
import { UsageError } from './args.js';
import { escapeControls } from '../core/safeText.js';

/**
 * Every table, or those of `--namespace` (its F5SPK table and its Infras' own, the only ones
 * built); a namespace without routes or VLANs is a usage error.
 */
export function selectTables(workspace: Workspace, namespace: string | undefined): RouteTable[] {
  if (namespace === undefined) return workspace.tables();
  const found = workspace.namespaces();
  if (!found.includes(namespace)) throw new UsageError(`namespace "${namespace}" has no routes or VLANs in these files (found: ${found.join(', ') || 'none'})`);
  return workspace.tables(namespace);
}

/** One namespace's table as aligned columns; values from the YAML are escaped (see core/safeText.ts). */
export function formatTable(namespace: string, rows: readonly RouteRow[], replicaCount = 1): string {
  // When rows differ per TMM replica, a column says which replicas each row holds for.
  const perReplica = rows.some((r) => r.replicas.length !== replicaCount);
  const header = ['PREFIX', 'TYPE', 'NEXT HOP', 'VLAN', ...(perReplica ? ['TMM'] : []), 'SOURCE'];
  const cells = rows.map((r) => [
    r.prefix + (r.route.inferred !== undefined ? ' (inferred)' : '') + (r.active ? '' : ' (unused)'),
    r.type,
    r.nextHop ?? 'direct',
    r.interface === 'pod' ? 'pod interface' : r.vlan ?? (r.type === 'blackhole' ? '-' : 'unresolved'),
    ...(perReplica ? [r.replicas.length === replicaCount ? 'all' : r.replicas.join(',')] : []),
    `${r.route.namespace}/${r.route.name} ${r.route.file}:${r.route.line}`,
  ].map(escapeControls));
  // A loop, not Math.max(...cells): a spread of 100,000 rows overflows the stack.
  const widths = header.map((h) => h.length);
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  return `namespace ${escapeControls(namespace)}: ${rows.length} routes${replicaCount > 1 ? `, ${replicaCount} TMM replicas` : ''}\n${[header, ...cells].map(line).join('\n')}\n`;
}
