# Sourced by the quick-start scripts: puts Node ≥ 22.12 first on PATH (provisioning Node 24 from
# the npm registry's `node` package into ~/.cache/lakeform when the machine's Node is older),
# then installs npm dependencies when package-lock.json changed and builds the TypeScript.
set -euo pipefail
LAKEFORM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAKEFORM_CACHE_DIR="${LAKEFORM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakeform}"
export LAKEFORM_CACHE_DIR

node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_ok; then
  node_prefix="$LAKEFORM_CACHE_DIR/node24"
  if [ ! -x "$node_prefix/node_modules/.bin/node" ]; then
    echo "[lakeform] machine Node is $(node --version 2>/dev/null || echo missing); provisioning Node 24 from the npm registry into $node_prefix" >&2
    npm install --prefix "$node_prefix" --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$node_prefix/node_modules/.bin:$PATH"
  node_ok || { echo "[lakeform] could not provision Node ≥ 22.12" >&2; exit 1; }
fi

cd "$LAKEFORM_ROOT"
stamp="node_modules/.lakeform-lock-sha"
lock_sha="$(sha1sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  echo "[lakeform] npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_sha" > "$stamp"
fi
echo "[lakeform] building (tsc)" >&2
npm run --silent build >&2
