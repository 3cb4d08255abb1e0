#!/usr/bin/env bash
# Regenerates dashboard-schema-v42.json: Grafana's classic dashboard model (schemaVersion 42) as
# JSON Schema, derived from the TypeScript types Grafana generates from its CUE dashboard kind
# and publishes as @grafana/schema. Pinned versions; run from anywhere, needs npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm i --no-audit --no-fund @grafana/schema@13.2.3 ts-json-schema-generator@2.9.0 >/dev/null
npx ts-json-schema-generator \
  --path node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts \
  --type Dashboard --no-type-check --additional-properties \
  -o "$here/dashboard-schema-v42.json"
echo "wrote $here/dashboard-schema-v42.json"
