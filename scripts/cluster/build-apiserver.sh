#!/usr/bin/env bash
# Builds the test API server (test/cluster/apiserver: Kubernetes' kube-apiserver with an embedded
# etcd) into .cache/apiserver/bin/, once per source state.
#
# The binary's name carries a hash of the Go sources, go.mod, go.sum, this script and the Go
# version, so the script is a no-op (milliseconds) while none of them change, and rebuilds when
# one does. Go's own module and build caches (GOMODCACHE, GOCACHE; by default under $HOME) make a
# rebuild after a fresh clone a matter of linking (tens of seconds); the first build on a machine
# compiles everything (about 5-10 minutes on 2 cores, ~2.6 GB of Go caches).
#
# Usage: scripts/cluster/build-apiserver.sh [--check]
#   prints the absolute path of the binary as the last line of stdout;
#   --check: build nothing, exit 3 if the binary is missing or stale.
# Env: SPK_APISERVER_CACHE (default <repo>/.cache/apiserver), GOCACHE, GOMODCACHE, GOFLAGS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$repo/test/cluster/apiserver"
cache="${SPK_APISERVER_CACHE:-$repo/.cache/apiserver}"
bindir="$cache/bin"
check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

if ! command -v go >/dev/null 2>&1; then
  echo "build-apiserver: 'go' is not on PATH; the test API server is built from Go sources in $src" >&2
  exit 2
fi

goversion="$(go env GOVERSION)"
# Inputs of the build, in a fixed order.
key="$(
  cd "$src"
  {
    echo "$goversion $(go env GOOS)/$(go env GOARCH)"
    sha256sum go.mod go.sum $(LC_ALL=C ls ./*.go)
    sha256sum "$repo/scripts/cluster/build-apiserver.sh" | cut -d' ' -f1
  } | sha256sum | cut -c1-16
)"
bin="$bindir/spk-test-apiserver-$key"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi
if (( check_only )); then
  echo "build-apiserver: $bin is missing or stale; run scripts/cluster/build-apiserver.sh" >&2
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

k8s_version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$src/go.mod")"
if [[ ! "$k8s_version" =~ ^v([0-9]+)\.([0-9]+)\. ]]; then
  echo "build-apiserver: cannot read the k8s.io/kubernetes version from $src/go.mod" >&2
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

echo "build-apiserver: building kube-apiserver $k8s_version + embedded etcd ($goversion) into $bin" >&2
echo "build-apiserver: a first build on a machine takes about 5-10 minutes on 2 cores" >&2
start=$SECONDS
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
(
  cd "$src"
  # -mod=readonly: go.mod/go.sum are the lock; never rewrite them during a build.
  CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" .
)
mv -f "$tmp" "$bin"
trap - EXIT
# Drop binaries of older source states.
find "$bindir" -maxdepth 1 -type f -name 'spk-test-apiserver-*' ! -name "$(basename "$bin")" -delete
ln -sfn "$(basename "$bin")" "$bindir/spk-test-apiserver"
echo "build-apiserver: built in $((SECONDS - start))s, $(du -h "$bin" | cut -f1)" >&2
echo "$bin"
