import { existsSync } from "node:fs";
import { join } from "node:path";
import { LakeformError } from "../common/errors.js";
import { stackEnv } from "../config/stack-env.js";
import type { Service, ServiceName, ServiceStatus, StackContext } from "./context.js";
import { withLock } from "./lock.js";
import { stackPaths } from "./paths.js";
import { stopDaemon } from "./daemon.js";
import { tail } from "./wait.js";
import { kafka } from "./services/kafka.js";
import { objectStore } from "./services/object-store.js";
import { postgres } from "./services/postgres.js";
import { trino } from "./services/trino.js";

/** Start order matters only for Trino, whose iceberg catalog needs PostgreSQL and S3. */
export const SERVICES: readonly Service[] = [postgres, objectStore, kafka, trino];

export function stackContext(log: (m: string) => void, env: NodeJS.ProcessEnv = process.env): StackContext {
  return { paths: stackPaths(env), settings: stackEnv(env), log };
}

export interface UpReport {
  readonly seconds: number;
  readonly services: readonly ServiceStatus[];
}

export async function stackUp(ctx: StackContext): Promise<UpReport> {
  const t0 = Date.now();
  await withLock(join(ctx.paths.stack, "up.lock"), "`lakeform stack up`", ctx.log, async () => {
    // Downloads/builds are independent: run them side by side.
    await Promise.all(SERVICES.map((s) => s.provision(ctx)));
    const first = SERVICES.filter((s) => s.name !== "trino");
    await Promise.all(first.map((s) => timed(ctx, s, () => s.start(ctx))));
    await timed(ctx, trino, () => trino.start(ctx));
  });
  return { seconds: (Date.now() - t0) / 1000, services: await stackStatus(ctx) };
}

async function timed(ctx: StackContext, s: Service, fn: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    if (e instanceof LakeformError) throw e;
    throw new LakeformError("stack", `${s.name} failed to start: ${String(e)} — see its log: ${s.logFile(ctx)}`, { hint: tail(s.logFile(ctx)) });
  }
  ctx.log(`${s.name} healthy (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

export async function stackStatus(ctx: StackContext): Promise<ServiceStatus[]> {
  return Promise.all(SERVICES.map((s) => s.status(ctx)));
}

export async function stackDown(ctx: StackContext): Promise<ServiceName[]> {
  const stopped: ServiceName[] = [];
  // Reverse order: Trino first, so it does not log catalog errors while PostgreSQL goes away.
  for (const s of [...SERVICES].reverse()) {
    if (await stopDaemon(ctx.paths.run, s.name)) {
      ctx.log(`stopped ${s.name}`);
      stopped.push(s.name);
    }
  }
  return stopped;
}

export function serviceLogFile(ctx: StackContext, name: string): string {
  const s = SERVICES.find((x) => x.name === name || (name === "minio" && x.name === "object-store") || (name === "versitygw" && x.name === "object-store"));
  if (!s) throw new LakeformError("usage", `unknown service "${name}"`, { hint: `one of: ${SERVICES.map((x) => x.name).join(", ")}` });
  const f = s.logFile(ctx);
  if (!existsSync(f)) throw new LakeformError("usage", `no log yet for ${s.name} (${f})`);
  return f;
}
