import { fastParse } from './fastParse.js';
import { parseWithYamlLib, type ParsedYaml } from './yamlLibParse.js';

/** One YAML document to a located tree: the fast path when it applies, else the exact one. */
export function parseYaml(text: string): ParsedYaml {
  const root = fastParse(text);
  return root === undefined ? parseWithYamlLib(text) : { root, errors: [] };
}
