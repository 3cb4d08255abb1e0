import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { requireSetting, stackEnv } from "./stack-env.js";

export interface TrinoConnection {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly user: string;
  readonly password?: string | undefined;
  readonly catalog?: string | undefined;
  readonly schema?: string | undefined;
  readonly source?: string | undefined;
  readonly session?: Readonly<Record<string, string>> | undefined;
  /** The server's `query.max-length` (statement characters); Trino's default is 1,000,000. */
  readonly maxQueryLength?: number | undefined;
}

/**
 * Where Lakeform connects. Precedence: environment variables > `dataform.json`'s `lakeform`
 * section > the local stack's defaults (`infra/stack.env`).
 */
export interface Connections {
  readonly trino: TrinoConnection;
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string };
  readonly s3: { readonly endpoint: string; readonly bucket: string; readonly accessKey: string; readonly secretKey: string };
}

interface LakeformSection {
  trino?: { url?: string; user?: string; password?: string; catalog?: string; schema?: string; maxQueryLength?: number };
  kafka?: { brokers?: string[] | string };
}

function readLakeformSection(projectDir: string): LakeformSection {
  const file = join(projectDir, "dataform.json");
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { lakeform?: LakeformSection; defaultDatabase?: string; defaultSchema?: string };
    return {
      ...json.lakeform,
      trino: { catalog: json.defaultDatabase, schema: json.defaultSchema, ...json.lakeform?.trino },
    };
  } catch {
    return {}; // the compiler reports malformed dataform.json with its location
  }
}

function defaultUser(env: NodeJS.ProcessEnv): string {
  if (env.USER) return env.USER;
  try {
    return userInfo().username || "lakeform";
  } catch {
    return "lakeform";
  }
}

export function resolveConnections(projectDir: string, env: NodeJS.ProcessEnv = process.env): Connections {
  const s = stackEnv(env);
  const section = readLakeformSection(projectDir);
  const brokersRaw = env.LAKEFORM_KAFKA_BROKERS ?? section.kafka?.brokers ?? `127.0.0.1:${requireSetting(s, "LAKEFORM_KAFKA_PORT")}`;
  const brokers = Array.isArray(brokersRaw) ? brokersRaw : brokersRaw.split(",").map((b) => b.trim()).filter(Boolean);
  const configuredUrl = env.LAKEFORM_TRINO_URL ?? section.trino?.url;
  // The local stack raises query.max-length (infra/trino/etc/config.properties); any other Trino
  // is assumed to have the default unless told otherwise.
  const maxQueryLength = Number(env.LAKEFORM_TRINO_MAX_QUERY_LENGTH ?? section.trino?.maxQueryLength ?? (configuredUrl ? 1_000_000 : requireSetting(s, "LAKEFORM_TRINO_MAX_QUERY_LENGTH")));
  return {
    trino: {
      url: configuredUrl ?? `http://127.0.0.1:${requireSetting(s, "LAKEFORM_TRINO_PORT")}`,
      maxQueryLength: Number.isFinite(maxQueryLength) && maxQueryLength > 0 ? maxQueryLength : 1_000_000,
      user: env.LAKEFORM_TRINO_USER ?? section.trino?.user ?? defaultUser(env),
      password: env.LAKEFORM_TRINO_PASSWORD ?? section.trino?.password,
      catalog: env.LAKEFORM_TRINO_CATALOG ?? section.trino?.catalog ?? "iceberg",
      schema: env.LAKEFORM_TRINO_SCHEMA ?? section.trino?.schema,
      source: "lakeform",
    },
    kafka: { brokers, clientId: "lakeform" },
    s3: {
      endpoint: env.LAKEFORM_S3_ENDPOINT ?? `http://127.0.0.1:${requireSetting(s, "LAKEFORM_S3_PORT")}`,
      bucket: requireSetting(s, "LAKEFORM_S3_BUCKET"),
      accessKey: requireSetting(s, "LAKEFORM_S3_ACCESS_KEY"),
      secretKey: requireSetting(s, "LAKEFORM_S3_SECRET_KEY"),
    },
  };
}
