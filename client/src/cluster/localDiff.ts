// The routing diff of two sets of objects computed here in this process by the core, for the CLI
// and the tests; the extension asks the language server instead (spk/routingChanges), so that its
// bundle carries no analysis. Both read the objects with node/routeSets.ts's objectTables.
import { diffTableSets, formatChange } from '../../../server/src/core/routing/diff.js';
import { objectTables } from '../../../server/src/node/routeSets.js';
import type { TrafficDiff } from './clusterRoutes.js';

export const localTrafficDiff: TrafficDiff = (now, after) => Promise.resolve(diffTableSets(objectTables(undefined, now), objectTables(undefined, after)).map(formatChange));
