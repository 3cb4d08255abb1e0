import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const DIR = join(import.meta.dirname, "..", "..", "schemas", "openlineage");
const CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

let ajv: Ajv2020 | undefined;
const facetIds = new Map<string, string>();

function load(): Ajv2020 {
  if (ajv) return ajv;
  const a = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (x: Ajv2020) => void)(a);
  a.addSchema(JSON.parse(readFileSync(join(DIR, "OpenLineage.json"), "utf8")) as object);
  for (const f of readdirSync(join(DIR, "facets"))) {
    const schema = JSON.parse(readFileSync(join(DIR, "facets", f), "utf8")) as { $id: string; properties: Record<string, unknown> };
    a.addSchema(schema);
    for (const key of Object.keys(schema.properties)) facetIds.set(key, schema.$id);
  }
  ajv = a;
  return a;
}

function validator(ref: string): ValidateFunction {
  const v = load().getSchema(ref);
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
}

/** Problems with an event: the core schema, then every facet against its own facet schema. */
export function openLineageProblems(event: unknown, kind: "RunEvent" | "JobEvent"): string[] {
  const problems: string[] = [];
  const core = validator(`${CORE}#/$defs/${kind}`);
  if (!core(event)) problems.push(...(core.errors ?? []).map((e) => `${kind}${e.instancePath} ${e.message}`));
  const check = (facets: unknown, where: string) => {
    if (!facets || typeof facets !== "object") return;
    for (const [name, body] of Object.entries(facets)) {
      const id = facetIds.get(name);
      if (!id) {
        problems.push(`${where}.${name}: no vendored schema`);
        continue;
      }
      const v = validator(id);
      if (!v({ [name]: body })) problems.push(...(v.errors ?? []).map((e) => `${where}.${name}${e.instancePath} ${e.message}`));
    }
  };
  const e = event as { run?: { facets?: unknown }; job?: { facets?: unknown }; inputs?: { facets?: unknown }[]; outputs?: { facets?: unknown; outputFacets?: unknown }[] };
  check(e.run?.facets, "run");
  check(e.job?.facets, "job");
  e.inputs?.forEach((d, i) => check(d.facets, `inputs[${i}]`));
  e.outputs?.forEach((d, i) => {
    check(d.facets, `outputs[${i}]`);
    check(d.outputFacets, `outputs[${i}].outputFacets`);
  });
  return problems;
}
