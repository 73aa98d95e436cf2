// Writes server/src/core/resources/generated/schemaValidators.ts: the bundled schemas (schemas/*.json)
// compiled by ajv ahead of time, as standalone code. Compiling them at run time cost about 25 ms
// before the first file's diagnostics, and kept ajv's compiler in the server. Run after editing a
// schema: `npm run gen:validators` (a test fails while the file is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatorSource } from '../server/src/core/resources/validatorSource.js';

const out = join(__dirname, '..', 'server', 'src', 'core', 'resources', 'generated', 'schemaValidators.ts');
writeFileSync(out, validatorSource(join(__dirname, '..', 'schemas')));
console.log(`wrote ${out}`);
