import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import type { GeneratedDashboard } from "../../../src/dashboards/types.js";
import { planDashboards } from "../../../src/dashboards/plan.js";
import { agro } from "../lineage/helpers.js";

export const SCHEMA_DIR = join(import.meta.dirname, "..", "..", "schemas");

let validator: ValidateFunction | undefined;
/** Grafana's dashboard model (schemaVersion 42) as vendored JSON Schema (draft-07). */
export function grafanaSchema(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, "grafana", "dashboard-schema-v42.json"), "utf8")) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

export function agroDashboards(): GeneratedDashboard[] {
  const p = agro();
  return planDashboards(p.compiled.graph, { streams: p.streams });
}

/** As Grafana reads it: the JSON text, not the builder objects. */
export function asJson(d: GeneratedDashboard): Record<string, unknown> {
  return JSON.parse(JSON.stringify(d.dashboard)) as Record<string, unknown>;
}
