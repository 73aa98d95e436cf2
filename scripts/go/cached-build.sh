# A Go binary the tests need, built from a pinned module once per source state (sourced by
# scripts/cluster/build-apiserver.sh and scripts/helm/build-helm.sh).
#
# The binary's name carries a hash of the module's go.mod, go.sum and Go files, the calling script,
# this file and the Go version, so a build is a no-op (milliseconds) while none of them change, and
# rebuilds when one does. Go's own module and build caches (GOMODCACHE, GOCACHE; by default under
# $HOME) make a rebuild after a fresh clone a matter of linking. Nothing but the Go module proxy is
# reached, and only by a first build.
#
# The caller sets, then runs `cached_go_build "$@"`:
#   name     the script's name in messages          src     the Go module's folder
#   cache    the cache folder (bin/ inside)           binary  the binary's name (bin/<binary> links to it)
#   target   the package to build ("." or a path)     script  the calling script's path
#   duration what a first build takes, for the message
#   ldflags_for  a function that sets `ldflags` and `what` (the version built, for the message)
# Usage of the caller: [--check]: build nothing, exit 3 if the binary is missing or stale. The last
# line of stdout is the binary's absolute path.

cached_go_build() {
  local bindir="$cache/bin" check_only=0
  [[ "${1:-}" == "--check" ]] && check_only=1
  if ! command -v go >/dev/null 2>&1; then
    echo "$name: 'go' is not on PATH; $binary is built from the Go sources in $src" >&2
    exit 2
  fi
  local goversion key bin
  goversion="$(go env GOVERSION)"
  # Inputs of the build, in a fixed order.
  key="$(
    cd "$src"
    {
      echo "$goversion $(go env GOOS)/$(go env GOARCH)"
      sha256sum go.mod go.sum $(LC_ALL=C ls ./*.go)
      sha256sum "$script" "${BASH_SOURCE[0]}" | cut -d' ' -f1
    } | sha256sum | cut -c1-16
  )"
  bin="$bindir/$binary-$key"
  if [[ -x "$bin" ]]; then
    echo "$bin"
    exit 0
  fi
  if (( check_only )); then
    echo "$name: $bin is missing or stale; run $script" >&2
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
  ldflags_for
  echo "$name: building $what ($goversion) into $bin" >&2
  echo "$name: a first build on a machine takes about $duration on 2 cores" >&2
  local start=$SECONDS
  tmp="$bin.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  (
    cd "$src"
    # -mod=readonly: go.mod/go.sum are the lock; never rewrite them during a build.
    CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" \
      go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" "$target"
  )
  mv -f "$tmp" "$bin"
  trap - EXIT
  # Drop binaries of older source states.
  find "$bindir" -maxdepth 1 -type f -name "$binary-*" ! -name "$(basename "$bin")" -delete
  ln -sfn "$(basename "$bin")" "$bindir/$binary"
  echo "$name: built in $((SECONDS - start))s, $(du -h "$bin" | cut -f1)" >&2
  echo "$bin"
}
