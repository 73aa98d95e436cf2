// The real-manifest corpus (test/fixtures/real: the development half of the corpus, provenance in
// SOURCES.md, verdicts in FINDINGS.md), linted one repository at a time as its authors apply it.
// Every file's diagnostics must be exactly the ones FINDINGS.md calls true (errors and warnings),
// plus the hints listed here; everything else it calls false must stay gone. Simulator answers on
// the real layouts are checked against FINDINGS.md §3.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = 'test/fixtures/real';
const FILES = readdirSync(join(ROOT, DIR)).filter((f) => /\.(ya?ml|tmpl)$/.test(f));

/** A repository's files: the ones that share its `<owner>__<repo>__` prefix. */
function repository(prefix: string): string[] {
  return FILES.filter((f) => f.startsWith(`${prefix}__`)).map((f) => join(DIR, f));
}

function cli(...args: string[]): { stdout: string; code: number } {
  try {
    return { stdout: execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), code: 0 };
  } catch (error) {
    const e = error as { stdout: string; status: number };
    return { stdout: e.stdout, code: e.status };
  }
}

interface Finding { file: string; line: number; severity: string; code: string }

function lint(prefix: string, namespace = 'default'): string[] {
  const { stdout } = cli('lint', ...repository(prefix), '--default-namespace', namespace, '--format', 'json');
  return (JSON.parse(stdout) as Finding[]).map((f) => `${f.file.slice(DIR.length + 1 + prefix.length + 2)}:${f.line} ${f.severity} ${f.code}`);
}

// Repository → the findings FINDINGS.md calls true (§1.1, §2), file names without the prefix.
const EXPECTED: Record<string, { namespace?: string; findings: string[] }> = {
  'JLCode-tech__awsbnkctl': {
    findings: [
      // §1.3: the cluster inventory and the rendered template describe the same two routes:
      // a hint (copies with the same gateway), no longer a warning.
      'internal__k8s__migrate__fixtures_test.extracted.yaml:46 hint duplicate-route',
      'internal__k8s__migrate__fixtures_test.extracted.yaml:51 hint duplicate-route',
      // §1.1: a VLAN with selfip_v4s and no prefixlen_v4.
      'internal__k8s__migrate__translate_test.fixtureVxlan.excerpt.yaml:6 warning missing-prefix-length',
      'internal__scenarios__egresssnat__manifests__04-staticroutes.rendered.yaml:21 hint duplicate-route',
      'internal__scenarios__egresssnat__manifests__04-staticroutes.rendered.yaml:32 hint duplicate-route',
    ],
  },
  // §2 N1: two untagged VLANs on 1.1 and on 1.2; §1.2: mtu 1380 is no error.
  'JLCode-tech__bnk-forge-modules': {
    findings: [
      'archived__bnk__f5-controller__manifests__vlans.yaml:23 warning untagged-vlan-twice',
      'archived__bnk__f5-controller__manifests__vlans.yaml:51 warning untagged-vlan-twice',
    ],
  },
  // §1.1 (the UI templates' invented fields) and §2 N6 (tmmInterfaceName names no VLAN).
  'f5devcentral__bnk-forge': {
    findings: [
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:17 warning missing-prefix-length',
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:27 error missing-field',
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:30 warning unknown-field',
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:34 warning unknown-field',
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:41 error missing-field',
      'frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:66 warning egress-vxlan-interface-unknown',
    ],
  },
  'f5devcentral__f5-bnk-nvidia-bf3-installations': { findings: [] },
  'gelmistefano__f5-udf-spk-ovnkubernetes': { findings: [] },
  'mwiget__f5bnk-k3s-gpu': { findings: [] },
  // §1.1: mtu 9100 above TMM's maximum, corrected by the author's next commit.
  'mwiget__f5bnk-kubespray': {
    findings: [
      'resources__vlans.at-9f9368a.yaml:8 error out-of-range',
      'resources__vlans.at-9f9368a.yaml:28 error out-of-range',
      'resources__vlans.at-9f9368a.yaml:48 error out-of-range',
    ],
  },
  // §1.2: `category` is accepted.
  'mwiget__ocibnkctl': { findings: [] },
  // §2 N3: two SNAT lists for three replicas; §1.2: the Calico route's gateway is no warning.
  'otoh0515__f5-bnk': { namespace: 'f5-bnk', findings: ['red-snat.yaml:8 warning snatpool-too-few-lists'] },
  'unknown__index-9938444007': { findings: [] },
};

describe('the real corpus, one repository at a time', () => {
  test('every repository of the folder has its expectations', () => {
    const prefixes = new Set(FILES.map((f) => f.split('__').slice(0, 2).join('__')));
    assert.deepEqual([...prefixes].sort(), Object.keys(EXPECTED).sort());
  });
  for (const [prefix, { namespace, findings }] of Object.entries(EXPECTED)) {
    test(`${prefix}: exactly the true findings`, () => {
      assert.deepEqual(lint(prefix, namespace), findings);
    });
  }
});

describe('simulator answers on the real layouts (FINDINGS.md §3)', () => {
  const simulate = (prefix: string, dests: string, namespace?: string, files = repository(prefix)) => {
    const { stdout, code } = cli('simulate', ...files, '--dest', dests, '--json', ...(namespace ? ['--default-namespace', namespace] : []));
    assert.equal(code, 0);
    return JSON.parse(stdout) as { destination: string; replicas: number[]; outcome: string; nextHop: string | null; vlan: string | null; interface: string | null; source: string; sourceAddresses: (string | null)[]; sourceCandidates: string[][] }[];
  };

  test('§3.1: the VXLAN peers are connected on every replica, IPv4 and IPv6', () => {
    const hops = simulate('f5devcentral__f5-bnk-nvidia-bf3-installations', '198.18.100.1,fd50::192:18:100:1,198.18.200.3');
    assert.deepEqual(hops.map((h) => [h.destination, h.replicas, h.outcome, h.vlan, h.interface]), [
      ['198.18.100.1', [1, 2, 3], 'connected', 'red', 'vxlan'],
      ['fd50::192:18:100:1', [1, 2, 3], 'connected', 'red', 'vxlan'],
      ['198.18.200.3', [1, 2, 3], 'connected', 'blue', 'vxlan'],
    ]);
  });

  test('§3.3 and §3.4: the Calico route leaves over the pod interface; no CR route is not "dropped"', () => {
    const [pod, none] = simulate('otoh0515__f5-bnk', '169.254.25.10,8.8.8.8', 'f5-bnk');
    assert.deepEqual([pod!.outcome, pod!.nextHop, pod!.vlan, pod!.interface], ['forwarded', '169.254.1.1', null, 'pod']);
    assert.equal(none!.outcome, 'no-route');
    const text = cli('simulate', ...repository('otoh0515__f5-bnk'), '--dest', '8.8.8.8', '--default-namespace', 'f5-bnk').stdout;
    assert.match(text, /no static or connected route matches; TMM may still forward it by dynamic routing \(BGP\) or its pod interface/);
  });

  test('§3.5: with SRC_TRANS_SNATPOOL the source is the pool address of each replica, none for replica 3 (N3)', () => {
    const [hop] = simulate('otoh0515__f5-bnk', '10.1.30.7', 'f5-bnk');
    assert.deepEqual([hop!.outcome, hop!.nextHop, hop!.vlan, hop!.source], ['forwarded', '10.2.201.5', 'red-vlan', 'snatpool']);
    assert.deepEqual(hop!.sourceAddresses, ['172.16.201.221', '172.16.201.223', null]);
    assert.deepEqual(hop!.sourceCandidates, [['172.16.201.221', '172.16.201.222'], ['172.16.201.223', '172.16.201.224'], []]);
    // The awsbnkctl cluster inventory alone: pool egress-snat named by metadata.name.
    const [inventory] = simulate('JLCode-tech__awsbnkctl', '10.0.5.5', undefined, [join(DIR, 'JLCode-tech__awsbnkctl__internal__k8s__migrate__fixtures_test.extracted.yaml')]);
    assert.deepEqual([inventory!.nextHop, inventory!.vlan, inventory!.source, inventory!.sourceCandidates], ['10.0.20.1', 'int-vlan', 'snatpool', [['10.0.10.60', '10.0.10.61']]]);
  });

  test('egresses that translate differently (the repository keeps an automap scenario beside the inventory) each say their source', () => {
    const [hop] = simulate('JLCode-tech__awsbnkctl', '10.0.5.5') as unknown as { source: string; sourcesByEgress: { egress: string; source: string; sourceAddresses: (string | null)[] }[] }[];
    assert.equal(hop!.source, 'self-ip');
    assert.deepEqual(hop!.sourcesByEgress.map((e) => [e.egress, e.source, e.sourceAddresses]), [
      ['bnk-egress-demo', 'snatpool', ['10.0.10.60']],
      ['awsbnkctl-egress', 'automap', ['10.0.20.240']],
    ]);
  });
});
