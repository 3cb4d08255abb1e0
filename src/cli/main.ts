#!/usr/bin/env node
/**
 * The `lakeform` bin. Turns on Node's on-disk compile cache for Lakeform's own modules and its
 * dependencies first (V8 code for ~100 modules is then read instead of compiled on every start),
 * then loads the CLI. Set NODE_DISABLE_COMPILE_CACHE=1 to turn it off.
 */
import module from "node:module";

module.enableCompileCache?.();
await import("./cli.js");
