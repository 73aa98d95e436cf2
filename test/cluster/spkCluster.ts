// The cluster tier's usual start: a real kube-apiserver with the SPK CRDs generated from schemas/,
// the real kubectl pointed at it, and the context as apply reads it (the kubeconfig's current one).
import { resolveContext, type ClusterContext } from '../../client/src/cluster/clusterContext';
import type { KubectlOptions } from '../../client/src/cluster/kubectl';
import { installCrds, KUBECTL, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver';
import { crdsToYaml, generateCrds } from '../../scripts/cluster/crds';

export interface SpkCluster {
  server: ApiServer;
  kubectl: KubectlOptions;
  cluster: ClusterContext;
}

/** The `before` hook's limit: it includes a first build of the server on a new machine. */
export const START_TIMEOUT = { timeout: 30 * 60_000 };

export async function startSpkCluster(): Promise<SpkCluster> {
  const crds = generateCrds();
  const server = await startApiServer();
  await installCrds(server, crdsToYaml(crds), crds);
  const kubectl = { path: KUBECTL, timeoutMs: 60_000, env: server.env };
  return { server, kubectl, cluster: await resolveContext(kubectl, '') };
}
