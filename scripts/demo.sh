#!/usr/bin/env bash
# Quick start, command 1: run Lakeform's example pipeline end to end on this machine.
# Installs what is missing (Node 24, npm deps, Trino, PostgreSQL, MinIO, Kafka), starts the stack,
# and runs `lakeform demo`. Safe to run again: the second run is incremental.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec node dist/cli/main.js demo "$@"
