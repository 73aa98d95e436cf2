// Writes syntaxes/spk-addresses.injection.tmLanguage.json: addresses and prefixes inside YAML get
// scopes of their own, so themes colour them. The regexes are built here once, readable.
import { writeFileSync } from 'node:fs';

const octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const ipv4 = `${octet}(?:\\.${octet}){3}`;
const h = '[0-9a-fA-F]{1,4}';
const ipv6 = [
  `(?:${h}:){7}${h}`,
  `(?:${h}:){1,7}:`,
  `(?:${h}:){1,6}:${h}`,
  `(?:${h}:){1,5}(?::${h}){1,2}`,
  `(?:${h}:){1,4}(?::${h}){1,3}`,
  `(?:${h}:){1,3}(?::${h}){1,4}`,
  `(?:${h}:){1,2}(?::${h}){1,5}`,
  `${h}:(?::${h}){1,6}`,
  `::(?:ffff(?::0{1,4})?:)?${ipv4}`,
  `(?:${h}:){1,4}:${ipv4}`,
  `:(?::${h}){1,7}`,
  '::',
].join('|');

const grammar = {
  scopeName: 'spk-routes.addresses.injection',
  injectionSelector: 'L:source.yaml -comment',
  patterns: [
    {
      name: 'meta.address.ipv6.spk-routes',
      match: `(?<![\\w:.])(${ipv6})(?:(/)(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?(?![\\w:.])`,
      captures: {
        1: { name: 'constant.numeric.ipv6.spk-routes' },
        2: { name: 'punctuation.separator.prefix.spk-routes' },
        3: { name: 'constant.numeric.prefix-length.spk-routes' },
      },
    },
    {
      name: 'meta.address.ipv4.spk-routes',
      match: `(?<![\\w.:])(${ipv4})(?:(/)(3[0-2]|[12]?[0-9]))?(?![\\w.:])`,
      captures: {
        1: { name: 'constant.numeric.ipv4.spk-routes' },
        2: { name: 'punctuation.separator.prefix.spk-routes' },
        3: { name: 'constant.numeric.prefix-length.spk-routes' },
      },
    },
    {
      name: 'meta.prefix-length.spk-routes',
      match: '(?<=^|[\\s{,])(prefixLen|prefixlen_v4|prefixlen_v6)(:)[ \\t]+([0-9]{1,3})(?=[ \\t]*(?:$|#|,|\\}))',
      captures: {
        1: { name: 'entity.name.tag.yaml' },
        2: { name: 'punctuation.separator.key-value.mapping.yaml' },
        3: { name: 'constant.numeric.prefix-length.spk-routes' },
      },
    },
  ],
};

writeFileSync(new URL('../syntaxes/spk-addresses.injection.tmLanguage.json', import.meta.url), `${JSON.stringify(grammar, null, 2)}\n`);
