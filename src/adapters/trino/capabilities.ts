/**
 * What Trino 476 + the Iceberg connector (JDBC catalog) can do, each with the reason, so the
 * planner chooses statements by capability instead of by engine name.
 */

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
  /** Trino's `query.max-length` default; longer statements are rejected before planning. */
  maxStatementLength: 1_000_000,
  /** Trino rejects a trailing `;` in a statement sent over the client protocol. */
  trailingSemicolon: false,
} as const;

export type TrinoCapabilities = typeof trinoCapabilities;
