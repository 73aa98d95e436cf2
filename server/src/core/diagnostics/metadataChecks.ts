// metadata.name and metadata.namespace as Kubernetes validates them (DNS-1123 subdomain / label).
import type { DocumentReport } from './report.js';
import type { SpkResource } from '../resources/resource.js';
import { getPair, getValue } from '../yaml/tree.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkMetadata(resource: SpkResource, report: DocumentReport): void {
  const metadataPair = getPair(resource.root, 'metadata');
  const metadata = metadataPair?.value;
  if (!metadataPair || metadata?.type !== 'map') return;
  const name = getValue(metadata, 'name');
  if (!name && !getValue(metadata, 'generateName')) {
    report.add('missing-name', metadataPair.key, `${resource.kind} has no metadata.name: Kubernetes needs one to create or apply it`);
  }
  if (name?.type === 'scalar' && typeof name.value === 'string') {
    const problem = objectNameProblem(name.value);
    if (problem) report.add('invalid-name', name, `metadata.name "${name.value}" is not a valid Kubernetes name: ${problem}`);
  }
  const namespace = getValue(metadata, 'namespace');
  if (namespace?.type === 'scalar' && typeof namespace.value === 'string') {
    const problem = namespaceNameProblem(namespace.value);
    if (problem) report.add('invalid-namespace', namespace, `metadata.namespace "${namespace.value}" is not a valid namespace name: ${problem}`);
  }
}

/** Why a name is not a valid object name (DNS-1123 subdomain), or undefined. */
export function objectNameProblem(name: string): string | undefined {
  return nameProblem(name, 253, SUBDOMAIN, true);
}

/** Why a name is not a valid namespace name (DNS-1123 label), or undefined. */
export function namespaceNameProblem(name: string): string | undefined {
  return nameProblem(name, 63, LABEL, false);
}

function nameProblem(name: string, maxLength: number, pattern: RegExp, dots: boolean): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > maxLength) return `it has ${name.length} characters, at most ${maxLength} are allowed`;
  if (pattern.test(name)) return undefined;
  const allowed = dots ? "lower-case letters, digits, '-' and '.'" : "lower-case letters, digits and '-'";
  const bad = [...new Set([...name].filter((c) => !(dots ? /[a-z0-9.-]/ : /[a-z0-9-]/).test(c)))];
  if (bad.length) return `${bad.map((c) => `"${c}"`).join(', ')} not allowed; use ${allowed}`;
  return `it must start and end with a letter or digit${dots ? ", and each '.'-separated part too" : ''}`;
}
