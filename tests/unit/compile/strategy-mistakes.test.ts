import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import type { IncrementalAction } from "../../../src/compile/graph.js";
import { normalizeStrategy, parsePartitionField } from "../../../src/compile/strategy-config.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { renderAction } from "../../../src/plan/render.js";

const result = compileProject("tests/fixtures/strategy-mistakes", { quoting: trinoQuoting });
const lines = result.diagnostics.map(formatDiagnostic);
const dialect = createTrinoDialect(loadMaterializations());

describe("incremental strategy and snapshot mistakes", () => {
  it("are reported at the config key with a fix", () => {
    expect(lines).toEqual([
      'definitions/bad_strategy.sqlx:4:3: error invalid-config: "incrementalStrategy": Invalid option: expected one of "merge"|"append"|"delete+insert"|"insert_overwrite"|"MERGE"|"APPEND"|"DELETE+INSERT"|"INSERT_OVERWRITE"|"INCREMENTAL_STRATEGY_MERGE"|"INCREMENTAL_STRATEGY_INSERT_OVERWRITE"|"INCREMENTAL_STRATEGY_UNSPECIFIED"',
      'definitions/merge_no_key.sqlx:3:3: error invalid-strategy: incrementalStrategy "MERGE" needs a uniqueKey — set uniqueKey: ["…"], or use incrementalStrategy: "append"',
      'definitions/overwrite_bucket.sqlx:3:3: error invalid-strategy: incrementalStrategy "insert_overwrite" cannot recompute the partition "bucket(id, 8)" of a new row — insert_overwrite supports identity, year(), month(), day() and hour() partitioning; use delete+insert for bucket() or truncate()',
      'definitions/overwrite_unpartitioned.sqlx:3:3: error invalid-strategy: incrementalStrategy "insert_overwrite" replaces whole partitions, but the table is not partitioned — set iceberg: { partitioning: ["day(ts)"] }',
      'definitions/snapshot_no_key.sqlx:2:3: error invalid-snapshot: a snapshot needs a uniqueKey (the business key whose versions it keeps) — set uniqueKey: ["id"]',
      'definitions/snapshot_no_updated_at.sqlx:4:3: error invalid-snapshot: strategy "timestamp" needs updatedAt (the column that grows when a row changes) — set updatedAt: "updated_at", or use strategy: "check"',
      'definitions/snapshot_own_column.sqlx:4:3: error invalid-snapshot: the query may not have a column "is_current": the snapshot adds it — rename the column in the query',
      'definitions/snapshot_unknown_check.sqlx:4:3: error unknown-snapshot-column: checkColumns names "renda_mensal", which is not one of the documented columns — columns: id, uf, renda',
    ]);
  });

  it("a snapshot is a protected incremental table with its SCD2 settings", () => {
    const a = result.graph.actions.find((x) => x.key === "lake.silver.snapshot_ok") as IncrementalAction;
    expect(a.kind).toBe("incremental");
    expect(a.protected).toBe(true);
    expect(a.uniqueKey).toEqual(["id"]);
    expect(a.snapshot).toMatchObject({ strategy: "check", checkColumns: ["uf"], invalidateHardDeletes: true, columnsLocation: { file: "definitions/snapshot_ok.sqlx", line: 5, column: 3 } });
  });

  it("a checked column the table does not have is reported at checkColumns when the plan knows the columns", () => {
    const a = result.graph.actions.find((x) => x.key === "lake.silver.snapshot_ok") as IncrementalAction;
    const columns = ["id", "renda", "snapshot_id", "valid_from", "valid_to", "is_current"].map((name) => ({ name, type: "varchar" }));
    const r = renderAction(dialect, a, { exists: true, kind: "table", columns });
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "definitions/snapshot_ok.sqlx:5:3: error unknown-snapshot-column: lake.silver.snapshot_ok: the snapshot names column(s) its table does not have: uf — columns: id, renda",
    ]);
  });

  it("accepts Dataform's and dbt's spellings of a strategy", () => {
    expect(["INSERT_OVERWRITE", "INCREMENTAL_STRATEGY_INSERT_OVERWRITE", "MERGE", "INCREMENTAL_STRATEGY_MERGE", "delete+insert", "append", "INCREMENTAL_STRATEGY_UNSPECIFIED"].map(normalizeStrategy)).toEqual([
      "insert_overwrite",
      "insert_overwrite",
      "merge",
      "merge",
      "delete+insert",
      "append",
      undefined,
    ]);
  });

  it("a Dataform project's incrementalStrategy compiles to the same strategy (tests/fixtures/dataform-compat/incremental-strategies)", () => {
    const compat = compileProject("tests/fixtures/dataform-compat/incremental-strategies", { quoting: trinoQuoting });
    expect(compat.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const get = (name: string) => compat.graph.actions.find((a) => a.target.name === name) as IncrementalAction;
    expect([get("daily_events").incrementalStrategy, get("daily_events").iceberg.partitioning]).toEqual(["insert_overwrite", ["day(event_ts)"]]);
    expect(get("customers_latest").incrementalStrategy).toBe("merge");
    expect(get("customers_unspecified").incrementalStrategy).toBeUndefined();
  });

  it("knows which partition transforms a row's partition can be recomputed from", () => {
    expect(["day(ts)", "MONTH( ts )", "region", '"Odd Col"', "bucket(id, 16)", "truncate(name, 3)"].map(parsePartitionField)).toEqual([
      { transform: "day", column: "ts" },
      { transform: "month", column: "ts" },
      { transform: "identity", column: "region" },
      { transform: "identity", column: "Odd Col" },
      { unsupported: "bucket(id, 16)" },
      { unsupported: "truncate(name, 3)" },
    ]);
  });
});
