#!/usr/bin/env bash
# Builds the test API server (test/cluster/apiserver: Kubernetes' kube-apiserver with an embedded
# etcd) into .cache/apiserver/bin/, once per source state.
#
# Cached as scripts/go/cached-build.sh says: a no-op while its sources are the same; a rebuild after
# a fresh clone links from Go's caches (tens of seconds); the first build on a machine compiles
# everything (about 5-10 minutes on 2 cores, ~2.6 GB of Go caches).
#
# Usage: scripts/cluster/build-apiserver.sh [--check]
#   prints the absolute path of the binary as the last line of stdout;
#   --check: build nothing, exit 3 if the binary is missing or stale.
# Env: SPK_APISERVER_CACHE (default <repo>/.cache/apiserver), GOCACHE, GOMODCACHE, GOFLAGS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$repo/scripts/go/cached-build.sh"
name=build-apiserver
src="$repo/test/cluster/apiserver"
cache="${SPK_APISERVER_CACHE:-$repo/.cache/apiserver}"
binary=spk-test-apiserver
target=.
script="$repo/scripts/cluster/build-apiserver.sh"
duration="5-10 minutes"

ldflags_for() {
  local k8s_version major minor pkg
  k8s_version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$src/go.mod")"
  if [[ ! "$k8s_version" =~ ^v([0-9]+)\.([0-9]+)\. ]]; then
    echo "$name: cannot read the k8s.io/kubernetes version from $src/go.mod" >&2
    exit 2
  fi
  major="${BASH_REMATCH[1]}"
  minor="${BASH_REMATCH[2]}"
  # The version kube-apiserver reports at /version (what `kubectl version` shows; gcloud's kubectl
  # dispatcher picks its kubectl.1.NN by it). Upstream sets these with -X as well.
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  what="kube-apiserver $k8s_version + embedded etcd"
}

cached_go_build "$@"
