import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LakeformError, errorMessage } from "../../common/errors.js";
import { setting, type Service, type StackContext } from "../context.js";
import { runAsync } from "../commands.js";
import { startDaemon } from "../daemon.js";
import { isOurs, pidAlive, readPid } from "../pid-records.js";
import { waitFor } from "../wait.js";
import { bucketExists, createBucket, s3Healthy, type S3Target } from "../s3.js";
import { VERSIONS } from "../versions.js";

/**
 * S3 for Iceberg data: MinIO built from source with the Go module proxy (the community edition
 * ships no binaries any more); versitygw (a posix-backed S3 gateway) is the fallback when MinIO
 * cannot be built. Which one runs is recorded in `object-store.impl` and shown by `stack status`.
 */
type Impl = "minio" | "versitygw";

const MODULES: Record<Impl, { module: string; version: string; binary: string }> = {
  minio: { module: "github.com/minio/minio", version: VERSIONS.minio, binary: "minio" },
  versitygw: { module: "github.com/versity/versitygw/cmd/versitygw", version: VERSIONS.versitygw, binary: "versitygw" },
};

function binPath(ctx: StackContext, impl: Impl): string {
  const m = MODULES[impl];
  return join(ctx.paths.bin, `${impl}-${m.version}`, m.binary);
}

function implFile(ctx: StackContext): string {
  return join(ctx.paths.cache, "object-store.impl");
}

function chosenImpl(ctx: StackContext): Impl | undefined {
  const forced = ctx.settings.LAKEFORM_OBJECT_STORE;
  if (forced === "minio" || forced === "versitygw") return forced;
  if (!existsSync(implFile(ctx))) return undefined;
  const v = readFileSync(implFile(ctx), "utf8").trim();
  return v === "minio" || v === "versitygw" ? v : undefined;
}

function target(ctx: StackContext): S3Target {
  return {
    endpoint: `http://127.0.0.1:${setting(ctx, "LAKEFORM_S3_PORT")}`,
    accessKey: setting(ctx, "LAKEFORM_S3_ACCESS_KEY"),
    secretKey: setting(ctx, "LAKEFORM_S3_SECRET_KEY"),
  };
}

async function goInstall(ctx: StackContext, impl: Impl): Promise<void> {
  const m = MODULES[impl];
  const dir = join(ctx.paths.bin, `${impl}-${m.version}`);
  mkdirSync(dir, { recursive: true });
  ctx.log(`building ${impl} ${m.version} with go install (first time only, a few minutes)`);
  await runAsync("go", ["install", `${m.module}@${m.version}`], {
    cwd: dir,
    env: { ...process.env, GOBIN: dir, GOFLAGS: "-trimpath", CGO_ENABLED: "0" },
    what: `go install ${impl}`,
  });
}

export const objectStore: Service = {
  name: "object-store",
  logFile: (ctx) => join(ctx.paths.logs, "object-store.log"),

  async provision(ctx) {
    const chosen = chosenImpl(ctx);
    if (chosen && existsSync(binPath(ctx, chosen))) return;
    const order: Impl[] = chosen ? [chosen] : ["minio", "versitygw"];
    const failures: string[] = [];
    for (const impl of order) {
      if (!existsSync(binPath(ctx, impl))) {
        try {
          await goInstall(ctx, impl);
        } catch (e) {
          failures.push(errorMessage(e));
          ctx.log(`${impl} could not be built; ${impl === "minio" ? "falling back to versitygw" : "no fallback left"}`);
          continue;
        }
      }
      writeFileSync(implFile(ctx), impl);
      return;
    }
    throw new LakeformError("stack", `no S3 object store could be built:\n${failures.join("\n")}`);
  },

  async start(ctx) {
    const impl = chosenImpl(ctx) ?? "minio";
    const t = target(ctx);
    const port = setting(ctx, "LAKEFORM_S3_PORT");
    const data = join(ctx.paths.stack, impl === "minio" ? "minio" : "versitygw");
    const logFile = this.logFile(ctx);
    const bucket = setting(ctx, "LAKEFORM_S3_BUCKET");
    const running = isOurs(readPid(ctx.paths.run, "object-store"));
    if (!running) {
      mkdirSync(data, { recursive: true });
      const env = { ...process.env, MINIO_ROOT_USER: t.accessKey, MINIO_ROOT_PASSWORD: t.secretKey, MINIO_BROWSER: "off", MINIO_UPDATE: "off" };
      const args =
        impl === "minio"
          ? ["server", data, "--address", `127.0.0.1:${port}`, "--console-address", `127.0.0.1:${setting(ctx, "LAKEFORM_S3_CONSOLE_PORT")}`, "--quiet"]
          : ["--access", t.accessKey, "--secret", t.secretKey, "--port", `127.0.0.1:${port}`, "posix", data];
      startDaemon({ service: "object-store", command: binPath(ctx, impl), args, env, logFile, runDir: ctx.paths.run, marker: data });
    }
    await waitFor(impl, () => s3Healthy(t), 60_000, logFile, () => pidAlive(readPid(ctx.paths.run, "object-store")));
    if (!(await bucketExists(t, bucket))) {
      ctx.log(`creating bucket ${bucket}`);
      await createBucket(t, bucket);
    }
  },

  async status(ctx) {
    const impl = chosenImpl(ctx) ?? "minio";
    const rec = readPid(ctx.paths.run, "object-store");
    const running = isOurs(rec);
    const t = target(ctx);
    const bucket = setting(ctx, "LAKEFORM_S3_BUCKET");
    const healthy = running && (await s3Healthy(t)) && (await bucketExists(t, bucket));
    return {
      service: "object-store",
      implementation: impl,
      version: MODULES[impl].version,
      running,
      healthy,
      pid: running ? rec?.pid : undefined,
      endpoint: t.endpoint,
      detail: healthy ? `bucket ${bucket} exists` : running ? `S3 not answering or bucket ${bucket} missing` : "stopped",
      logFile: this.logFile(ctx),
    };
  },
};
