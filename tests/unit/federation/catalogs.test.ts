import { describe, expect, it } from "vitest";
import { capabilitiesOf, catalogCapabilities } from "../../../src/adapters/trino/capabilities.js";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { catalogsOf } from "../../../src/plan/catalogs.js";
import { EMPTY_STATE, type WarehouseState } from "../../../src/plan/introspection.js";
import { buildPlan } from "../../../src/plan/plan.js";

const d = createTrinoDialect(loadMaterializations());
const result = compileProject("tests/fixtures/catalog-mistakes", { quoting: trinoQuoting });
// As `system.metadata.catalogs` answers on the local stack: no `crm` catalog.
const catalogs = new Map([["lake", "iceberg"], ["operacional", "postgresql"], ["serving", "postgresql"], ["memory", "memory"]]);
const state: WarehouseState = { ...EMPTY_STATE, catalogs };

describe("targets outside Iceberg", () => {
  it("the introspection asks Trino for the kind of every catalog the graph names", () => {
    expect(catalogsOf(result.graph)).toEqual(["crm", "lake", "memory", "operacional", "serving"]);
    expect(d.catalogKinds(catalogsOf(result.graph))).toBe("SELECT catalog_name, connector_name FROM system.metadata.catalogs WHERE catalog_name IN ('crm', 'lake', 'memory', 'operacional', 'serving') ORDER BY 1");
  });

  it("reports each model its catalog cannot hold, and a declaration of a catalog Trino lacks, with a fix", () => {
    expect(result.diagnostics).toEqual([]);
    const lines = buildPlan(d, result.graph, state).diagnostics.map(formatDiagnostic).sort();
    expect(lines).toEqual([
      'definitions/in_memory.sqlx:1:1: error catalog-cannot-write: memory.scratch.in_memory: Lakeform does not build models in catalog "memory" (memory connector) — declare the table there and read it with ref(); build models in an Iceberg or PostgreSQL catalog',
      'definitions/served_incremental.sqlx:1:1: error catalog-cannot-write: serving.api.served_incremental: catalog "serving" (postgresql connector) has no MERGE or CREATE OR REPLACE, which incremental models need — keep the incremental in Iceberg and serve it with a type: "table" model here',
      'definitions/served_partitioned.sqlx:1:1: error catalog-cannot-write: serving.api.served_partitioned: catalog "serving" (postgresql connector) has no table properties, but the model sets iceberg: { … } — remove the iceberg block (partitioning, format, … apply to Iceberg tables only)',
      'definitions/served_view.sqlx:1:1: error catalog-cannot-write: serving.api.served_view: catalog "serving" (postgresql connector) cannot create views — use type: "table" (rebuilt, then swapped in) or put the view in an Iceberg catalog',
      'definitions/served_with_a_name_far_too_long_for_postgresql_staging.sqlx:1:1: error catalog-cannot-write: serving.api.served_with_a_name_far_too_long_for_postgresql_staging: the name is too long for its staging table served_with_a_name_far_too_long_for_postgresql_staging__lakeform_new (PostgreSQL keeps 63 bytes) — use a name of at most 49 bytes',
      'definitions/sources.js:2:1: error unknown-catalog: crm.public.clientes: Trino has no catalog "crm" — catalogs: lake, memory, operacional, serving — add etc/catalog/crm.properties to Trino, or fix `database`',
    ]);
  });

  it("a served table is staged and swapped; its schema has no location; no snapshot read follows", () => {
    const plan = buildPlan(d, result.graph, state, { actions: ["serving.api.served_ok"] });
    expect(plan.schemas.map((s) => s.sql)).toEqual(['CREATE SCHEMA IF NOT EXISTS "serving"."api"']);
    const task = plan.tasks[0];
    expect(task?.statements.map((s) => s.role)).toEqual(["drop-relation", "create", "drop-relation", "swap", "drop-relation"]);
    expect(task?.statements[1]?.sql).toMatch(/^CREATE TABLE "serving"."api"."served_ok__lakeform_new" AS\nSELECT \* FROM "operacional"."public"."pedidos"$/);
  });

  it("without catalog kinds (plans built offline) every target keeps the Iceberg rendering", () => {
    expect(capabilitiesOf(undefined)).toBe(catalogCapabilities.iceberg);
    const plan = buildPlan(d, result.graph, EMPTY_STATE, { actions: ["serving.api.served_ok"] });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks[0]?.statements.map((s) => s.role)).toEqual(["create", "snapshot-id"]);
  });

  it("maps the types PostgreSQL lacks: finer timestamps cast to microseconds, ROW/MAP/ARRAY/TIME WITH TIME ZONE refused with a fix", () => {
    const pg = catalogCapabilities.postgresql;
    const col = (type: string) => d.storableColumn(pg, { name: "c", type });
    expect(col("timestamp(9) with time zone")).toMatchObject({ ok: true, cast: "timestamp(6) with time zone" });
    expect(col("timestamp(12)")).toMatchObject({ ok: true, cast: "timestamp(6)" });
    expect(col("timestamp(6) with time zone")).toEqual({ ok: true, name: "c", type: "timestamp(6) with time zone" });
    for (const t of ["decimal(38,2)", "varchar", "varchar(10)", "bigint", "date", "json", "uuid", "varbinary", "time(3)", "real", "tinyint"]) expect(col(t).ok, t).toBe(true);
    for (const t of ["row(a integer)", "map(varchar, integer)", "array(bigint)", "time(3) with time zone", "interval day to second", "ipaddress"]) expect(col(t).ok, t).toBe(false);
    expect(col("map(varchar, integer)")).toMatchObject({ fix: 'store it as JSON: CAST("c" AS JSON) AS "c"' });
    expect(d.storableColumn(catalogCapabilities.iceberg, { name: "c", type: "row(a integer)" }).ok).toBe(true);
  });
});
