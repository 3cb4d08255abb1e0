import type { StackPaths } from "./paths.js";

export type ServiceName = "postgres" | "object-store" | "kafka" | "trino";

export interface StackContext {
  readonly paths: StackPaths;
  /** infra/stack.env merged with the environment */
  readonly settings: Readonly<Record<string, string>>;
  readonly log: (message: string) => void;
}

export interface ServiceStatus {
  readonly service: ServiceName;
  /** what actually runs, e.g. "minio" or "versitygw" for the object store */
  readonly implementation: string;
  readonly version: string;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly pid?: number | undefined;
  readonly endpoint: string;
  readonly detail: string;
  readonly logFile: string;
}

export interface Service {
  readonly name: ServiceName;
  /** Download/build/install what is missing (idempotent, cached). */
  provision(ctx: StackContext): Promise<void>;
  /** Start if not running, then wait until healthy. */
  start(ctx: StackContext): Promise<void>;
  status(ctx: StackContext): Promise<ServiceStatus>;
  logFile(ctx: StackContext): string;
}

export function setting(ctx: StackContext, key: string): string {
  const v = ctx.settings[key];
  if (v === undefined) throw new Error(`missing stack setting ${key}`);
  return v;
}
