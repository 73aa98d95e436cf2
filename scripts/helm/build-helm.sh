#!/usr/bin/env bash
# Builds the Helm CLI the tests render charts with (test/cli/helm.test.ts) into .cache/helm/bin/,
# once per source state. Helm is built from its own Go module (helm.sh/helm/v3, pinned with all of
# its dependencies by test/helm/go.mod and go.sum) through the Go module proxy: nothing else is
# downloaded, at build or at test time.
#
# Cached as scripts/go/cached-build.sh says; the first build on a machine downloads the modules and
# compiles everything (measured: 94 s on 2 cores, 1.1 GB of Go caches (GOMODCACHE 410 MB, GOCACHE
# 716 MB), a 59 MB binary).
#
# Usage: scripts/helm/build-helm.sh [--check]
#   prints the absolute path of the binary as the last line of stdout;
#   --check: build nothing, exit 3 if the binary is missing or stale.
# Env: SPK_HELM_CACHE (default <repo>/.cache/helm), GOCACHE, GOMODCACHE, GOFLAGS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$repo/scripts/go/cached-build.sh"
name=build-helm
src="$repo/test/helm"
cache="${SPK_HELM_CACHE:-$repo/.cache/helm}"
binary=helm
target=helm.sh/helm/v3/cmd/helm
script="$repo/scripts/helm/build-helm.sh"
duration="1.5-3 minutes"

ldflags_for() {
  local helm_version client_go k8s_minor pkg
  # The version go.mod requires of a module (`require M V` or a line of a require block).
  required() { awk -v m="$1" '($1 == m) { print $2; exit } ($1 == "require" && $2 == m) { print $3; exit }' "$src/go.mod"; }
  helm_version="$(required helm.sh/helm/v3)"
  client_go="$(required k8s.io/client-go)"
  if [[ ! "$helm_version" =~ ^v3\. ]] || [[ ! "$client_go" =~ ^v0\.([0-9]+)\. ]]; then
    echo "$name: cannot read the helm.sh/helm/v3 and k8s.io/client-go versions from $src/go.mod" >&2
    exit 2
  fi
  k8s_minor="${BASH_REMATCH[1]}"
  # What upstream's Makefile sets: the version `helm version` prints (and .Capabilities.HelmVersion),
  # and the Kubernetes version `helm template` renders for (.Capabilities.KubeVersion: client-go
  # v0.N is Kubernetes 1.N).
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version"
  ldflags+=" -X helm.sh/helm/v3/internal/version.metadata= -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
  done
  what="helm $helm_version"
}

cached_go_build "$@"
