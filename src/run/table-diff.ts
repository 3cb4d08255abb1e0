/**
 * `lakeform diff`: compares two versions of a model's table — two environments, or the table and
 * one of its Iceberg snapshots — like SQLMesh's table_diff: schema changes, row counts, rows only
 * in A / only in B / changed per key, per-column change counts and a sample. Computed in Trino:
 * a column probe per side (no data read), one summary query over a FULL OUTER JOIN on the key, one
 * sample query. Without a key, rows only in A / only in B as multisets (EXCEPT ALL).
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import { diffColumns, diffRowsWithoutKey, diffSample, diffSummary, type DiffSide } from "../adapters/trino/support-sql.js";
import { LakeformError } from "../common/errors.js";

export interface ColumnChange {
  readonly name: string;
  readonly a: string;
  readonly b: string;
}

export interface TableDiff {
  readonly a: { readonly table: string; readonly snapshot?: string | undefined; readonly rows: number };
  readonly b: { readonly table: string; readonly snapshot?: string | undefined; readonly rows: number };
  readonly schema: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly retyped: readonly ColumnChange[] };
  readonly key: readonly string[];
  readonly onlyInA: number;
  readonly onlyInB: number;
  /** Matched on the key with at least one compared column different (null without a key). */
  readonly changed: number | null;
  /** Compared column → rows in which it differs. */
  readonly columns: Readonly<Record<string, number>>;
  /** Rows that differ: `a__col` / `b__col` per column; `_lf_a`/`_lf_b` say which side has the row. */
  readonly sample: readonly Record<string, unknown>[];
  readonly queries: readonly string[];
}

const name = (s: DiffSide) => `${s.target.database}.${s.target.schema}.${s.target.name}${s.snapshot ? `@${s.snapshot}` : ""}`;

export async function tableDiff(client: TrinoClient, a: DiffSide, b: DiffSide, key: readonly string[], sampleSize: number, signal?: AbortSignal): Promise<TableDiff> {
  const queries: string[] = [];
  const run = (sql: string) => {
    queries.push(sql);
    return client.query(sql, { signal });
  };
  const [ca, cb] = await Promise.all([run(diffColumns(a)), run(diffColumns(b))]);
  const typesA = new Map(ca.columns.map((c) => [c.name, c.type]));
  const typesB = new Map(cb.columns.map((c) => [c.name, c.type]));
  const common = ca.columns.map((c) => c.name).filter((c) => typesB.has(c));
  const missing = key.filter((k) => !typesA.has(k) || !typesB.has(k));
  if (missing.length) throw new LakeformError("usage", `diff: key column(s) ${missing.join(", ")} not in both ${name(a)} and ${name(b)}`, { hint: `columns of both: ${common.join(", ")}` });
  const schema = {
    added: cb.columns.map((c) => c.name).filter((c) => !typesA.has(c)),
    removed: ca.columns.map((c) => c.name).filter((c) => !typesB.has(c)),
    retyped: common.filter((c) => typesA.get(c) !== typesB.get(c)).map((c) => ({ name: c, a: typesA.get(c)!, b: typesB.get(c)! })),
  };
  const compare = common.filter((c) => !key.includes(c));
  if (!key.length) {
    const r = (await run(diffRowsWithoutKey(a, b, common))).rows[0] ?? [];
    return { a: { table: name(a), snapshot: a.snapshot, rows: Number(r[0]) }, b: { table: name(b), snapshot: b.snapshot, rows: Number(r[1]) }, schema, key, onlyInA: Number(r[2]), onlyInB: Number(r[3]), changed: null, columns: {}, sample: [], queries };
  }
  const [summary, sample] = await Promise.all([run(diffSummary(a, b, key, compare)), run(diffSample(a, b, key, compare, sampleSize))]);
  const s = summary.rows[0] ?? [];
  const columns = Object.fromEntries(compare.map((c, i) => [c, Number(s[5 + i])]));
  return {
    a: { table: name(a), snapshot: a.snapshot, rows: Number(s[0]) },
    b: { table: name(b), snapshot: b.snapshot, rows: Number(s[1]) },
    schema,
    key,
    onlyInA: Number(s[2]),
    onlyInB: Number(s[3]),
    changed: Number(s[4]),
    columns,
    sample: sample.rows.map((row) => Object.fromEntries(sample.columns.map((c, i) => [c.name, row[i] ?? null]))),
    queries,
  };
}
