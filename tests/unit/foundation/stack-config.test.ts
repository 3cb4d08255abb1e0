import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INFRA_DIR, parseEnvFile, stackEnv } from "../../../src/config/stack-env.js";
import { renderTemplate } from "../../../src/stack/services/kafka.js";

const defaults = parseEnvFile(readFileSync(join(INFRA_DIR, "stack.env"), "utf8"));
/** Variables the native stack (and docker-compose) compute rather than read from stack.env. */
const COMPUTED = new Set(["LAKEFORM_POSTGRES_HOST", "LAKEFORM_S3_ENDPOINT", "LAKEFORM_KAFKA_BIND", "LAKEFORM_KAFKA_ADVERTISED_HOST", "LAKEFORM_KAFKA_LOG_DIRS"]);

describe("stack settings", () => {
  it("environment overrides infra/stack.env", () => {
    expect(stackEnv({ LAKEFORM_TRINO_PORT: "18080" }).LAKEFORM_TRINO_PORT).toBe("18080");
    expect(stackEnv({}).LAKEFORM_TRINO_PORT).toBe(defaults.LAKEFORM_TRINO_PORT);
  });

  it("every ${ENV:…} in the Trino configs is a known setting", () => {
    const dir = join(INFRA_DIR, "trino", "etc");
    const files = [...readdirSync(dir).filter((f) => f.includes(".")).map((f) => join(dir, f)), ...readdirSync(join(dir, "catalog")).map((f) => join(dir, "catalog", f))];
    const used = new Set(files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\$\{ENV:([A-Z0-9_]+)\}/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(5);
    for (const v of used) expect(v in defaults || COMPUTED.has(v), v).toBe(true);
  });

  it("Kafka's server.properties renders with no placeholder left", () => {
    const text = renderTemplate(readFileSync(join(INFRA_DIR, "kafka", "server.properties"), "utf8"), {
      ...defaults,
      LAKEFORM_KAFKA_BIND: "127.0.0.1",
      LAKEFORM_KAFKA_ADVERTISED_HOST: "127.0.0.1",
      LAKEFORM_KAFKA_LOG_DIRS: "/tmp/k",
    });
    expect(text).not.toMatch(/\$\{/);
    expect(text).toContain("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
  });
});
