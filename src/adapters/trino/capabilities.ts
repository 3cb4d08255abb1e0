/**
 * What Trino 476 + the Iceberg connector (JDBC catalog) can do, each with the reason, so the
 * planner chooses statements by capability instead of by engine name.
 */

import type { CatalogCapabilities } from "../../plan/dialect.js";

export const trinoCapabilities = {
  /** One atomic Iceberg commit that keeps the table's snapshot history; never rename-swap. */
  createOrReplaceTable: true,
  /** `CREATE OR REPLACE VIEW` is supported by the JDBC catalog since Trino 453. */
  createOrReplaceView: true,
  /** The JDBC catalog does not support materialized views. */
  materializedViews: false,
  /** MERGE with explicit column lists; Trino has no `UPDATE SET *`. */
  merge: true,
  /** No multi-statement transactions on Iceberg: each write statement is its own commit. */
  multiStatementTransactions: false,
  /** `ALTER TABLE … ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`. */
  alterColumnsIfExists: true,
  /** Iceberg allows widening column types with `ALTER COLUMN … SET DATA TYPE`. */
  setColumnType: true,
  /** `ALTER TABLE … EXECUTE optimize | expire_snapshots | remove_orphan_files`. */
  tableProcedures: true,
  /**
   * `GRANT … ON TABLE`: Trino 476's Iceberg connector (JDBC catalog) answers "This connector does
   * not support grants on tables" (tried on the stack, to a ROLE and to a USER); access is governed
   * by Trino's system access control instead. The plan refuses `grants` with this reason.
   */
  grantsOnTables: false,
  /** Trino's `query.max-length` default; longer statements are rejected before planning. */
  maxStatementLength: 1_000_000,
  /** Trino rejects a trailing `;` in a statement sent over the client protocol. */
  trailingSemicolon: false,
} as const;

export type TrinoCapabilities = typeof trinoCapabilities;

/**
 * What each kind of Trino catalog can do, by connector name (`system.metadata.catalogs.connector_name`,
 * read with the plan's introspection), so the planner renders per target catalog. Checked on the
 * local stack's Trino 476 (PostgreSQL connector: see infra/ — 449 build behind an SPI adapter).
 */
export const catalogCapabilities = {
  iceberg: {
    connector: "iceberg",
    /** Models may write here: every statement shape Lakeform renders was written for Iceberg. */
    writable: true,
    /** One atomic Iceberg commit that keeps history (see `trinoCapabilities.createOrReplaceTable`). */
    createOrReplaceTable: true,
    /** The JDBC catalog stores Trino views since 453. */
    views: true,
    merge: true,
    /** `"t$snapshots"`: the run log records the snapshot each write produced. */
    snapshots: true,
    /** `WITH (partitioning = …, sorted_by = …, format = …, location = …)`. */
    tableProperties: true,
    /** `CREATE SCHEMA … WITH (location = 's3://…')`. */
    schemaLocation: true,
    /** Iceberg stores every Trino type Lakeform renders. */
    columnTypes: "any",
  },
  postgresql: {
    connector: "postgresql",
    writable: true,
    /** Refused: "This connector does not support replacing tables" — a full rebuild goes to a staging table, then two renames. */
    createOrReplaceTable: false,
    /** Refused: "This connector does not support creating views". */
    views: false,
    /** Refused: "This connector does not support modifying table rows" (MERGE); INSERT and DELETE work. */
    merge: false,
    /** No metadata tables: `"t$snapshots"` is TABLE_NOT_FOUND. */
    snapshots: false,
    /** No table properties for partitioning/format; PostgreSQL decides storage. */
    tableProperties: false,
    /** Refused: "Catalog 'serving' schema property 'location' does not exist". */
    schemaLocation: false,
    /**
     * Trino → PostgreSQL write mapping (Trino docs, "Trino type to PostgreSQL type mapping"): ROW,
     * MAP, TIME WITH TIME ZONE and (with the default `postgresql.array-mapping=DISABLED`) ARRAY are
     * "Unsupported column type"; timestamps above precision 6 are rounded to 6 silently.
     */
    columnTypes: "postgresql",
  },
} as const satisfies Record<string, CatalogCapabilities>;

/**
 * Any other connector (memory, tpch, hive, mysql, …): readable through declarations, never
 * written by models — Lakeform has not checked which of its statements they accept.
 */
export const readOnlyCatalog: CatalogCapabilities = {
  connector: "other",
  writable: false,
  createOrReplaceTable: false,
  views: false,
  merge: false,
  snapshots: false,
  tableProperties: false,
  schemaLocation: false,
  columnTypes: "any",
};

/** By connector name; `undefined` (state not read, e.g. plans built offline) keeps the Iceberg rendering. */
export function capabilitiesOf(connector: string | undefined): CatalogCapabilities {
  if (connector === undefined) return catalogCapabilities.iceberg;
  const known = (catalogCapabilities as Record<string, CatalogCapabilities>)[connector];
  return known ?? { ...readOnlyCatalog, connector };
}
