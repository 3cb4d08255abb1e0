import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the stack keeps things. Downloads, builds and unpacked servers are a cache shared by every
 * checkout (`~/.cache/lakeform`); the running services' data, logs and pid files live in the
 * stack directory (default `~/.cache/lakeform/stack`, override `LAKEFORM_STACK_DIR`).
 */
export interface StackPaths {
  readonly cache: string;
  readonly downloads: string;
  readonly dist: string;
  readonly bin: string;
  readonly stack: string;
  readonly logs: string;
  readonly run: string;
}

export function stackPaths(env: NodeJS.ProcessEnv = process.env): StackPaths {
  const cache = env.LAKEFORM_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "lakeform");
  const stack = env.LAKEFORM_STACK_DIR ?? join(cache, "stack");
  return {
    cache,
    downloads: join(cache, "downloads"),
    dist: join(cache, "dist"),
    bin: join(cache, "bin"),
    stack,
    logs: join(stack, "logs"),
    run: join(stack, "run"),
  };
}
