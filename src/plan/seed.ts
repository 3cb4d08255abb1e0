/**
 * Renders a seed (`seeds/<name>.csv`) as statements: nothing when the table already holds this
 * content (its hash is kept with the table), else the rows in batches small enough for the
 * engine's statement limit. The first batch replaces the table in one commit; later batches
 * append; the hash is written last, so a run that stops halfway leaves no hash and the next run
 * rebuilds the seed instead of trusting a partial table.
 *
 * Where the hash lives: Trino 476 refuses custom Iceberg table properties
 * (`extra_properties` → "Illegal keys in extra_properties" unless the catalog lists them in
 * `iceberg.allowed-extra-properties`), so it goes in the table's `comment` property, on a last
 * line of its own after the seed's description. `COMMENT ON TABLE` is a metadata-only commit:
 * it adds no snapshot.
 */

import type { Diagnostic } from "../common/errors.js";
import type { SeedAction } from "../compile/graph.js";
import type { Dialect } from "./dialect.js";
import type { RenderedAction, RenderedStatement, TargetState } from "./render-types.js";

const MARKER = "lakeform-seed-sha256: ";
const HASH_LINE = /(?:^|\n)lakeform-seed-sha256: ([0-9a-f]{64})$/;

/** The table comment of a built seed: its description, then the hash line. */
export function seedComment(description: string | undefined, hash: string): string {
  return `${description ? `${description}\n` : ""}${MARKER}${hash}`;
}

/** The hash a seed table's comment records, if any (a partial build has none). */
export function storedSeedHash(comment: string | null | undefined): string | undefined {
  return comment ? HASH_LINE.exec(comment)?.[1] : undefined;
}

/** Room left in a statement for the CREATE/INSERT around the rows (target, properties, comment). */
const WRAPPER_ALLOWANCE = 20_000;

/** An upper bound of a row's length in a VALUES list: every quote doubled, quotes and separators. */
function rowLength(row: readonly (string | null)[]): number {
  let n = 4;
  for (const v of row) n += v === null ? 6 : v.length * 2 + 4;
  return n;
}

export function seedBatches(d: Dialect, a: SeedAction): (readonly (readonly (string | null)[])[])[] {
  const budget = d.maxStatementLength - WRAPPER_ALLOWANCE - d.seedRows(a.seedColumns, []).length - (a.description?.length ?? 0) * 2;
  const batches: (readonly (string | null)[])[][] = [];
  let current: (readonly (string | null)[])[] = [];
  let size = 0;
  for (const row of a.rows) {
    const n = rowLength(row);
    if (current.length && size + n > budget) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += n;
  }
  batches.push(current); // an empty seed is one empty batch: the table exists, with no rows
  return batches;
}

export interface SeedRenderOptions {
  readonly fullRefresh?: boolean;
  /** The hash recorded with the existing table (undefined: none, or no table). */
  readonly storedHash?: string;
}

export function renderSeed(d: Dialect, a: SeedAction, state: TargetState, o: SeedRenderOptions): RenderedAction {
  const done = (mode: RenderedAction["mode"], statements: RenderedStatement[], diagnostics: Diagnostic[] = []): RenderedAction => ({ key: a.key, mode, statements, diagnostics });
  const isTable = state.exists && state.kind !== "view";
  if (isTable && !o.fullRefresh && o.storedHash === a.hash) return done("seed-unchanged", []);
  const statements: RenderedStatement[] = [];
  if (state.exists && state.kind === "view") statements.push({ role: "drop-relation", sql: d.dropRelation(a.target, "VIEW") });
  const batches = seedBatches(d, a);
  const names = a.seedColumns.map((c) => c.name);
  const finalComment = seedComment(a.description, a.hash);
  batches.forEach((rows, i) => {
    const query = d.seedRows(a.seedColumns, rows);
    if (i === 0) statements.push({ role: "create", sql: d.createTableAs(a.target, query, a.iceberg, batches.length === 1 ? finalComment : a.description) });
    else statements.push({ role: "insert", sql: d.insert(a.target, query, names) });
  });
  if (batches.length > 1) statements.push({ role: "comment", sql: d.commentOnTable(a.target, finalComment) });
  const diagnostics: Diagnostic[] = statements
    .filter((s) => s.sql.length > d.maxStatementLength)
    .map(() => ({
      severity: "error" as const,
      code: "seed-row-too-long" as const,
      message: `${a.key}: one row of ${a.file} is longer than the engine's statement limit (${d.maxStatementLength} characters)`,
      location: a.location,
      hint: "keep large text out of seeds",
    }));
  return done("seed", statements, diagnostics);
}
