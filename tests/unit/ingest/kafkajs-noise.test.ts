import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kafkajsLogRouter } from "../../../src/adapters/kafka/kafkajs-noise.js";

const ROOT = join(import.meta.dirname, "../../..");

describe("kafkajs noise (issue 10 item 7)", () => {
  it("kafkajs lines go to debug; a broker connection failure is one warn per 10 s", () => {
    const got: [string, string][] = [];
    let t = 0;
    const route = kafkajsLogRouter((level, message) => got.push([level, message]), () => t);
    route("error", "[Connection] Response GroupCoordinator(key: 10, version: 2)", { broker: "b:9092", error: "The group coordinator is not available" });
    route("error", "Connection error: connect ECONNREFUSED 127.0.0.1:9092", { broker: "127.0.0.1:9092" });
    t = 5_000;
    route("error", "Connection error: connect ECONNREFUSED 127.0.0.1:9092", { broker: "127.0.0.1:9092" });
    t = 11_000;
    route("error", "Connection error: connect ECONNREFUSED 127.0.0.1:9092", { broker: "127.0.0.1:9092" });
    route("info", "Starting", {});
    expect(got.map(([l]) => l)).toEqual(["debug", "warn", "debug", "warn", "debug"]);
    expect(got[1]?.[1]).toBe("Connection error: connect ECONNREFUSED 127.0.0.1:9092 (broker 127.0.0.1:9092); the Kafka client retries");
  });

  // Child processes: the suppression patches process.emitWarning for the whole process, and Node
  // warns about a negative timeout only once per process (the module has type-only imports, so
  // Node runs the .ts file directly).
  const run = (from: "kafkajs" | "elsewhere") => {
    const script = `
      import { suppressKafkajsTimeoutWarning } from "./src/adapters/kafka/kafkajs-noise.ts";
      import { createRequire } from "node:module";
      import { runInThisContext } from "node:vm";
      suppressKafkajsTimeoutWarning(); // what createKafkaClient does first
      // the same call kafkajs's request queue makes, attributed to a file inside node_modules/kafkajs or not
      const dir = createRequire(import.meta.url).resolve("kafkajs").replace(/index\\.js$/, "");
      const file = ${JSON.stringify(from)} === "kafkajs" ? dir + "src/network/requestQueue/index.js" : "/app/ours.js";
      runInThisContext("setTimeout(() => {}, -5)", { filename: file });
      process.emitWarning("something else", "OtherWarning");
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr;
  };

  it("drops Node's TimeoutNegativeWarning when kafkajs scheduled the timer, and nothing else", () => {
    const fromKafkajs = run("kafkajs");
    expect(fromKafkajs).not.toContain("TimeoutNegativeWarning");
    expect(fromKafkajs).toContain("OtherWarning: something else");
    expect(run("elsewhere")).toContain("TimeoutNegativeWarning: -5 is a negative number");
  });
});
