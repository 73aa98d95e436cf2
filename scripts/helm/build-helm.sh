#!/usr/bin/env bash
# Builds the Helm CLI the tests render charts with (test/cli/helm.test.ts) into .cache/helm/bin/,
# once per source state. Helm is built from its own Go module (helm.sh/helm/v3, pinned with all of
# its dependencies by test/helm/go.mod and go.sum) through the Go module proxy: nothing else is
# downloaded, at build or at test time.
#
# The binary's name carries a hash of go.mod, go.sum, the Go files of test/helm, this script and
# the Go version, so the script is a no-op (milliseconds) while none of them change, and rebuilds
# when one does. Go's own module and build caches (GOMODCACHE, GOCACHE; by default under $HOME)
# make a rebuild after a fresh clone a matter of linking (seconds); the first build on a machine
# downloads the modules and compiles everything (measured: 94 s on 2 cores, 1.1 GB of Go caches
# (GOMODCACHE 410 MB, GOCACHE 716 MB), a 59 MB binary).
#
# Usage: scripts/helm/build-helm.sh [--check]
#   prints the absolute path of the binary as the last line of stdout;
#   --check: build nothing, exit 3 if the binary is missing or stale.
# Env: SPK_HELM_CACHE (default <repo>/.cache/helm), GOCACHE, GOMODCACHE, GOFLAGS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$repo/test/helm"
cache="${SPK_HELM_CACHE:-$repo/.cache/helm}"
bindir="$cache/bin"
check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

if ! command -v go >/dev/null 2>&1; then
  echo "build-helm: 'go' is not on PATH; the test helm is built from Go sources in $src" >&2
  exit 2
fi

goversion="$(go env GOVERSION)"
# Inputs of the build, in a fixed order.
key="$(
  cd "$src"
  {
    echo "$goversion $(go env GOOS)/$(go env GOARCH)"
    sha256sum go.mod go.sum $(LC_ALL=C ls ./*.go)
    sha256sum "$repo/scripts/helm/build-helm.sh" | cut -d' ' -f1
  } | sha256sum | cut -c1-16
)"
bin="$bindir/helm-$key"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi
if (( check_only )); then
  echo "build-helm: $bin is missing or stale; run scripts/helm/build-helm.sh" >&2
  exit 3
fi

mkdir -p "$bindir"
# One build at a time (parallel test processes, or a developer and a test run).
exec 9>"$cache/build.lock"
flock 9
if [[ -x "$bin" ]]; then # built by whoever held the lock
  echo "$bin"
  exit 0
fi

# The version go.mod requires of a module (`require M V` or a line of a require block).
required() { awk -v m="$1" '($1 == m) { print $2; exit } ($1 == "require" && $2 == m) { print $3; exit }' "$src/go.mod"; }
helm_version="$(required helm.sh/helm/v3)"
client_go="$(required k8s.io/client-go)"
if [[ ! "$helm_version" =~ ^v3\. ]] || [[ ! "$client_go" =~ ^v0\.([0-9]+)\. ]]; then
  echo "build-helm: cannot read the helm.sh/helm/v3 and k8s.io/client-go versions from $src/go.mod" >&2
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

echo "build-helm: building helm $helm_version ($goversion) into $bin" >&2
echo "build-helm: a first build on a machine takes about 1.5-3 minutes on 2 cores" >&2
start=$SECONDS
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
(
  cd "$src"
  # -mod=readonly: go.mod/go.sum are the lock; never rewrite them during a build.
  CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" helm.sh/helm/v3/cmd/helm
)
mv -f "$tmp" "$bin"
trap - EXIT
# Drop binaries of older source states.
find "$bindir" -maxdepth 1 -type f -name 'helm-*' ! -name "$(basename "$bin")" -delete
ln -sfn "$(basename "$bin")" "$bindir/helm"
echo "build-helm: built in $((SECONDS - start))s, $(du -h "$bin" | cut -f1)" >&2
echo "$bin"
