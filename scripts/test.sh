#!/usr/bin/env bash
# Quick start, command 2: the whole test suite (unit + integration on the real stack + e2e).
# The integration tier starts the native stack itself (`lakeform stack up`); nothing is mocked.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
npm run --silent typecheck
# Import rules (layers, no cycles, one owner per external protocol): .dependency-cruiser.cjs.
npx depcruise src --config .dependency-cruiser.cjs
exec npx vitest run "$@"
