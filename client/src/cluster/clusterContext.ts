// Which cluster an apply goes to: the context (setting or kubeconfig), its cluster, server and namespace.
import { KubectlError, runKubectl, type KubectlOptions } from './kubectl.js';

export interface ClusterContext {
  context: string;
  cluster: string;
  server: string;
  /** The context's namespace, if it names one. */
  namespace?: string;
}

interface MinifiedConfig {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; namespace?: string } }[];
  clusters?: { name: string; cluster?: { server?: string } }[];
}

/**
 * Reads the context with `kubectl config view --minify` (credentials stay redacted: no `--raw`).
 * `context` is the setting; empty means the kubeconfig's current context.
 */
export async function resolveContext(kubectl: KubectlOptions, context: string): Promise<ClusterContext> {
  const args = ['config', 'view', '--minify', '-o', 'json', ...(context ? [`--context=${context}`] : [])];
  let stdout: string;
  try {
    ({ stdout } = await runKubectl(kubectl, args));
  } catch (error) {
    if (error instanceof KubectlError && error.failure !== 'missing' && error.failure !== 'timeout') {
      throw new KubectlError('no-context', context
        ? `the kubeconfig has no context "${context}" (spkRoutes.kubectl.context)`
        : 'no kubeconfig context is set: choose one with `kubectl config use-context` or set spkRoutes.kubectl.context', error.detail);
    }
    throw error;
  }
  const config = JSON.parse(stdout || '{}') as MinifiedConfig;
  const entry = config.contexts?.[0];
  if (!entry || (!context && !config['current-context'])) {
    throw new KubectlError('no-context', 'no kubeconfig context is set: choose one with `kubectl config use-context` or set spkRoutes.kubectl.context');
  }
  const cluster = config.clusters?.[0];
  return {
    context: entry.name,
    cluster: entry.context?.cluster ?? cluster?.name ?? '(unknown cluster)',
    server: cluster?.cluster?.server ?? '(unknown server)',
    ...(entry.context?.namespace ? { namespace: entry.context.namespace } : {}),
  };
}
