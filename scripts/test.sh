#!/usr/bin/env bash
# Quick start, command 2: the whole test suite (unit + integration on the real stack + e2e).
# The integration tier starts the native stack itself (`lakeform stack up`); nothing is mocked.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
npm run --silent typecheck
exec npx vitest run "$@"
