// What the ahead-of-time validators (generated/schemaValidators.ts) and their generator agree on.

/** ajv's options: the same for the generated validators and for any schema compiled in the tests. */
export const AJV_OPTIONS = { allErrors: true, strict: true, validateSchema: false } as const;

/** Our schemas' annotation keywords, which ajv must know in strict mode. */
export const ANNOTATIONS = ['x-spk-certainty', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string'] as const;

/** The export name of a schema's validator: its `$id`'s file name, as an identifier. */
export function validatorName(id: string): string {
  return `validate_${id.slice(id.lastIndexOf('/') + 1).replace(/\.json$/, '').replace(/[^A-Za-z0-9_]/g, '_')}`;
}
