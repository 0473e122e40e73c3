#!/usr/bin/env bash
# Installs the npm tools the tests use (firebase-tools for the Auth emulator, graphql-http for
# the GraphQL-over-HTTP audit) into a cache folder kept between runs, and prints that folder.
# The first install compiles a native module and takes a few minutes; later runs take a second.
# The committed lock file is npm's own output for this package.json, so an installed copy
# matches it and is kept; runs that start at once take turns on a lock (flock) in that folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${EDUGRAPH_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/edugraph/node}"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: installing Debian's nodejs and npm" >&2
  apt-get update -qq >&2 && apt-get install -y -qq nodejs npm >&2
fi
mkdir -p "$dir"
exec 9>"$dir/.install.lock"
flock 9
if ! cmp -s "$here/package.json" "$dir/package.json" \
  || ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" \
  || [ ! -x "$dir/node_modules/.bin/firebase" ] \
  || [ ! -d "$dir/node_modules/graphql-http" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$dir"
